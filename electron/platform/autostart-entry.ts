// "Start at login" on Linux: Electron's setLoginItemSettings works on macOS and Windows only, so
// the app writes an XDG autostart entry (Desktop Application Autostart Specification) itself.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomically } from "../../core/files/atomic-write.js";

/** One argument of an Exec line, quoted as the Desktop Entry Specification says. */
function execArgument(argument: string): string {
  const escaped = argument.replace(/[\\"`$]/g, (c) => `\\${c}`).replace(/%/g, "%%");
  return /^[\w./+,:=@-]+$/.test(argument) ? argument.replace(/%/g, "%%") : `"${escaped}"`;
}

export function autostartEntry(command: readonly string[]): string {
  if (command.some((part) => /[\r\n\0]/.test(part)))
    throw new Error("The app's path contains a line break; start at login cannot be set up");
  return [
    "[Desktop Entry]",
    "Type=Application",
    "Name=SSO Tray",
    "Comment=AWS IAM Identity Center access from the tray",
    `Exec=${command.map(execArgument).join(" ")}`,
    "Terminal=false",
    "X-GNOME-Autostart-enabled=true",
    "",
  ].join("\n");
}

export async function setAutostart(file: string, command: readonly string[] | null): Promise<void> {
  if (command === null) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomically(file, autostartEntry(command), { mode: 0o644 });
}
