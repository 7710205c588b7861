// A client-side pacer for the portal's collective quota. AWS documents 20 transactions per second
// for all IAM Identity Center portal APIs together, not raisable, without saying whether it counts
// per user or per instance, so calls are spaced to start just under it, slowed on every
// TooManyRequestsException and sped up again slowly while calls succeed. Spacing calls evenly is
// what keeps 429s rare: a burst of N calls at once would be throttled even under the average rate.
//
// Slots are handed out by lane, not only by arrival: a call the user is waiting for (the roles of
// the account just selected, the one account a command names) takes the next slot ahead of the
// account listing, which goes ahead of the background role listings. There is one pacer per
// instance, so the lanes share the one rate and a demand call never adds a call above it. Which
// lane a call is in travels with the async context (AsyncLocalStorage), because the SDK's retry
// middleware asks for the slot and knows nothing of why the call is made.
import { AsyncLocalStorage } from "node:async_hooks";

/** In the order slots go to them. */
export const LANES = ["demand", "listing", "background"] as const;
export type Lane = (typeof LANES)[number];

const laneOfCall = new AsyncLocalStorage<Lane>();

/** Runs `work` with every portal call it makes in `lane` (calls outside any are "background"). */
export function inLane<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
  return laneOfCall.run(lane, work);
}

export function currentLane(): Lane {
  return laneOfCall.getStore() ?? "background";
}

interface Waiter {
  resolve: () => void;
}

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
  private readonly queues: Record<Lane, Waiter[]> = { demand: [], listing: [], background: [] };
  private timer: NodeJS.Timeout | undefined;
  private readonly served: Record<Lane, number> = { demand: 0, listing: 0, background: 0 };

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

  /** Slots handed out so far, by lane. */
  get slotsServed(): Readonly<Record<Lane, number>> {
    return this.served;
  }

  /**
   * Resolves when the caller may send its call: at once when a slot is free and nobody waits,
   * else when its turn comes (first by lane, then first come, first served).
   */
  acquire(signal?: AbortSignal, lane: Lane = currentLane()): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.now();
    if (this.waiting() === 0 && this.nextAt - now <= 0.5) {
      this.take(lane, now);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues[lane];
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
      this.schedule(now);
    });
  }

  private waiting(): number {
    return this.queues.demand.length + this.queues.listing.length + this.queues.background.length;
  }

  /** Reserves the slot at `at` (or the next free one) for a call of `lane`. */
  private take(lane: Lane, at: number): void {
    this.served[lane]++;
    this.nextAt = Math.max(at, this.nextAt) + 1000 / this.rate;
  }

  private schedule(now: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.dispatch(), Math.max(0, this.nextAt - now));
  }

  /**
   * The slot at `nextAt` has come: it goes to the first waiter of the highest lane. A timer that
   * fires a little late keeps the slots' grid, so lateness does not add up over a long queue.
   */
  private dispatch(): void {
    this.timer = undefined;
    const lane = LANES.find((l) => this.queues[l].length > 0);
    if (!lane) return;
    const now = this.now();
    const interval = 1000 / this.rate;
    this.take(lane, now - this.nextAt < interval ? this.nextAt : now);
    this.queues[lane].shift()!.resolve();
    if (this.waiting() > 0) this.schedule(now);
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
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.schedule(now);
    }
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
