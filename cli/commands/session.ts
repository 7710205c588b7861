// `ssotray session list|tenant|remove`: the sessions in ~/.aws/config, the account access tenant
// each lists entitled roles from, and taking one away with everything SSO Tray and the AWS CLI
// keep for it.
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
  forgetTenant,
  removeSessionSections,
} from "../../core/sessions/session-removal.js";
import { entitledCacheFile } from "../../core/account-access/entitled-roles.js";
import { withAccountAccessScopes } from "../../core/account-access/scopes.js";
import { removeToken } from "../../core/sessions/token-cache.js";
import { keychainTokenPath } from "../../core/sessions/token-store.js";
import { accountCacheFile } from "../../core/portal/account-cache.js";
import { rm } from "node:fs/promises";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import { SessionConfigError } from "../../core/sessions/session-manager.js";
import { checkTenantId } from "./login.js";
import type { CliContext } from "../context.js";
import { table } from "../format-time.js";
import { displayPath } from "../../core/locations.js";
import { registerSessionEndpoints } from "./session-endpoints.js";
import { registerSessionRegions } from "./session-regions.js";

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
          ...(s.accountAccessTenant !== undefined
            ? { accountAccessTenant: s.accountAccessTenant }
            : {}),
        }));
        ctx.io.stdout(JSON.stringify(rows, null, 2) + "\n");
        return;
      }
      if (sessions.length === 0) {
        ctx.io.stderr(`${NO_SESSION}\n`);
        return;
      }
      // The tenant column only where some session names one: most never will.
      const tenants = sessions.some((s) => s.accountAccessTenant !== undefined);
      const rows = [
        ["SESSION", "STATE", "PROFILES", "REGION", ...(tenants ? ["TENANT"] : []), "START URL"],
      ];
      for (const s of sessions) {
        const name = s.source === "legacy-profile" ? `${s.name} (profile)` : s.name;
        rows.push([
          name,
          s.state,
          String(generated(s.name)),
          s.region,
          ...(tenants ? [s.accountAccessTenant ?? "-"] : []),
          s.startUrl,
        ]);
      }
      ctx.io.stdout(table(rows));
    });

  session
    .command("tenant")
    .description(
      "Show, name or forget the account access manager tenant a session lists entitled roles from",
    )
    .argument("<name>", "the session")
    .argument("[tenant-id]", "the tenant id to name (aa-…); without it, the session's is shown")
    .option("--clear", "forget the session's tenant")
    .action(async (name: string, tenant: string | undefined, options: { clear?: boolean }) => {
      const session = await ctx.session(name);
      if (tenant === undefined && !options.clear) {
        ctx.io.stdout(`${session.accountAccessTenant ?? "none"}\n`);
        return;
      }
      if (tenant !== undefined && options.clear)
        throw new CliError("Give a tenant id or --clear, not both", EXIT_USAGE);
      const tenantId = tenant === undefined ? undefined : checkTenantId(tenant)!;
      try {
        await ctx.sessions.setAccountAccessTenant(session.name, tenantId);
      } catch (error) {
        if (error instanceof SessionConfigError) throw new CliError(error.message, EXIT_USAGE);
        throw error;
      }
      if (tenantId === undefined) {
        ctx.io.stderr(`Session '${session.name}' names no account access tenant now\n`);
        return;
      }
      // A sign-in made without the tenant has no account access scopes; only a new one can.
      ctx.io.stderr(
        `Session '${session.name}' lists entitled roles from tenant ${tenantId}; if its sign-in was made without it, sign in again for the account access scopes: ssotray login --session ${session.name}\n`,
      );
    });

  registerSessionEndpoints(session, ctx);
  registerSessionRegions(session, ctx);

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
          `'${name}' is a profile you wrote in ${displayPath(plan.configPath, ctx.locations)} with its own sso_start_url, not an [sso-session]: edit it there (\`ssotray logout --session ${name}\` signs it out)`,
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
        const key = {
          startUrl: plan.config.startUrl,
          region: plan.config.region,
          scopes: plan.config.scopes,
          sessionName: name,
        };
        await removeRegistrationFiles(ctx.locations, key);
        // A sign-in for an account access tenant registered with its scopes too.
        await removeRegistrationFiles(ctx.locations, {
          ...key,
          scopes: withAccountAccessScopes(plan.config.scopes),
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
      await rm(entitledCacheFile(ctx.cacheDir, name), { force: true });
      await forgetTenant(ctx.locations, name);
      ctx.io.stderr(`Removed session '${name}'\n`);
    });
}
