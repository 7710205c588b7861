// A client-side pacer for the portal's collective quota. AWS documents 20 transactions per second
// for all IAM Identity Center portal APIs together, not raisable, without saying whether it counts
// per user or per instance, so calls are spaced to start just under it, slowed on every
// TooManyRequestsException and sped up again slowly while calls succeed. Spacing calls evenly is
// what keeps 429s rare: a burst of N calls at once would be throttled even under the average rate.

export interface PacerOptions {
  /** Calls per second at the start; also the ceiling it climbs back to. */
  rate?: number;
  minRate?: number;
  maxRate?: number;
  /** Multiplies the rate on a throttle. */
  decrease?: number;
  /** Calls per second regained per successful call. */
  increase?: number;
  now?: () => number;
}

export class AdaptivePacer {
  private rate: number;
  private readonly minRate: number;
  private readonly maxRate: number;
  private readonly decrease: number;
  private readonly increase: number;
  private readonly now: () => number;
  /** When the next call may start. */
  private nextAt = 0;
  private lastCut = -Infinity;
  private throttles = 0;

  constructor(options: PacerOptions = {}) {
    this.maxRate = options.maxRate ?? options.rate ?? 19;
    this.rate = Math.min(options.rate ?? 19, this.maxRate);
    this.minRate = options.minRate ?? 1;
    this.decrease = options.decrease ?? 0.85;
    this.increase = options.increase ?? 0.1;
    this.now = options.now ?? (() => performance.now());
  }

  get currentRate(): number {
    return this.rate;
  }

  get throttleCount(): number {
    return this.throttles;
  }

  /** Resolves when the caller may send its call (slots are handed out first come, first served). */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.rate;
    const wait = at - now;
    if (wait > 0.5) await sleep(wait, signal);
  }

  onSuccess(): void {
    this.rate = Math.min(this.maxRate, this.rate + this.increase);
  }

  onThrottle(): void {
    this.throttles++;
    const now = this.now();
    // The calls already in flight when the first 429 came were all sent at the old rate: count
    // them as one signal, not one cut each.
    if (now - this.lastCut < 1000) return;
    this.lastCut = now;
    this.rate = Math.max(this.minRate, this.rate * this.decrease);
    // Let the server's window drain before the next slot.
    this.nextAt = Math.max(this.nextAt, now + 1000 / this.rate);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
