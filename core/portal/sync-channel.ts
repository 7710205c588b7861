// How a sync's progress reaches the app and the CLI: the latest snapshot for whoever asks, and
// listeners called no more often than an interval allows.
import type { SessionAccounts, SyncProgress } from "../../shared/model.js";

/**
 * Where a sync's progress goes: to its listeners when there are any, and to whoever asks for the
 * latest (syncing()); either way the snapshot is built only then.
 */
export class SyncChannel {
  readonly listeners = new Set<(snapshot: SessionAccounts) => void>();
  readonly counters = new Set<(progress: SyncProgress) => void>();
  private source: (() => SessionAccounts) | undefined;
  progress: SyncProgress | undefined;

  latest(): SessionAccounts | undefined {
    return this.source?.();
  }

  update(source: () => SessionAccounts, progress: SyncProgress | undefined): void {
    this.source = source;
    this.progress = progress;
    if (progress) for (const counter of this.counters) counter(progress);
    if (this.listeners.size === 0) return;
    const snapshot = source();
    for (const listener of this.listeners) listener(snapshot);
  }
}

/**
 * Calls `fn` at most once per interval, with a trailing call so the last state is never lost. A
 * caller in a hurry passes a shorter interval (0: now), which brings a waiting call forward.
 */
export class ThrottledEmitter {
  private last = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly fn: () => void,
    private readonly intervalMs: number,
  ) {}

  emit(within = this.intervalMs): void {
    const now = performance.now();
    const wait = this.last + Math.min(within, this.intervalMs) - now;
    if (this.timer) {
      if (now + wait >= this.timerAt) return;
      this.cancel();
    }
    if (wait <= 0) {
      this.last = now;
      this.fn();
      return;
    }
    this.timerAt = now + wait;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.last = performance.now();
      this.fn();
    }, wait);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}
