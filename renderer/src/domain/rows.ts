// Flattens every session's account list into one row per account/role pair: the unit the list
// selects, the search ranks and every role action names. Plain data in, plain data out.
import { sameAccount } from "../../../shared/account-delta.js";
import type {
  Account,
  AccountDecoration,
  ChainedRole,
  EntitledRole,
  RoleRef,
  SessionAccounts,
} from "../../../shared/model.js";

export interface RoleRow {
  /** session/accountId/roleName: unique across sessions. */
  key: string;
  session: string;
  accountId: string;
  accountName: string;
  emailAddress: string;
  roleName: string;
  alias?: string;
  color?: string;
  /**
   * A role chained from this row's role (`roleName`) by a ~/.aws/config profile: the row sits
   * under the role it starts from, and its actions act as the chained role.
   */
  chain?: { profile: string; roleArn: string; accountId: string; roleName: string };
  /**
   * A role account access manager entitles the user to (not a permission set): `roleName` and
   * `accountId` are the ARN's, and its actions name the role by this ARN.
   */
  entitled?: { roleArn: string };
  /**
   * - ready: a role to use
   * - pending: a stand-in for an account whose roles have not arrived (roleName is "")
   * - gone: a role the portal no longer lists, shown marked until the next sync
   */
  state: RowState;
}

export type RowState = "ready" | "pending" | "gone";

/** The key of an account's stand-in row while its roles are pending: its roles' keys extend it. */
export function pendingKey(row: Pick<RoleRow, "session" | "accountId">): string {
  return `${row.session}/${row.accountId}/`;
}

export function roleKey(ref: RoleRef): string {
  const key = `${ref.session}/${ref.accountId}/${ref.roleName}`;
  // "!" is in neither a role name nor a profile name: an entitled role never takes the key of the
  // permission set or chained role of the same name in the same account.
  if (ref.roleArn !== undefined) return `${key}!${ref.roleArn}`;
  return ref.profile === undefined ? key : `${key}#${ref.profile}`;
}

/** Items by the account they sit under (`session/accountId`), in the order given. */
function byAccount<T>(
  items: readonly T[],
  accountOf: (item: T) => { session: string; accountId: string },
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = accountKey(accountOf(item));
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** Chained roles by the account they start from (`session/accountId`), for RowFlattener. */
export function chainedByAccount(chained: readonly ChainedRole[]): Map<string, ChainedRole[]> {
  return byAccount(chained, (role) => role.source);
}

/** Entitled roles by their account (`session/accountId`), in the order listed, for RowFlattener. */
export function entitledByAccount(entitled: readonly EntitledRole[]): Map<string, EntitledRole[]> {
  return byAccount(entitled, (role) => role);
}

/** Whether two lists of one account's entitled roles would draw the same rows. */
function sameEntitled(
  a: readonly EntitledRole[] | undefined,
  b: readonly EntitledRole[] | undefined,
): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((role, i) => role.roleArn === b[i]?.roleArn);
}

/**
 * The stand-in account of entitled roles in an account the portal does not list: named as the
 * account access API named it, else by its id.
 */
function entitledOnlyAccount(roles: readonly EntitledRole[]): Account {
  const first = roles[0] as EntitledRole;
  return {
    accountId: first.accountId,
    accountName: roles.find((r) => r.accountName)?.accountName ?? first.accountId,
    emailAddress: "",
    roles: [],
  };
}

export function accountKey(row: Pick<RoleRow, "session" | "accountId">): string {
  return `${row.session}/${row.accountId}`;
}

interface Flattened {
  account: Account;
  alias: string | undefined;
  color: string | undefined;
  chained: readonly ChainedRole[] | undefined;
  entitled: readonly EntitledRole[] | undefined;
  rows: RoleRow[];
}

/**
 * Flattens lists into rows, handing back the very same row objects for an account that has not
 * changed since the last call: a sync sends the whole list every second, and the search index
 * (SearchIndex's `previous`) and the list's cards then redo work only for what changed.
 */
export class RowFlattener {
  private previous = new Map<string, Flattened>();

