import type { RetryErrorInfo, SdkError } from "@smithy/types";
import { describe, expect, it } from "vitest";
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
    let now = 0;
    const strategy = new PacedRetryStrategy({
      giveUpAfterMs: 1000,
      random: () => 0,
      now: () => now,
    });
    const token = await strategy.acquireInitialRetryToken();
    now = 1000;
    const retried = await strategy.refreshRetryTokenForRetry(token, failure("SERVER_ERROR"));
    now = 1001;
    await expect(
      strategy.refreshRetryTokenForRetry(retried, failure("SERVER_ERROR")),
    ).rejects.toThrow(/gave up/);
  });
});
