// Copied secrets leave the clipboard after a while, but only if they are still what it holds:
// whatever the user copied since is theirs and is never cleared.
import type { ClipboardPort, Clock, Timer } from "./platform.js";

export class ClipboardGuard {
  private pending: Timer | undefined;

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly clock: Clock,
  ) {}

  /** Copies `secret`; clears it after `clearAfterSeconds` (0: never) if still there. */
  copySecret(secret: string, clearAfterSeconds: number): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.clipboard.writeText(secret);
    if (clearAfterSeconds <= 0) return;
    this.pending = this.clock.setTimer(() => {
      this.pending = undefined;
      if (this.clipboard.readText() === secret) this.clipboard.writeText("");
    }, clearAfterSeconds * 1000);
  }

  dispose(): void {
    this.pending?.cancel();
  }
}
