import type { RetryErrorInfo, SdkError } from "@smithy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PacedRetryStrategy, type TrafficListener } from "./paced-retry-strategy.js";
import { AdaptivePacer } from "./rate-pacer.js";

function failure(errorType: RetryErrorInfo["errorType"], code?: string): RetryErrorInfo {
  const error = Object.assign(new Error(errorType), code ? { code } : {}) as SdkError;
  return { errorType, error };
}

/** Counts what listeners hear. */
function recorder(): TrafficListener & { throttles: number; successes: number } {
  const r = {
    throttles: 0,
    successes: 0,
    onThrottle: () => void (r.throttles += 1),
    onSuccess: () => void (r.successes += 1),
  };
  return r;
}

/** A pacer whose clock stands still at `now`: slots are spaced in its clock, never waited for. */
function stillPacer(rate = 20) {
  const clock = { now: 10_000 };
  const pacer = new AdaptivePacer({ rate, decrease: 0.5, increase: 1, now: () => clock.now });
  return { pacer, clock };
}

describe("paced retry strategy", () => {
  it("slows the shared pacer and tells listeners on a throttle", async () => {
    const { pacer, clock } = stillPacer();
    const listener = recorder();
    const strategy = new PacedRetryStrategy({ pacer, listeners: [listener], random: () => 0 });
    const token = await strategy.acquireInitialRetryToken();
    // Slots are handed out from the pacer's clock; move it past the slots taken so far.
    clock.now += 1000;
    const next = await strategy.refreshRetryTokenForRetry(token, failure("THROTTLING"));
    expect(pacer.currentRate).toBe(10);
    expect(pacer.throttleCount).toBe(1);
    expect(listener.throttles).toBe(1);
    expect(next.getRetryCount()).toBe(1);
    expect(strategy.retries).toBe(1);
  });

  it("retries server errors and dropped connections without slowing down", async () => {
    const { pacer, clock } = stillPacer();
    const listener = recorder();
    const strategy = new PacedRetryStrategy({ pacer, listeners: [listener], random: () => 0 });
    let token = await strategy.acquireInitialRetryToken();
    for (const info of [failure("SERVER_ERROR"), failure("TRANSIENT", "ECONNRESET")]) {
      clock.now += 1000;
      token = await strategy.refreshRetryTokenForRetry(token, info);
    }
    expect(token.getRetryCount()).toBe(2);
    expect(pacer.currentRate).toBe(20);
    expect(pacer.throttleCount).toBe(0);
    expect(listener.throttles).toBe(0);
  });

  it("speeds the pacer back up and tells listeners on success", () => {
    const { pacer } = stillPacer();
    pacer.onThrottle();
    const listener = recorder();
    const strategy = new PacedRetryStrategy({ pacer, random: () => 0 });
    const remove = strategy.addListener(listener);
    strategy.recordSuccess();
    expect(pacer.currentRate).toBe(11);
    expect(listener.successes).toBe(1);
    remove();
    strategy.recordSuccess();
    expect(listener.successes).toBe(1);
  });

  it("never retries a client error, and gives up on an unreachable host after three tries", async () => {
    const strategy = new PacedRetryStrategy({ random: () => 0 });
    const first = await strategy.acquireInitialRetryToken();
    await expect(
      strategy.refreshRetryTokenForRetry(first, failure("CLIENT_ERROR")),
    ).rejects.toThrow();
    const second = await strategy.refreshRetryTokenForRetry(
      first,
      failure("TRANSIENT", "ECONNREFUSED"),
    );
    const third = await strategy.refreshRetryTokenForRetry(
      second,
      failure("TRANSIENT", "ECONNREFUSED"),
    );
    expect(third.getRetryCount()).toBe(2);
    await expect(
      strategy.refreshRetryTokenForRetry(third, failure("TRANSIENT", "ENOTFOUND")),
    ).rejects.toThrow(/unreachable/);
    // A dropped connection is not an unreachable host: it is retried for as long as allowed.
    const reset = await strategy.refreshRetryTokenForRetry(
      third,
      failure("TRANSIENT", "ECONNRESET"),
    );
    expect(reset.getRetryCount()).toBe(3);
  });

  it("gives up on a call that has kept failing for longer than it allows", async () => {
    let now = 5_000;
    const strategy = new PacedRetryStrategy({
      giveUpAfterMs: 1000,
      random: () => 0,
      now: () => now,
    });
    const token = await strategy.acquireInitialRetryToken();
    now = 6_000;
    const retried = await strategy.refreshRetryTokenForRetry(token, failure("SERVER_ERROR"));
    now = 6_001;
    await expect(
      strategy.refreshRetryTokenForRetry(retried, failure("SERVER_ERROR")),
    ).rejects.toThrow(/gave up/);
  });
});

