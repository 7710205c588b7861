// `ssotray session list|remove`: the sessions in ~/.aws/config, and taking one away with
// everything SSO Tray and the AWS CLI keep for it.
import { NO_SESSION } from "../resolve.js";
import { releaseSignIn } from "../../core/sessions/held-sign-in.js";
import type { Command } from "commander";
import { readConfig } from "../../core/aws-files/config-store.js";
import { removeCredentialsProfiles } from "../../core/aws-files/credentials-profiles.js";
import { signOutEverywhere } from "../../core/sessions/sign-out-everywhere.js";
import { MARKER_KEY } from "../../core/profiles/populate.js";
import { removeRegistrationFiles } from "../../core/sessions/registration-cache.js";
import {
  describeRemoval,
  hasAnything,
  planSessionRemoval,
  removeSessionSections,
} from "../../core/sessions/session-removal.js";
import { removeToken } from "../../core/sessions/token-cache.js";
import { keychainTokenPath } from "../../core/sessions/token-store.js";
import { accountCacheFile } from "../../core/portal/account-cache.js";
import { rm } from "node:fs/promises";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { table } from "../format-time.js";

export function registerSession(program: Command, ctx: CliContext): void {
  const session = program
    .command("session")
    .description("List the sessions in ~/.aws/config, or remove one with all that is kept for it");

  session
    .command("list")
    .description("Every session: name, region, start URL, state and generated profiles")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const sessions = await ctx.sessions.list();
      const { sections } = await readConfig(ctx.locations);
      const generated = (name: string) =>
        sections.filter((s) => s.kind === "profile" && s.values[MARKER_KEY] === name).length;
      if (options.json) {
        const rows = sessions.map((s) => ({
          name: s.name,
          source: s.source,
          startUrl: s.startUrl,
          region: s.region,
          state: s.state,
          generatedProfiles: generated(s.name),
        }));
        ctx.io.stdout(JSON.stringify(rows, null, 2) + "\n");
        return;
      }
      if (sessions.length === 0) {
        ctx.io.stderr(`${NO_SESSION}\n`);
        return;
      }
      const rows = [["SESSION", "STATE", "PROFILES", "REGION", "START URL"]];
      for (const s of sessions) {
        const name = s.source === "legacy-profile" ? `${s.name} (profile)` : s.name;
        rows.push([name, s.state, String(generated(s.name)), s.region, s.startUrl]);
      }
      ctx.io.stdout(table(rows));
    });

  session
    .command("remove")
    .description(
      "Sign out of a session and remove it: its [sso-session], generated profiles, sign-in, registrations and caches",
    )
    .argument("<name>", "the session")
    .option("-y, --yes", "remove without asking")
    .action(async (name: string, options: { yes?: boolean }) => {
      const plan = await planSessionRemoval(ctx.locations, ctx.cacheDir, name);
      if (plan.config?.source === "legacy-profile") {
        throw new CliError(
          `'${name}' is a profile you wrote in ${plan.configPath} with its own sso_start_url, not an [sso-session]: edit it there (\`ssotray logout --session ${name}\` signs it out)`,
          EXIT_USAGE,
        );
      }
      if (!hasAnything(plan)) {
        const names = (await ctx.sessions.list()).map((s) => s.name);
        throw new CliError(
          `There is no session named '${name}'${names.length ? `; sessions: ${names.join(", ")}` : ""}`,
          EXIT_USAGE,
        );
      }
      ctx.io.stderr(
        `Removing session '${name}' signs it out and removes:\n${describeRemoval(
          plan,
          ctx.locations,
        )
          .map((line) => `  - ${line}\n`)
          .join("")}`,
      );
      if (plan.userProfiles.length > 0) {
        ctx.io.stderr(
          `Profiles you wrote that use it stay, and will not work without it: ${plan.userProfiles.join(", ")}\n`,
        );
      }
      if (!options.yes) {
        if (!ctx.io.confirm)
          throw new CliError(
            "Nothing was removed: run it again with --yes to remove all of the above",
            EXIT_USAGE,
          );
        if (!(await ctx.io.confirm(`Remove session '${name}'? [y/N] `)))
          throw new CliError("Nothing was removed");
      }

      if (plan.config) {
        // As `ssotray logout`, while the session is still configured (the sweep finds the AWS
        // CLI's cached credentials through it and its profiles).
        await signOutEverywhere(
          { locations: ctx.locations, sessions: ctx.sessions, credentials: ctx.roleCredentials },
          name,
        );
        await removeRegistrationFiles(ctx.locations, {
          startUrl: plan.config.startUrl,
          region: plan.config.region,
          scopes: plan.config.scopes,
          sessionName: name,
        });
      } else {
        // Leftovers of a session no longer configured: its files are found by its name.
        const ref = { kind: "sso-session" as const, session: name };
        await removeToken(ctx.locations, ref);
        await releaseSignIn(ctx.locations, ref);
        await rm(keychainTokenPath(ctx.locations, ref), { force: true });
      }
      await removeCredentialsProfiles(ctx.locations, { session: name });
      await removeSessionSections(ctx.locations, plan);
      await rm(accountCacheFile(ctx.cacheDir, name), { force: true });
      ctx.io.stderr(`Removed session '${name}'\n`);
    });
}