  /**
   * Sessions in the order given; within one, accounts and roles in the order main sent them, then
   * accounts the portal does not list that hold entitled roles, in the order those were listed.
   * `entitled` is by account (entitledByAccount): an account's entitled roles follow its own.
   */
  flatten(
    lists: readonly SessionAccounts[],
    decorations: Readonly<Record<string, AccountDecoration>>,
    chained: ReadonlyMap<string, readonly ChainedRole[]> = new Map(),
    entitled: ReadonlyMap<string, readonly EntitledRole[]> = new Map(),
  ): RoleRow[] {
    const next = new Map<string, Flattened>();
    const rows: RoleRow[] = [];
    const add = (session: string, account: Account) => {
      const key = `${session}/${account.accountId}`;
      const decoration = decorations[account.accountId];
      const alias = decoration?.alias || undefined;
      const color = decoration?.color || undefined;
      const known = this.previous.get(key);
      const chains = chained.get(key);
      const entitlements = entitled.get(key);
      const flat =
        known &&
        known.alias === alias &&
        known.color === color &&
        known.chained === chains &&
        sameEntitled(known.entitled, entitlements) &&
        sameAccount(known.account, account)
          ? known
          : {
              account,
              alias,
              color,
              chained: chains,
              entitled: entitlements,
              rows: accountRows(session, account, alias, color, chains, entitlements),
            };
      next.set(key, flat);
      for (const row of flat.rows) rows.push(row);
    };
    for (const list of lists) {
      // Main sends lists in this order already (shared/account-order.ts): sorting again would
      // cost a collator call per account on every list change, for nothing.
      for (const account of list.accounts) add(list.session, account);
      if (entitled.size === 0) continue;
      for (const [key, roles] of entitled) {
        if (roles[0]?.session === list.session && !next.has(key))
          add(list.session, entitledOnlyAccount(roles));
      }
    }
    this.previous = next;
    return rows;
  }
}

/** Flattens once, with nothing to reuse. */
export function flattenRows(
  lists: readonly SessionAccounts[],
  decorations: Readonly<Record<string, AccountDecoration>>,
): RoleRow[] {
  return new RowFlattener().flatten(lists, decorations);
}

function accountRows(
  session: string,
  account: Account,
  alias: string | undefined,
  color: string | undefined,
  chained: readonly ChainedRole[] = [],
  entitled: readonly EntitledRole[] = [],
): RoleRow[] {
  const prefix = `${session}/${account.accountId}/`;
  // Every row has the same shape (alias and color present, maybe undefined), which keeps V8 on
  // one hidden class for 15,000 rows.
  const row = (roleName: string, state: RowState): RoleRow => ({
    key: prefix + roleName,
    session,
    accountId: account.accountId,
    accountName: account.accountName,
    emailAddress: account.emailAddress,
    roleName,
    alias,
    color,
    chain: undefined,
    entitled: undefined,
    state,
  });
  // Beside the permission sets, whatever the portal says of them: their own API lists them.
  const entitledRows = entitled.map((role) => ({
    ...row(role.roleName, "ready"),
    key: roleKey({
      session,
      accountId: account.accountId,
      roleName: role.roleName,
      roleArn: role.roleArn,
    }),
    entitled: { roleArn: role.roleArn },
  }));
  // An account whose roles are on their way is still there to find and pick: picking it is
  // what fetches its roles first.
  if (account.rolesPending) return [row("", "pending"), ...entitledRows];
  const rows = account.roles.flatMap((roleName) => [
    row(roleName, "ready"),
    // Each chained role right after the role it starts from.
    ...chained
      .filter((c) => c.source.roleName === roleName)
      .map((c) => ({
        ...row(roleName, "ready"),
        key: roleKey({ session, accountId: c.accountId, roleName: c.roleName, profile: c.profile }),
        chain: {
          profile: c.profile,
          roleArn: c.roleArn,
          accountId: c.accountId,
          roleName: c.roleName,
        },
      })),
  ]);
  rows.push(...entitledRows);
  for (const roleName of account.goneRoles ?? []) rows.push(row(roleName, "gone"));
  return rows;
}