describe("paced retry strategy without a pacer or a clock of its own", () => {
  it("retries throttles and records successes, and gives up by the real clock", async () => {
    const strategy = new PacedRetryStrategy({ random: () => 0 });
    expect(strategy.mode).toBe("paced");
    const token = await strategy.acquireInitialRetryToken();
    expect(token.getRetryDelay()).toBe(0);
    const next = await strategy.refreshRetryTokenForRetry(token, failure("THROTTLING"));
    expect(next.getRetryCount()).toBe(1);
    strategy.recordSuccess();
    await expect(strategy.refreshRetryTokenForRetry(next, failure("CLIENT_ERROR"))).rejects.toThrow(
      "not retryable",
    );
    const impatient = new PacedRetryStrategy({ random: () => 0, giveUpAfterMs: -1 });
    const first = await impatient.acquireInitialRetryToken();
    await expect(
      impatient.refreshRetryTokenForRetry(first, failure("SERVER_ERROR")),
    ).rejects.toThrow("gave up");
  });

  it("keeps the other listeners when one is removed twice", () => {
    const strategy = new PacedRetryStrategy();
    const [a, b] = [recorder(), recorder()];
    const removeA = strategy.addListener(a);
    strategy.addListener(b);
    removeA();
    removeA();
    strategy.recordSuccess();
    expect([a.successes, b.successes]).toEqual([0, 1]);
  });
});

describe("paced retry strategy backoff", () => {
  afterEach(() => void vi.useRealTimers());

  /** How long the retry waits, in fake time: resolves within `ms` and not 1 ms before. */
  async function waits(strategy: PacedRetryStrategy, retryCount: number, info: RetryErrorInfo) {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
    let token = await strategy.acquireInitialRetryToken();
    // Tokens only carry their count: climb to the one asked for without waiting for real.
    for (let i = 0; i < retryCount; i++) {
      const next = strategy.refreshRetryTokenForRetry(token, failure("SERVER_ERROR"));
      await vi.runAllTimersAsync();
      token = await next;
    }
    let done = false;
    const retry = strategy.refreshRetryTokenForRetry(token, info).then(() => void (done = true));
    const steps: number[] = [];
    for (let t = 0; t < 10_000 && !done; t += 1) {
      await vi.advanceTimersByTimeAsync(1);
      steps.push(t);
    }
    await retry;
    return steps.length;
  }

  it("waits a full-jitter share of an exponential ceiling, capped", async () => {
    const options = { random: () => 1, giveUpAfterMs: Infinity };
    expect(await waits(new PacedRetryStrategy(options), 0, failure("SERVER_ERROR"))).toBe(100);
    expect(await waits(new PacedRetryStrategy(options), 3, failure("SERVER_ERROR"))).toBe(800);
    expect(await waits(new PacedRetryStrategy(options), 12, failure("SERVER_ERROR"))).toBe(5_000);
    expect(
      await waits(
        new PacedRetryStrategy({ ...options, baseDelayMs: 10, maxDelayMs: 70 }),
        3,
        failure("SERVER_ERROR"),
      ),
    ).toBe(70);
    const half = new PacedRetryStrategy({ random: () => 0.5, giveUpAfterMs: Infinity });
    expect(await waits(half, 2, failure("SERVER_ERROR"))).toBe(200);
  });

  it("waits at least as long as the server's Retry-After asks", async () => {
    const strategy = new PacedRetryStrategy({ random: () => 0, giveUpAfterMs: Infinity });
    const info = { ...failure("THROTTLING"), retryAfterHint: new Date(1_000_000 + 2_000) };
    expect(await waits(strategy, 0, info)).toBe(2_000);
  });
});
