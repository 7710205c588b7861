import { describe, expect, it, vi } from "vitest";
import { AimdLimiter } from "./aimd-limiter.js";
import { AdaptivePacer, currentLane, inLane } from "./rate-pacer.js";

describe("adaptive pacer", () => {
  it("spaces calls evenly at its rate instead of letting them burst", async () => {
    const pacer = new AdaptivePacer({ rate: 50 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 11 }, () => pacer.acquire()));
    // 11 calls at 50/s: the last starts 10 intervals (200 ms) after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("slows down once per burst of throttles and climbs back while calls succeed", () => {
    let now = 0;
    const pacer = new AdaptivePacer({ rate: 20, decrease: 0.5, increase: 1, now: () => now });
    pacer.onThrottle();
    pacer.onThrottle();
    expect(pacer.currentRate).toBe(10);
    now = 1500;
    pacer.onThrottle();
    expect(pacer.currentRate).toBe(5);
    for (let i = 0; i < 30; i++) pacer.onSuccess();
    expect(pacer.currentRate).toBe(20);
    expect(pacer.throttleCount).toBe(3);
  });
});

describe("adaptive pacer after a throttle", () => {
  /** Whether acquire() has resolved after `ms` of (fake) timers, with the pacer's clock still. */
  async function startsWithin(pacer: AdaptivePacer, ms: number): Promise<boolean> {
    let started = false;
    const slot = pacer.acquire().then(() => void (started = true));
    await vi.advanceTimersByTimeAsync(ms);
    if (started) await slot;
    return started;
  }

  it("makes the next call wait one interval at the lowered rate, even when a slot was free", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let now = 5_000;
      const pacer = new AdaptivePacer({ rate: 20, decrease: 0.5, now: () => now });
      await pacer.acquire();
      now = 6_000;
      // Without a throttle, a call long after the last one starts at once.
      expect(await startsWithin(pacer, 0)).toBe(true);

      now = 9_000;
      pacer.onThrottle();
      expect(pacer.currentRate).toBe(10);
      // 10 calls/s: the next one starts 100 ms after the throttle, not before.
      let started = false;
      const slot = pacer.acquire().then(() => void (started = true));
      await vi.advanceTimersByTimeAsync(99);
      expect(started).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await slot;
      expect(started).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("adaptive pacer limits and cancellation", () => {
  it("never starts above its ceiling, and cuts again a full second after the last cut", () => {
    expect(new AdaptivePacer({ rate: 30, maxRate: 20 }).currentRate).toBe(20);
    let now = 0;
    const pacer = new AdaptivePacer({ rate: 16, decrease: 0.5, now: () => now });
    pacer.onThrottle();
    now = 999;
    pacer.onThrottle();
    expect(pacer.currentRate).toBe(8);
    now = 1_000;
    pacer.onThrottle();
    expect(pacer.currentRate).toBe(4);
  });

  it("stops waiting for a slot when the caller gives up", async () => {
    const pacer = new AdaptivePacer({ rate: 1 });
    await pacer.acquire();
    const gone = new AbortController();
    gone.abort(new Error("cancelled before"));
    await expect(pacer.acquire(gone.signal)).rejects.toThrow("cancelled before");
    const later = new AbortController();
    const waiting = pacer.acquire(later.signal);
    later.abort(new Error("cancelled while waiting"));
    await expect(waiting).rejects.toThrow("cancelled while waiting");
  });
});

describe("adaptive pacer lanes", () => {
  it("gives the next slot to a demand call ahead of the listing and the background queue", async () => {
    const pacer = new AdaptivePacer({ rate: 100 });
    const order: string[] = [];
    await pacer.acquire();
    const waits = [
      ...Array.from({ length: 5 }, (_, i) =>
        pacer.acquire(undefined, "background").then(() => order.push(`background ${i}`)),
      ),
      pacer.acquire(undefined, "listing").then(() => order.push("listing")),
      inLane("demand", () => pacer.acquire()).then(() => order.push("demand")),
    ];
    await Promise.all(waits);
    expect(order).toEqual([
      "demand",
      "listing",
      "background 0",
      "background 1",
      "background 2",
      "background 3",
      "background 4",
    ]);
    expect(pacer.slotsServed).toEqual({ demand: 1, listing: 1, background: 6 });
  });

  it("keeps one rate for every lane together", async () => {
    const pacer = new AdaptivePacer({ rate: 50 });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        pacer.acquire(undefined, i % 2 === 0 ? "demand" : "background"),
      ),
    );
    // 11 calls at 50/s whatever their lanes: the last starts 10 intervals after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("carries the lane through awaits inside the work", async () => {
    expect(currentLane()).toBe("background");
    const seen = await inLane("demand", async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentLane();
    });
    expect(seen).toBe("demand");
  });
});

describe("AIMD limiter", () => {
  it("never exceeds its limit, grows on success and halves on a throttle", async () => {
    let now = 0;
    const limiter = new AimdLimiter({ initial: 4, max: 6, now: () => now });
    let inFlight = 0;
    let peak = 0;
    const task = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      limiter.onSuccess();
    };
    await Promise.all(Array.from({ length: 60 }, () => limiter.run(task)));
    expect(peak).toBeLessThanOrEqual(6);
    expect(limiter.currentLimit).toBe(6);
    limiter.onThrottle();
    expect(limiter.currentLimit).toBe(3);
    limiter.onThrottle();
    expect(limiter.currentLimit).toBe(3);
    now = 2000;
    limiter.onThrottle();
    expect(limiter.currentLimit).toBe(1);
  });
});
