// The updater as the app runs it: automatic checks on a timer (installed app, setting on),
// "Check for updates…" from the tray, and what the user hears of either. UpdateService does the
// checking; update-policy decides what is said.
import type { AppUpdater } from "electron-updater";
import type { UpdateReady } from "../../shared/api.js";
import type { UpdateInstaller } from "../../core/service/service.js";
import { UpdateService } from "./update-service.js";
import {
  automaticChecksRun,
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  outcomeMessage,
  type CheckTrigger,
  type UpdateMessage,
} from "./update-policy.js";

export interface AppUpdatesDeps {
  packaged: boolean;
  currentVersion: string;
  signInsUnderWay(): readonly string[];
  /** A release is downloaded and verified: tell the window and the user. */
  onReady(update: UpdateReady): void;
  /** One short line for the user. */
  say(message: UpdateMessage): void;
  log(message: string): void;
  /** electron-updater's own choice of updater for this system, unless a test gives another. */
  createUpdater?(): Promise<AppUpdater>;
}

export class AppUpdates implements UpdateInstaller {
  private readonly updates: UpdateService;
  /** Off until the settings are read. */
  private enabled = false;
  private timers: Array<ReturnType<typeof setTimeout>> = [];

  constructor(private readonly deps: AppUpdatesDeps) {
    this.updates = new UpdateService({
      // Loaded on the first check, not at start: most runs never need it.
      createUpdater:
        deps.createUpdater ?? (async () => (await import("electron-updater")).autoUpdater),
      currentVersion: deps.currentVersion,
      packaged: deps.packaged,
      signInsUnderWay: deps.signInsUnderWay,
      onReady: deps.onReady,
      onInstallFailed: (message) =>
        deps.say({
          level: "warning",
          text: `The update could not be installed (${message}); SSO Tray keeps running this version.`,
        }),
      log: deps.log,
    });
  }

  get readyVersion(): string | undefined {
    return this.updates.readyUpdate?.version;
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  /** The first automatic check a little after start, then one every few hours. */
  start(): void {
    const automatic = () => {
      if (automaticChecksRun({ packaged: this.deps.packaged, enabled: this.enabled }))
        void this.check("automatic");
    };
    const first = setTimeout(automatic, FIRST_CHECK_DELAY_MS);
    const every = setInterval(automatic, CHECK_INTERVAL_MS);
    // Timers alone never keep the app running.
    first.unref();
    every.unref();
    this.timers = [first, every];
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  async check(trigger: CheckTrigger): Promise<void> {
    const readyBefore = this.updates.readyUpdate;
    const outcome = await this.updates.check();
    if (outcome.kind === "failed") this.deps.log(`Update check failed: ${outcome.message}`);
    // Asked again with an update already waiting: say so rather than nothing.
    if (trigger === "manual" && outcome.kind === "ready" && readyBefore)
      this.deps.say({
        level: "info",
        text: `SSO Tray ${readyBefore.version} is downloaded: choose Restart to update.`,
      });
    const message = outcomeMessage(outcome, trigger, this.deps.currentVersion);
    if (message) this.deps.say(message);
  }

  install(): Promise<void> {
    return this.updates.install();
  }
}
