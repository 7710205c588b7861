// Flattens every session's account list into one row per account/role pair: the unit the list
// selects, the search ranks and every role action names. Plain data in, plain data out.
import type { AccountDecoration, RoleRef, SessionAccounts } from "../../../shared/model.js";

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
}

export function roleKey(ref: RoleRef): string {
  return `${ref.session}/${ref.accountId}/${ref.roleName}`;
}

export function accountKey(row: Pick<RoleRow, "session" | "accountId">): string {
  return `${row.session}/${row.accountId}`;
}

/** Sessions in the order given; within one, accounts and roles in the order main sent them. */
export function flattenRows(
  lists: readonly SessionAccounts[],
  decorations: Readonly<Record<string, AccountDecoration>>,
): RoleRow[] {
  const rows: RoleRow[] = [];
  for (const list of lists) {
    // Main sends lists in this order already (shared/account-order.ts): sorting again would cost
    // a collator call per account on every list change, for nothing.
    for (const account of list.accounts) {
      const decoration = decorations[account.accountId];
      const prefix = `${list.session}/${account.accountId}/`;
      for (const roleName of account.roles) {
        // Every row has the same shape (alias and color present, maybe undefined), which keeps
        // V8 on one hidden class for 15,000 rows.
        rows.push({
          key: prefix + roleName,
          session: list.session,
          accountId: account.accountId,
          accountName: account.accountName,
          emailAddress: account.emailAddress,
          roleName,
          alias: decoration?.alias || undefined,
          color: decoration?.color || undefined,
        });
      }
    }
  }
  return rows;
}
