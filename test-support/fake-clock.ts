// A clock tests move by hand: timers fire in order as time passes, nothing waits for real.
import type { Clock, Timer } from "../core/platform/platform.js";

export class FakeClock implements Clock {
  private timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  constructor(private current = Date.UTC(2026, 10, 24, 8, 0, 0)) {}

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, ms: number): Timer {
    const timer = { at: this.current + Math.max(0, ms), callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.timers
        .filter((t) => !t.cancelled && t.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.current = next.at;
      next.cancelled = true;
      next.callback();
    }
    this.current = end;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
