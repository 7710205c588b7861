// Flattens every session's account list into one row per account/role pair: the unit the list
// selects, the search ranks and every role action names. Plain data in, plain data out.
import { sameAccount } from "../../../shared/account-delta.js";
import type {
  Account,
  AccountDecoration,
  ChainedRole,
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
  return ref.profile === undefined ? key : `${key}#${ref.profile}`;
}

/** Chained roles by the account they start from (`session/accountId`), for RowFlattener. */
export function chainedByAccount(chained: readonly ChainedRole[]): Map<string, ChainedRole[]> {
  const out = new Map<string, ChainedRole[]>();
  for (const role of chained) {
    const key = `${role.source.session}/${role.source.accountId}`;
    const list = out.get(key);
    if (list) list.push(role);
    else out.set(key, [role]);
  }
  return out;
}

export function accountKey(row: Pick<RoleRow, "session" | "accountId">): string {
  return `${row.session}/${row.accountId}`;
}

interface Flattened {
  account: Account;
  alias: string | undefined;
  color: string | undefined;
  chained: readonly ChainedRole[] | undefined;
  rows: RoleRow[];
}

/**
 * Flattens lists into rows, handing back the very same row objects for an account that has not
 * changed since the last call: a sync sends the whole list every second, and the search index
 * (SearchIndex's `previous`) and the list's cards then redo work only for what changed.
 */
export class RowFlattener {
  private previous = new Map<string, Flattened>();

  /** Sessions in the order given; within one, accounts and roles in the order main sent them. */
  flatten(
    lists: readonly SessionAccounts[],
    decorations: Readonly<Record<string, AccountDecoration>>,
    chained: ReadonlyMap<string, readonly ChainedRole[]> = new Map(),
  ): RoleRow[] {
    const next = new Map<string, Flattened>();
    const rows: RoleRow[] = [];
    for (const list of lists) {
      // Main sends lists in this order already (shared/account-order.ts): sorting again would
      // cost a collator call per account on every list change, for nothing.
      for (const account of list.accounts) {
        const key = `${list.session}/${account.accountId}`;
        const decoration = decorations[account.accountId];
        const alias = decoration?.alias || undefined;
        const color = decoration?.color || undefined;
        const known = this.previous.get(key);
        const chains = chained.get(key);
        const flat =
          known &&
          known.alias === alias &&
          known.color === color &&
          known.chained === chains &&
          sameAccount(known.account, account)
            ? known
            : {
                account,
                alias,
                color,
                chained: chains,
                rows: accountRows(list.session, account, alias, color, chains),
              };
        next.set(key, flat);
        for (const row of flat.rows) rows.push(row);
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
    state,
  });
  // An account whose roles are on their way is still there to find and pick: picking it is
  // what fetches its roles first.
  if (account.rolesPending) return [row("", "pending")];
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
  for (const roleName of account.goneRoles ?? []) rows.push(row(roleName, "gone"));
  return rows;
}
