// The global shortcut that opens the popup. Registration never breaks start-up (Electron throws
// on an accelerator it cannot parse), a shortcut another app holds is reported once, and a change
// in Settings takes effect at once, without a restart.
import type { GlobalShortcut } from "electron";

export class GlobalShortcutBinding {
  /** The accelerator registered now, if any. */
  private active: string | undefined;
  /** The last one asked for, registered or not: the same request is not retried or re-reported. */
  private requested: string | undefined;

  constructor(
    private readonly shortcuts: Pick<GlobalShortcut, "register" | "unregister">,
    private readonly onPress: () => void,
    private readonly report: (message: string) => void,
  ) {}

  apply(accelerator: string): void {
    if (accelerator === this.requested) return;
    this.requested = accelerator;
    if (this.active !== undefined) this.shortcuts.unregister(this.active);
    this.active = undefined;
    if (accelerator === "") return;
    let registered: boolean;
    try {
      registered = this.shortcuts.register(accelerator, this.onPress);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.report(
        `The shortcut ${accelerator} cannot be used (${reason}); choose another in Settings.`,
      );
      return;
    }
    if (registered) this.active = accelerator;
    else
      this.report(
        `The shortcut ${accelerator} is taken by another app; choose another in Settings.`,
      );
  }
}
