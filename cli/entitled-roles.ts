// The roles a session's account access tenant entitles it to, as commands use them: which session
// `--role-arn` means when none is named, and the list `accounts` and `config` show, kept for as
// long as the account list's freshness setting allows.
import { stat } from "node:fs/promises";
import {
  entitledCacheFile,
  NoTenantError,
  withAccountNames,
} from "../core/account-access/entitled-roles.js";
import type { EntitledRole, SessionAccounts, SessionStatus } from "../shared/model.js";
import { listedRecently } from "./account-list.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliContext } from "./context.js";
import { NO_SESSION, resolveSessionName } from "./resolve.js";

/**
 * The session an entitled role is in: the one named (which must have a tenant), else the only
 * session that names a tenant.
 */
export async function entitledSession(ctx: CliContext, requested?: string): Promise<SessionStatus> {
  const all = await ctx.sessions.list();
  // One without a tenant is refused where its credentials are asked for (NoTenantError).
  if (requested !== undefined) return resolveSessionName(all, requested);
  const withTenant = all.filter((s) => s.accountAccessTenant !== undefined);
  if (withTenant.length === 1) return withTenant[0]!;
  if (withTenant.length > 1)
    throw new CliError(
      `Sessions ${withTenant.map((s) => s.name).join(", ")} name account access tenants; choose one with --session`,
      EXIT_USAGE,
    );
  if (all.length === 0) throw new CliError(NO_SESSION);
  if (all.length === 1) throw new NoTenantError(all[0]!.name);
  throw new CliError(
    `No session names an account access tenant (sessions: ${all.map((s) => s.name).join(", ")}); name one with \`ssotray login --session NAME --tenant-id aa-…\``,
  );
}

/**
 * The session's entitled roles (none without a tenant): the last listing while it is younger
 * than accountListFreshHours, else listed now (and with `refresh`); an account the API left
 * unnamed takes its name from `list`. A listing that fails is a warning (the permission-set
 * roles are still worth having) and gives the last listing, or undefined when there is none.
 */
export async function entitledList(
  ctx: CliContext,
  session: SessionStatus,
  options: { refresh?: boolean; list?: SessionAccounts } = {},
): Promise<EntitledRole[] | undefined> {
  if (session.accountAccessTenant === undefined) return [];
  const cached = () => ctx.entitledRoles.cached(session).catch(() => undefined);
  let roles =
    options.refresh || !(await entitledFresh(ctx, session.name)) ? undefined : await cached();
  if (!roles) {
    try {
      roles = await ctx.entitledRoles.list(session.name);
    } catch (error) {
      ctx.warn(
        `The entitled roles of session '${session.name}' were not listed: ${error instanceof Error ? error.message : String(error)}`,
      );
      roles = await cached();
      if (!roles) return undefined;
    }
  }
  return withAccountNames(roles, options.list?.accounts);
}

/** Whether the session's entitled roles were listed within accountListFreshHours. */
async function entitledFresh(ctx: CliContext, session: string): Promise<boolean> {
  const written = await stat(entitledCacheFile(ctx.cacheDir, session)).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  return written !== undefined && (await listedRecently(ctx, written));
}
