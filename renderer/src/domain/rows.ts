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

const byName = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** Sessions in the order given; within one, accounts by name (then id), roles by name. */
export function flattenRows(
  lists: readonly SessionAccounts[],
  decorations: Readonly<Record<string, AccountDecoration>>,
): RoleRow[] {
  const rows: RoleRow[] = [];
  for (const list of lists) {
    const accounts = [...list.accounts].sort(
      (a, b) =>
        byName.compare(a.accountName, b.accountName) || a.accountId.localeCompare(b.accountId),
    );
    for (const account of accounts) {
      const decoration = decorations[account.accountId];
      const roles = [...account.roles].sort(byName.compare);
      for (const roleName of roles) {
        rows.push({
          key: `${list.session}/${account.accountId}/${roleName}`,
          session: list.session,
          accountId: account.accountId,
          accountName: account.accountName,
          emailAddress: account.emailAddress,
          roleName,
          ...(decoration?.alias ? { alias: decoration.alias } : {}),
          ...(decoration?.color ? { color: decoration.color } : {}),
        });
      }
    }
  }
  return rows;
}
