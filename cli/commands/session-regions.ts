// `ssotray session regions <name> [--regions LIST]`: shows or sets the order in which a session
// calls the regions of an instance replicated to several. The first is written as sso_region (the
// one the AWS CLI uses), the rest as ssotray_fallback_regions beside it.
import type { Command } from "commander";
import { readConfig } from "../../core/aws-files/config-store.js";
import { sessionsFromConfig } from "../../core/sessions/session-config.js";
import { regionOrder } from "../../core/sessions/region-failover.js";
import { parseRegionList, setSessionRegions } from "../../core/sessions/region-order.js";
import { SessionConfigError } from "../../core/sessions/session-errors.js";
import { printable } from "../../core/portal/portal-shapes.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { CliContext } from "../context.js";

/** A `--regions` value checked before anything is changed or any sign-in starts. */
export function checkRegionList(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseRegionList(raw);
  if (!parsed.ok) throw new CliError(`--regions: ${parsed.message}`, EXIT_USAGE);
  return parsed.regions;
}

export async function showRegionOrder(ctx: CliContext, name: string): Promise<string[]> {
  const { path, sections } = await readConfig(ctx.locations);
  const config = sessionsFromConfig(sections, path, (m) => ctx.io.stderr(`${m}\n`)).find(
    (c) => c.name === name,
  );
  if (!config) throw new CliError(`There is no session named '${printable(name)}'`, EXIT_USAGE);
  return regionOrder(config);
}

export function registerSessionRegions(session: Command, ctx: CliContext): void {
  session
    .command("regions")
    .description(
      "Show or set the regions a session calls, in order, for an IAM Identity Center instance replicated to additional regions",
    )
    .argument("<name>", "the session")
    .option(
      "--regions <list>",
      "regions in order of preference, e.g. eu-west-1,eu-central-1 (the first becomes sso_region)",
    )
    .action(async (name: string, options: { regions?: string }) => {
      const wanted = checkRegionList(options.regions);
      try {
        if (wanted) await setSessionRegions(ctx.locations, name, wanted);
      } catch (error) {
        if (error instanceof SessionConfigError) throw new CliError(error.message, EXIT_USAGE);
        throw error;
      }
      ctx.io.stdout(`${(await showRegionOrder(ctx, name)).join(",")}\n`);
    });
}
