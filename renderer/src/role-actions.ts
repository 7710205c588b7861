// What can be done with one account/role: the same functions back the buttons and the keys.
import type { CopyResult } from "../../shared/api.js";
import type { CredentialFormat, RoleCredentials, RoleRef } from "../../shared/model.js";
import { sso } from "./api.js";
import type { RoleRow } from "./domain/rows.js";
import { useSettings } from "./stores/settings.js";
import { reportError, useUi } from "./stores/ui.js";

export function refOf(row: RoleRow): RoleRef {
  return { session: row.session, accountId: row.accountId, roleName: row.roleName };
}

function label(row: RoleRow): string {
  return `${row.roleName} in ${row.alias ?? row.accountName}`;
}

function copiedWords(what: string, result: CopyResult): string {
  const clears =
    result.clearsInSeconds > 0 ? `; cleared from the clipboard in ${result.clearsInSeconds} s` : "";
  return `Copied ${what}${clears}`;
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
  const status = useUi.getState().setStatus;
  status(`Opening the console for ${label(row)}…`);
  try {
    await sso().openConsole({ role: refOf(row), ...(region ? { region } : {}) });
    status(`Opened the console for ${label(row)}`);
  } catch (error) {
    status("");
    reportError(error, row.session);
  }
}

export async function copyCredentials(row: RoleRow, format?: CredentialFormat): Promise<void> {
  const chosen = format ?? useSettings.getState().settings.defaultFormat;
  try {
    const result = await sso().copyCredentials({ role: refOf(row), format: chosen });
    useUi
      .getState()
      .setStatus(copiedWords(`${FORMAT_LABELS[chosen]} credentials for ${label(row)}`, result));
  } catch (error) {
    reportError(error, row.session);
  }
}

export async function copyConsoleLink(row: RoleRow, region?: string): Promise<void> {
  try {
    const result = await sso().copyConsoleLink({
      role: refOf(row),
      ...(region ? { region } : {}),
    });
    useUi.getState().setStatus(copiedWords(`a console link for ${label(row)}`, result));
  } catch (error) {
    reportError(error, row.session);
  }
}

export async function revealCredentials(row: RoleRow): Promise<RoleCredentials | undefined> {
  try {
    return await sso().revealCredentials({ role: refOf(row) });
  } catch (error) {
    reportError(error, row.session);
    return undefined;
  }
}
