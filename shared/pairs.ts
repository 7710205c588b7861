// A session's account list as rows of account/role pairs: what the CLI prints, profiles are
// generated from, and the UI lists.
import type { AccountRole, SessionAccounts } from "./model.js";

export function accountRolePairs(
  list: Pick<SessionAccounts, "session" | "accounts">,
): AccountRole[] {
  return list.accounts.flatMap((a) =>
    a.roles.map((roleName) => ({
      session: list.session,
      accountId: a.accountId,
      accountName: a.accountName,
      emailAddress: a.emailAddress,
      roleName,
    })),
  );
}
