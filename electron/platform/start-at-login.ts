// Applies the "Start at login" setting where each platform keeps it, and only when it changes:
// settings events also come for favourites and aliases.
import { app } from "electron";
import { setAutostart } from "./autostart-entry.js";

export class StartAtLogin {
  private applied: boolean | undefined;

  /** `entry`: where the Linux autostart entry goes (Locations.autostartEntry). */
  constructor(
    private readonly entry: string,
    private readonly report: (message: string) => void,
  ) {}

  async apply(on: boolean): Promise<void> {
    if (on === this.applied) return;
    this.applied = on;
    try {
      if (process.platform === "linux") {
        await setAutostart(this.entry, on ? launchCommand() : null);
      } else {
        app.setLoginItemSettings({ openAtLogin: on });
      }
    } catch (error) {
      this.applied = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      this.report(`Start at login could not be ${on ? "turned on" : "turned off"}: ${reason}`);
    }
  }
}

/** What starts this app: the AppImage itself when run from one (its mount point changes). */
function launchCommand(): string[] {
  if (process.env.APPIMAGE) return [process.env.APPIMAGE];
  if (app.isPackaged) return [process.execPath];
  return [process.execPath, app.getAppPath()];
}
