// `ssotray config populate|remove`: AWS CLI profiles for every account/role pair, a thin layer
// over core/profiles so the app's settings screen does exactly the same.
import { NO_SESSION } from "../resolve.js";
import type { Command } from "commander";
import { validateRegion } from "../../shared/regions.js";
import { readConfig } from "../../core/aws-files/config-store.js";
import {
  MARKER_KEY,
  populateProfiles,
  removeProfiles,
  type ProfilesResult,
} from "../../core/profiles/populate.js";
import { DEFAULT_TEMPLATE } from "../../core/profiles/profile-names.js";
import { checkCommand } from "../../core/profiles/command-check.js";
import { removeCredentialsProfiles } from "../../core/aws-files/credentials-profiles.js";
import { displayPath, type Locations } from "../../core/locations.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { SessionPairs } from "../session-pairs.js";
import type { Io } from "../terminal-io.js";

export interface ConfigCommandDeps {
  locations: Locations;
  /** The names of the configured sessions. */
  sessionNames(): Promise<string[]>;
  /** The absolute command credential_process lines call: this ssotray. */
  selfCommand(): string[];
  loadPairs(session?: string): Promise<SessionPairs[]>;
  loadAliases(): Promise<Record<string, string>>;
  out: Io;
  /** A warning line, as every command shows one. */
  warn(message: string): void;
}

function report(io: Io, locations: Locations, result: ProfilesResult, dryRun: boolean): void {
  if (dryRun) {
    io.stdout(result.diff || "No change.\n");
  }
  const would = dryRun ? " would be" : "";
  const parts = [
    result.added.length && `${result.added.length}${would} added`,
    result.updated.length && `${result.updated.length}${would} updated`,
    result.removed.length && `${result.removed.length}${would} removed`,
  ].filter(Boolean);
  // "Up to date" only when nothing was skipped either: skipped profiles are not up to date.
  const none = result.skipped.length
    ? `nothing${would ? " would be" : ""} changed`
    : "already up to date";
  io.stderr(
    `${displayPath(result.configPath, locations)}: ${parts.length ? parts.join(", ") : none}${dryRun ? " (dry run: nothing written)" : ""}\n`,
  );
  reportSkipped(io, result.skipped, dryRun);
}

/** The template that keeps two sessions' profiles apart when their accounts share names. */
export const PER_SESSION_TEMPLATE = "{session}-{account_name}-{role_name}";

/**
 * Skipped profiles, a few lines whatever their number: a second session whose accounts share
 * names with the first's clashes on every pair, and 150 lines of the same reason hide the fix.
 */
function reportSkipped(io: Io, skipped: ProfilesResult["skipped"], dryRun: boolean): void {
  const would = dryRun ? " would be" : "";
  const groups = new Map<string, string[]>();
  for (const skip of skipped) {
    const owner = /^generated for session '(.*)'$/.exec(skip.reason)?.[1];
    const key = owner === undefined ? skip.reason : `owner:${owner}`;
    groups.set(key, [...(groups.get(key) ?? []), skip.name]);
  }
  for (const [key, names] of groups) {
    const shown = names
      .slice(0, 3)
      .map((n) => `[profile ${n}]`)
      .join(", ");
    const more = names.length > 3 ? ` and ${names.length - 3} more` : "";
    if (key.startsWith("owner:")) {
      io.stderr(
        `${names.length} profile${names.length === 1 ? "" : "s"}${would} skipped (${shown}${more}): the names are taken by profiles generated for session '${key.slice(6)}'.\n` +
          `To keep both sessions' profiles, name them apart: ssotray config populate --profile-name '${PER_SESSION_TEMPLATE}'\n`,
      );
    } else if (names.length === 1) {
      io.stderr(`skipped ${shown}: ${key}\n`);
    } else {
      io.stderr(`skipped ${shown}${more}: ${key}\n`);
    }
  }
}

