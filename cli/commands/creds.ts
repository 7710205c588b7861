import type { Command } from "commander";
import { CREDENTIAL_FORMATS, type CredentialFormat } from "../../shared/model.js";
import { validateRegion, type RegionUse } from "../../shared/regions.js";
import { formatCredentials } from "../../core/exports/formats.js";
import { writeCredentialsProfile } from "../../core/aws-files/credentials-profiles.js";
import { displayPath } from "../../core/locations.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { roleTarget, type TargetOptions } from "../role-target.js";
import { withRoleOptions } from "../role-options.js";
import { untilLocal } from "../format-time.js";
import { regionForTarget } from "../role-region.js";
import { LOADING_EXPORTS } from "../loading-exports.js";

/**
 * A `--region` as typed, checked as every region is (shared/regions.ts): a typo is refused with
 * the closest real region rather than exported for every later AWS call to fail on.
 */
export function checkRegion(
  region: string | undefined,
  use: RegionUse = "aws",
): string | undefined {
  if (region === undefined) return undefined;
  const checked = validateRegion(region, use);
  if (!checked.ok) throw new CliError(checked.message, EXIT_USAGE);
  return checked.region;
}

export function registerCreds(program: Command, ctx: CliContext): void {
  withRoleOptions(
    program
      .command("creds")
      .description("Print temporary credentials for an account and role, ready for a shell"),
  )
    .option("--format <format>", `one of ${CREDENTIAL_FORMATS.join(", ")}`, "bash")
    .option(
      "--region <region>",
      "the AWS_REGION and AWS_DEFAULT_REGION to export (default: the profile's, Settings', else the session's region unless your environment or [default] sets one)",
    )
    .option(
      "--credentials-file-profile <name>",
      "write the keys as [name] in ~/.aws/credentials instead of printing them",
    )
    .addHelpText("after", LOADING_EXPORTS)
    .action(
      async (
        options: TargetOptions & {
          format: string;
          region?: string;
          credentialsFileProfile?: string;
        },
      ) => {
        if (!(CREDENTIAL_FORMATS as readonly string[]).includes(options.format)) {
          throw new CliError(
            `Unknown format '${options.format}'; choose one of ${CREDENTIAL_FORMATS.join(", ")}`,
            EXIT_USAGE,
          );
        }
        const typedRegion = checkRegion(options.region);
        const target = await roleTarget(ctx, options);
        const creds = await target.credentials();
        if (options.credentialsFileProfile !== undefined) {
          const ref = target.ref;
          // The app rewrites these sections by account and role name through the portal, which
          // neither lists a chained role nor an entitled one.
          if (!ref)
            throw new CliError(
              target.roleArn !== undefined
                ? "--credentials-file-profile writes permission-set roles only (they are refreshed from the portal); for an entitled role, `ssotray config populate` writes a credential_process profile that stays fresh"
                : "--credentials-file-profile writes permission-set roles only (they are refreshed from the portal); for a chained profile, point your tool at the profile itself",
              EXIT_USAGE,
            );
          const written = await writeCredentialsProfile(
            ctx.locations,
            options.credentialsFileProfile,
            ref,
            creds,
          );
          ctx.io.stderr(
            `Wrote [${options.credentialsFileProfile}] to ${displayPath(written.path, ctx.locations)}; the keys expire at ${untilLocal(creds.expiration, Date.now())}\n`,
          );
          return;
        }
        const region = await regionForTarget(ctx, target, typedRegion, (m) => ctx.warn(m));
        ctx.io.stdout(
          formatCredentials(creds, options.format as CredentialFormat, region ? { region } : {}),
        );
      },
    );
}
