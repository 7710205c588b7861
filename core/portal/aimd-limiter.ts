// How many calls may be in flight: additive increase while calls succeed, halved on a throttle
// (TCP's AIMD). The pacer sets the rate; this bounds the queue of calls waiting on a slow server,
// so that a throttled or slow portal is not met with ever more open connections.

export interface AimdOptions {
  initial?: number;
  min?: number;
  max?: number;
  now?: () => number;
}

export class AimdLimiter {
  private limit: number;
  private readonly min: number;
  private readonly max: number;
  private readonly now: () => number;
  private inFlight = 0;
  private peak = 0;
  private lastCut = -Infinity;
  private readonly waiting: Array<() => void> = [];

  constructor(options: AimdOptions = {}) {
    this.min = options.min ?? 1;
    this.max = options.max ?? 16;
    this.limit = Math.min(this.max, Math.max(this.min, options.initial ?? 4));
    this.now = options.now ?? (() => performance.now());
  }

  get currentLimit(): number {
    return Math.floor(this.limit);
  }

  get peakInFlight(): number {
    return this.peak;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.inFlight--;
      this.release();
    }
  }

  onSuccess(): void {
    // +1 per "window" of `limit` successes.
    this.limit = Math.min(this.max, this.limit + 1 / this.limit);
    this.release();
  }

  onThrottle(): void {
    const now = this.now();
    if (now - this.lastCut < 1000) return;
    this.lastCut = now;
    this.limit = Math.max(this.min, this.limit / 2);
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.inFlight < Math.floor(this.limit) && this.waiting.length === 0) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const entry = () => {
        signal?.removeEventListener("abort", onAbort);
        this.take();
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private take(): void {
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
  }

  private release(): void {
    while (this.waiting.length > 0 && this.inFlight < Math.floor(this.limit)) {
      this.waiting.shift()!();
    }
  }
}
