// Finding the account and role a command names with as few portal calls as will do: an account
// id needs no list; a name is answered from a fresh cached list (a typo at once, with the closest
// names), else from the account list alone and then that one account's roles. Never a whole sync.
import type { Account, SessionAccounts } from "../shared/model.js";
import { listedRecently } from "./account-list.js";
import type { CliContext } from "./context.js";
import { resolveAccount, resolveRole, UnknownAccountError } from "./resolve.js";
import { withProgressLine } from "./terminal-io.js";

/**
 * An account/role pair, with as few portal calls as will do. A 12-digit id needs no list (the
 * portal says if the role is not there). A name is looked up in the cached list while it is
 * fresh (settings' accountListFreshHours) and `refresh` is not asked for: a typo is answered
 * from it at once with the closest names. A name it does not have at all, a stale list or none
 * sends the command to the portal for the account list alone; then that one account's roles.
 */
export async function lookUpRole(
  ctx: CliContext,
  session: string,
  account: string,
  role: string,
  options: { refresh?: boolean } = {},
): Promise<{ accountId: string; roleName: string; accountName?: string }> {
  const typed = account.trim();
  if (/^\d{12}$/.test(typed)) {
    const cached = await ctx.accounts.cached(session);
    const known = cached?.accounts.find((a) => a.accountId === typed);
    if (!known) return { accountId: typed, roleName: role };
    let roleName = role;
    try {
      roleName = resolveRole(role, known);
    } catch {
      // Not in the cached list: the role may be new; the portal has the last word.
    }
    return { accountId: known.accountId, roleName, accountName: known.accountName };
  }
  const list = options.refresh ? undefined : await freshList(ctx, session);
  if (list) {
    let found: Account | undefined;
    try {
      found = resolveAccount(typed, list.accounts, session);
    } catch (error) {
      // A slip of the keyboard is answered from the list; a name it lacks may be new.
      if (!(error instanceof UnknownAccountError) || error.typo) throw error;
    }
    if (found) {
      return {
        accountId: found.accountId,
        roleName: await roleOf(ctx, session, found, role),
        accountName: found.accountName,
      };
    }
  }
  const accounts = await listAccounts(ctx, session);
  const found = resolveAccount(typed, accounts, session);
  const roles = await ctx.accounts.accountRoles(session, found.accountId);
  return {
    accountId: found.accountId,
    roleName: resolveRole(role, { ...found, roles }),
    accountName: found.accountName,
  };
}

/** An account's name, for rules that go by it: from the cached list, else the account list alone. */
export async function lookUpAccountName(
  ctx: CliContext,
  session: string,
  accountId: string,
): Promise<string | undefined> {
  const cached = await ctx.accounts.cached(session);
  const known = cached?.accounts.find((a) => a.accountId === accountId);
  if (known) return known.accountName;
  return (await listAccounts(ctx, session)).find((a) => a.accountId === accountId)?.accountName;
}

/**
 * The cached list, unless its accounts were listed longer ago than the freshness setting allows:
 * a whole sync's list, or the accounts alone that an earlier lookup listed (roles pending).
 */
async function freshList(ctx: CliContext, session: string): Promise<SessionAccounts | undefined> {
  const cached = await ctx.accounts.cachedNames(session);
  if (!cached?.listedAt) return undefined;
  return (await listedRecently(ctx, Date.parse(cached.listedAt))) ? cached.list : undefined;
}

/** A role of a cached account; one the cache does not have may be new, so ask the portal. */
async function roleOf(
  ctx: CliContext,
  session: string,
  account: Account,
  role: string,
): Promise<string> {
  if (account.rolesPending) {
    const roles = await ctx.accounts.accountRoles(session, account.accountId);
    return resolveRole(role, { ...account, roles });
  }
  try {
    return resolveRole(role, account);
  } catch (error) {
    const roles = await ctx.accounts.accountRoles(session, account.accountId);
    if (roles.join("\n") === account.roles.join("\n")) throw error;
    return resolveRole(role, { ...account, roles });
  }
}

/** The account list alone (no roles), with a count on a terminal while it arrives. */
async function listAccounts(ctx: CliContext, session: string) {
  return withProgressLine(ctx.io, (draw) =>
    ctx.accounts.listAccounts(
      session,
      draw
        ? { onCount: (n: number) => draw(`Listing accounts: ${n.toLocaleString("en")} so far`) }
        : {},
    ),
  );
}
