// Turning what the user typed into a session, an account and a role, or a one-line error that
// names the closest matches.
import type { Account, AccountInfo, SessionStatus } from "../shared/model.js";
import { nearest } from "./near-names.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";

/** What every command says before any session exists, and what to run. */
export const NO_SESSION =
  "No session is set up; run: ssotray login --start-url URL --region REGION";

export function resolveSessionName(
  sessions: readonly SessionStatus[],
  requested?: string,
): SessionStatus {
  if (requested !== undefined) {
    const found = sessions.find((s) => s.name === requested);
    if (found) return found;
    const names = sessions.map((s) => s.name);
    throw new CliError(
      names.length === 0
        ? `There is no session named '${requested}'; run: ssotray login --start-url URL --region REGION --session ${requested}`
        : `There is no session named '${requested}'; sessions: ${names.join(", ")}`,
      EXIT_USAGE,
    );
  }
  if (sessions.length === 1) return sessions[0]!;
  if (sessions.length === 0) {
    // Nothing wrong with the command line: there is nothing to run it on yet.
    throw new CliError(NO_SESSION);
  }
  throw new CliError(
    `There are ${sessions.length} sessions (${sessions.map((s) => s.name).join(", ")}); choose one with --session`,
    EXIT_USAGE,
  );
}

function describe(a: AccountInfo): string {
  return `${a.accountName} (${a.accountId})`;
}

/**
 * An account the user typed that matches none. `typo`: some account is within a few edits of it
 * (a slip of the keyboard: the list answers at once); otherwise the portal may have a new one.
 */
export class UnknownAccountError extends CliError {
  constructor(
    message: string,
    readonly typo: boolean,
  ) {
    super(message, EXIT_USAGE);
  }
}

/**
 * Up to three suggestions: fuzzy matches first (an abbreviation such as "payprod"), then the
 * names (or ids) within a few typos of what was typed, which alone make it a typo.
 */
function closest(
  query: string,
  accounts: readonly AccountInfo[],
  limit = 3,
): { text: string; typo: boolean } {
  const { picks, typo } = nearest(query, accounts, (a) => [a.accountName, a.accountId], limit);
  return { text: picks.length > 0 ? `; closest: ${picks.map(describe).join(", ")}` : "", typo };
}

/** An account by 12-digit id or exact name (case-insensitive). */
export function resolveAccount<T extends AccountInfo>(
  query: string,
  accounts: readonly T[],
  session: string,
): T {
  const trimmed = query.trim();
  const byId = accounts.find((a) => a.accountId === trimmed);
  if (byId) return byId;
  const lower = trimmed.toLowerCase();
  const byName = accounts.filter((a) => a.accountName.toLowerCase() === lower);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new CliError(
      `'${query}' names ${byName.length} accounts: ${byName.map(describe).join(", ")}; use the account id`,
      EXIT_USAGE,
    );
  }
  const near = closest(trimmed, accounts);
  throw new UnknownAccountError(
    `No account '${query}' in session '${session}'${near.text}`,
    near.typo,
  );
}

/** A role of the account, matched exactly or else case-insensitively when that is unique. */
export function resolveRole(query: string, account: Account): string {
  if (account.roles.includes(query)) return query;
  const lower = query.toLowerCase();
  const matches = account.roles.filter((r) => r.toLowerCase() === lower);
  if (matches.length === 1) return matches[0]!;
  const roles = account.roles.length > 0 ? account.roles.join(", ") : "none";
  throw new CliError(
    `Account ${describe(account)} has no role '${query}'; its roles: ${roles}`,
    EXIT_USAGE,
  );
}
