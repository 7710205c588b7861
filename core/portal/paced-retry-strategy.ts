// The SDK's retry middleware with our own strategy plugged in (the SDK's RetryStrategyV2 hook):
// every attempt, first or retry, waits for a slot from the portal's pacer; throttles and
// successes are reported to whoever adapts to them; 5xx, throttling and dropped connections are
// retried with full-jitter backoff for as long as a call keeps failing within `giveUpAfterMs`,
// because an account whose roles are missing is worse than a slow sync.
//
// Why not the SDK's own `retryMode: "adaptive"`: its rate limiter only engages after the first
// throttle, then measures and backs off per client with CUBIC; it starts by sending as fast as
// the concurrency allows, so a 1,000-account sync meets a burst of 429s first, and its retry
// quota (500 tokens, 5 per throttled retry) runs dry in a long storm and surfaces errors. With
// the pacer starting just under the documented 20/s the storm never starts. A retry keeps the
// lane of the call it retries (rate-pacer.ts), since it runs in the same async context. Measured in
// bench/sync.bench.ts (1,000 accounts, 150 ms latency, 20/s limit): see the figures there.
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";
import { isTimeoutError, NETWORK_ATTEMPTS } from "../network/network-deadline.js";
import { sleep, type AdaptivePacer } from "./rate-pacer.js";

export interface TrafficListener {
  onSuccess(): void;
  onThrottle(): void;
}

export interface PacedRetryOptions {
  pacer?: AdaptivePacer;
  listeners?: TrafficListener[];
  /** Give up on a call that has failed for this long (the sync then fails; nothing is dropped). */
  giveUpAfterMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  now?: () => number;
}

/** Connection refused or no such host: retrying for minutes will not help; a few tries will do. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const UNREACHABLE_ATTEMPTS = 3;

class Token implements RetryToken {
  constructor(
    readonly retryCount: number,
    readonly startedAt: number,
    /** Tries of this call that hit the network deadline. */
    readonly timeouts = 0,
  ) {}
  getRetryCount(): number {
    return this.retryCount;
  }
  getRetryDelay(): number {
    return 0;
  }
}

export class PacedRetryStrategy implements RetryStrategyV2 {
  readonly mode = "paced";
  private readonly options: Required<Omit<PacedRetryOptions, "pacer">> & { pacer?: AdaptivePacer };
  retries = 0;

  constructor(options: PacedRetryOptions = {}) {
    this.options = {
      pacer: options.pacer,
      listeners: options.listeners ?? [],
      giveUpAfterMs: options.giveUpAfterMs ?? 120_000,
      baseDelayMs: options.baseDelayMs ?? 100,
      maxDelayMs: options.maxDelayMs ?? 5_000,
      random: options.random ?? Math.random,
      now: options.now ?? (() => performance.now()),
    };
  }

  addListener(listener: TrafficListener): () => void {
    this.options.listeners.push(listener);
    return () => {
      const i = this.options.listeners.indexOf(listener);
      if (i >= 0) this.options.listeners.splice(i, 1);
    };
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    await this.options.pacer?.acquire();
    return new Token(0, this.options.now());
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const { startedAt, retryCount } = token as Token;
    if (info.errorType === "CLIENT_ERROR") throw new Error("not retryable");
    const code = (info.error as { code?: string } | undefined)?.code ?? "";
    if (UNREACHABLE.has(code) && retryCount + 1 >= UNREACHABLE_ATTEMPTS)
      throw new Error("unreachable");
    // A portal that takes the connection and never answers is not a slow account: it gets the
    // SDK's budget of tries, not minutes of them.
    const timeouts = (token as Token).timeouts + (isTimeoutError(info.error) ? 1 : 0);
    if (timeouts >= NETWORK_ATTEMPTS) throw new Error("timed out");
    if (this.options.now() - startedAt > this.options.giveUpAfterMs) throw new Error("gave up");

    if (info.errorType === "THROTTLING") {
      this.options.pacer?.onThrottle();
      for (const l of this.options.listeners) l.onThrottle();
    }
    const ceiling = Math.min(
      this.options.maxDelayMs,
      this.options.baseDelayMs * 2 ** Math.min(retryCount, 16),
    );
    let delay = this.options.random() * ceiling;
    if (info.retryAfterHint) delay = Math.max(delay, info.retryAfterHint.getTime() - Date.now());
    this.retries++;
    await sleep(delay);
    await this.options.pacer?.acquire();
    return new Token(retryCount + 1, startedAt, timeouts);
  }

  recordSuccess(): void {
    this.options.pacer?.onSuccess();
    for (const l of this.options.listeners) l.onSuccess();
  }
}