export function registerConfigCommands(program: Command, deps: ConfigCommandDeps): void {
  const config = program
    .command("config")
    .description("Write AWS CLI profiles for your accounts and roles to ~/.aws/config");

  config
    .command("populate")
    .description(
      "Add or update one [profile] per account/role pair, and a credential_process one per entitled role (generated profiles only; yours are never touched)",
    )
    .option("--session <name>", "only this session (default: every session)")
    .option("--dry-run", "print the change as a diff and write nothing")
    .option("--region <region>", "the profiles' region (default: the session's region)")
    .option(
      "--profile-name <template>",
      "placeholders {account_name} {account_id} {role_name} {session} {alias}",
      DEFAULT_TEMPLATE,
    )
    .option(
      "--credential-process",
      "profiles that call this ssotray's credential-process, by absolute path (for tools that do not speak SSO)",
    )
    .action(
      async (options: {
        session?: string;
        dryRun?: boolean;
        region?: string;
        profileName: string;
        credentialProcess?: boolean;
      }) => {
        if (options.region !== undefined) {
          const region = validateRegion(options.region, "aws");
          if (!region.ok) throw new CliError(region.message, EXIT_USAGE);
        }
        const sessions = await deps.loadPairs(options.session);
        if (sessions.length === 0) throw new CliError(NO_SESSION);
        const aliases = await deps.loadAliases();
        let command: string[] | undefined;
        // Entitled roles have credential_process profiles whatever the mode: no AWS tool reads
        // account access from a profile.
        let entitledSkipped = false;
        if (options.credentialProcess || sessions.some((s) => s.entitled?.length)) {
          command = deps.selfCommand();
          // Once, before any profile names it (a dry run too: it shows what would be written).
          try {
            await checkCommand(command);
          } catch (error) {
            if (options.credentialProcess) throw new CliError((error as Error).message);
            // The SSO profiles need no command: they are written; the entitled ones wait.
            deps.warn(
              `no credential_process profiles for entitled roles: ${(error as Error).message}`,
            );
            command = undefined;
            entitledSkipped = true;
          }
        }
        for (const s of sessions) {
          const populate = (template: string) =>
            populateProfiles(
              deps.locations,
              {
                session: s.session,
                region: options.region ?? s.region,
                pairs: s.pairs,
                template,
                aliases,
                credentialProcess: options.credentialProcess ?? false,
                ...(command ? { credentialProcessCommand: command } : {}),
                ...(s.entitled && !entitledSkipped
                  ? { entitled: s.entitled }
                  : { entitledUnknown: true }),
                ...(s.source === "legacy-profile"
                  ? { legacy: { startUrl: s.startUrl, ssoRegion: s.region } }
                  : {}),
              },
              { dryRun: options.dryRun ?? false },
            );
          const result = await populate(options.profileName);
          report(deps.out, deps.locations, result, options.dryRun ?? false);
          // Names another session's profiles already have: on a terminal, offer the template
          // that keeps both at once rather than leave the user to retype the command.
          const clashes = result.skipped.some((x) => x.reason.startsWith("generated for session"));
          if (
            clashes &&
            options.profileName !== PER_SESSION_TEMPLATE &&
            deps.out.confirm &&
            (await deps.out.confirm(`Use --profile-name '${PER_SESSION_TEMPLATE}' now? [y/N] `))
          ) {
            report(
              deps.out,
              deps.locations,
              await populate(PER_SESSION_TEMPLATE),
              options.dryRun ?? false,
            );
          }
        }
      },
    );

  config
    .command("remove")
    .description("Remove the profiles SSO Tray generated (and nothing else)")
    .option("--session <name>", "only this session's profiles (default: all generated profiles)")
    .option("--dry-run", "print the change as a diff and write nothing")
    .action(async (options: { session?: string; dryRun?: boolean }) => {
      if (options.session !== undefined) await checkRemovable(deps, options.session);
      const result = await removeProfiles(deps.locations, {
        session: options.session,
        dryRun: options.dryRun ?? false,
      });
      report(deps.out, deps.locations, result, options.dryRun ?? false);
      const keys = await removeCredentialsProfiles(deps.locations, {
        session: options.session,
        dryRun: options.dryRun ?? false,
      });
      if (keys.length > 0) {
        deps.out.stderr(
          `${displayPath(deps.locations.awsCredentials, deps.locations)}: ${keys.length}${options.dryRun ? " would be" : ""} removed (${keys.map((k) => `[${k}]`).join(", ")})\n`,
        );
      }
    });
}

/**
 * A session name for `config remove` must name something: a configured session, or profiles
 * generated for one that is gone. Otherwise a typo would say "already up to date".
 */
async function checkRemovable(deps: ConfigCommandDeps, session: string): Promise<void> {
  const names = await deps.sessionNames();
  if (names.includes(session)) return;
  const { sections } = await readConfig(deps.locations);
  if (sections.some((s) => s.kind === "profile" && s.values[MARKER_KEY] === session)) return;
  const keys = await removeCredentialsProfiles(deps.locations, { session, dryRun: true });
  if (keys.length > 0) return;
  throw new CliError(
    `There is no session named '${session}' and no profile generated for one${names.length ? `; sessions: ${names.join(", ")}` : ""}`,
    EXIT_USAGE,
  );
}
