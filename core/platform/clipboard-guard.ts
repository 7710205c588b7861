// Copied secrets leave the clipboard after a while, but only if they are still what it holds:
// whatever the user copied since is theirs and is never cleared.
import type { ClipboardPort, Clock, Timer } from "./platform.js";

export class ClipboardGuard {
  private pending: Timer | undefined;
  private lastSecret: string | undefined;

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly clock: Clock,
  ) {}

  /** Copies `secret`; clears it after `clearAfterSeconds` (0: never) if still there. */
  async copySecret(secret: string, clearAfterSeconds: number): Promise<void> {
    this.pending?.cancel();
    this.pending = undefined;
    this.lastSecret = secret;
    await this.clipboard.writeText(secret);
    if (clearAfterSeconds <= 0) return;
    this.pending = this.clock.setTimer(() => {
      this.pending = undefined;
      this.cleared = this.clearIfStill(secret);
    }, clearAfterSeconds * 1000);
  }

  /** The last clearing, for tests that must wait for the asynchronous clipboard. */
  cleared: Promise<void> = Promise.resolve();

  private async clearIfStill(secret: string): Promise<void> {
    if ((await this.clipboard.readText()) === secret) await this.clipboard.writeText("");
    if (this.lastSecret === secret) this.lastSecret = undefined;
  }

  /** Whether a secret we copied may still be on the clipboard (quitting waits to clear it). */
  holdsSecret(): boolean {
    return this.lastSecret !== undefined;
  }

  /**
   * Clears the last secret copied, at once, if the clipboard still holds it (on quit: no timer
   * will run after the app is gone). Whatever the user copied since is left alone.
   */
  async clearNow(): Promise<void> {
    const secret = this.lastSecret;
    this.dispose();
    if (secret !== undefined) await this.clearIfStill(secret);
  }

  dispose(): void {
    this.pending?.cancel();
  }
}
