// What can be done with one account/role: the same functions back the buttons and the keys.
import type { CopyResult } from "../../shared/api.js";
import type { CredentialFormat, RoleCredentials, RoleRef } from "../../shared/model.js";
import { messageOf, sso } from "./api.js";
import { pendingKey, type RoleRow } from "./domain/rows.js";
import { useSettings } from "./stores/settings.js";
import { reportError, useUi } from "./stores/ui.js";

export function refOf(row: RoleRow): RoleRef {
  if (row.chain)
    return {
      session: row.session,
      accountId: row.chain.accountId,
      roleName: row.chain.roleName,
      profile: row.chain.profile,
    };
  if (row.entitled)
    return {
      session: row.session,
      accountId: row.accountId,
      roleName: row.roleName,
      roleArn: row.entitled.roleArn,
    };
  return { session: row.session, accountId: row.accountId, roleName: row.roleName };
}

function label(row: RoleRow): string {
  if (row.chain)
    return `${row.chain.roleName} in ${row.chain.accountId} (profile ${row.chain.profile})`;
  if (row.entitled) return `${row.roleName} in ${row.alias ?? row.accountName} (entitlement)`;
  return `${row.roleName} in ${row.alias ?? row.accountName}`;
}

/**
 * Why the access portal cannot open this role's console, or undefined when it can: the portal
 * lists permission sets only.
 */
export function beyondPortalReason(row: RoleRow): string | undefined {
  if (row.entitled) return "the access portal lists permission sets only, not entitlements";
  if (row.chain) return "the access portal lists permission sets only, not chained roles";
  return undefined;
}

function copiedWords(what: string, result: CopyResult): string {
  const clears =
    result.clearsInSeconds > 0 ? `; cleared from the clipboard in ${result.clearsInSeconds} s` : "";
  return `Copied ${what}${clears}`;
}

/** Accounts whose roles have been asked for ahead of the sync, so each is asked for once. */
const asked = new Set<string>();

/**
 * Asks main for the roles of an account the user picked while they are pending: they are listed
 * ahead of everything else waiting for the portal, and arrive as a list change.
 */
export function requestRoles(row: Pick<RoleRow, "session" | "accountId" | "state">): void {
  if (row.state !== "pending") return;
  const key = pendingKey(row);
  if (asked.has(key)) return;
  asked.add(key);
  sso()
    .loadAccountRoles({ session: row.session, accountId: row.accountId })
    .catch((error: unknown) => reportError(error, row.session))
    // Once answered, a later pick (after a failure, or a new sync) may ask again.
    .finally(() => asked.delete(key));
}

/** A role that can be used; a stand-in or a role the portal dropped says why not instead. */
function usable(row: RoleRow): boolean {
  if (row.state === "ready") return true;
  const ui = useUi.getState();
  if (row.state === "pending") {
    requestRoles(row);
    ui.setStatus(`The roles of ${row.alias ?? row.accountName} are on their way; pick one then`);
  } else {
    ui.setStatus(`${label(row)} is no longer assigned to you`);
  }
  return false;
}

/** Says what is under way: a slow network can take a while to answer, or to fail. */
function started(row: RoleRow, what: string): void {
  const ui = useUi.getState();
  if (ui.roleError?.key === row.key) ui.setRoleError(undefined);
  ui.setStatus(`${what} for ${label(row)}…`);
}

/** The failure goes to the role's own panel (where the action was started), not a far banner. */
function failed(row: RoleRow, error: unknown): void {
  const ui = useUi.getState();
  ui.setStatus("");
  ui.setRoleError({ key: row.key, session: row.session, message: messageOf(error) });
}

export const FORMAT_LABELS: Record<CredentialFormat, string> = {
  bash: "bash",
  zsh: "zsh",
  fish: "fish",
  powershell: "PowerShell",
  cmd: "cmd",
  dotenv: ".env",
  json: "JSON",
};

export async function openConsole(row: RoleRow, region?: string): Promise<void> {
  if (!usable(row)) return;
  started(row, "Opening the console");
  try {
    await sso().openConsole({ role: refOf(row), ...(region ? { region } : {}) });
    useUi.getState().setStatus(`Opened the console for ${label(row)}`);
  } catch (error) {
    failed(row, error);
  }
}

export async function copyCredentials(row: RoleRow, format?: CredentialFormat): Promise<void> {
  if (!usable(row)) return;
  const chosen = format ?? useSettings.getState().settings.defaultFormat;
  started(row, "Getting credentials");
  try {
    const result = await sso().copyCredentials({ role: refOf(row), format: chosen });
    useUi
      .getState()
      .setStatus(copiedWords(`${FORMAT_LABELS[chosen]} credentials for ${label(row)}`, result));
  } catch (error) {
    failed(row, error);
  }
}

/**
 * A console link: a federation sign-in (secret, cleared from the clipboard) or the access portal's
 * shortcut link (none: the browser signs in through the portal).
 */
export async function copyConsoleLink(
  row: RoleRow,
  region?: string,
  kind: "federation" | "portal" = "federation",
): Promise<void> {
  if (!usable(row)) return;
  started(row, "Making a console link");
  try {
    const result = await sso().copyConsoleLink({
      role: refOf(row),
      ...(region ? { region } : {}),
      ...(kind === "portal" ? { kind } : {}),
    });
    const what = kind === "portal" ? "an access portal console link" : "a console link";
    useUi.getState().setStatus(copiedWords(`${what} for ${label(row)}`, result));
  } catch (error) {
    failed(row, error);
  }
}

/** An `ssotray exec … -- ` line for a terminal: the command to run goes after it. */
export async function copyExecLine(row: RoleRow, region?: string): Promise<void> {
  started(row, "Making an ssotray exec line");
  try {
    await sso().copyExecLine({ role: refOf(row), ...(region ? { region } : {}) });
    useUi
      .getState()
      .setStatus(`Copied an ssotray exec line for ${label(row)}: paste it, then type the command`);
  } catch (error) {
    failed(row, error);
  }
}

export async function revealCredentials(row: RoleRow): Promise<RoleCredentials | undefined> {
  if (!usable(row)) return undefined;
  started(row, "Getting credentials");
  try {
    const credentials = await sso().revealCredentials({ role: refOf(row) });
    useUi.getState().setStatus("");
    return credentials;
  } catch (error) {
    failed(row, error);
    return undefined;
  }
}
