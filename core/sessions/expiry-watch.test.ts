import { describe, expect, it } from "vitest";
import type { SessionStatus } from "../../shared/model.js";
import { ExpiryWatch, planExpiryEvents, type ExpiryEvent } from "./expiry-watch.js";
import { FakeClock } from "../../test-support/fake-clock.js";

function session(
  name: string,
  expiresInMs: number,
  clock: FakeClock,
  canRefresh = false,
): SessionStatus {
  return {
    name,
    startUrl: "https://acme.awsapps.com/start",
    region: "eu-west-1",
    source: "sso-session",
    state: "signed-in",
    expiresAt: new Date(clock.now() + expiresInMs).toISOString(),
    canRefresh,
  };
}

describe("expiry notifications", () => {
  it("plans nothing for a session that refreshes silently", () => {
    const clock = new FakeClock();
    expect(planExpiryEvents([session("a", 3_600_000, clock, true)], 15)).toEqual([]);
  });

  it("warns 15 minutes before the end and says when it has ended, once each", () => {
    const clock = new FakeClock();
    const seen: ExpiryEvent[] = [];
    const watch = new ExpiryWatch(clock, (e) => seen.push(e));
    const sessions = [session("acme", 60 * 60_000, clock)];
    watch.update(sessions, 15);
    clock.advance(45 * 60_000 - 1);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen.map((e) => e.kind)).toEqual(["ending"]);
    watch.update(sessions, 15); // a status change re-plans, but does not repeat the warning
    clock.advance(15 * 60_000);
    expect(seen.map((e) => e.kind)).toEqual(["ending", "ended"]);
    watch.update(sessions, 15);
    clock.advance(60 * 60_000);
    expect(seen).toHaveLength(2);
  });

  it("warns at once when the app starts inside the warning window, using the configured minutes", () => {
    const clock = new FakeClock();
    const seen: ExpiryEvent[] = [];
    new ExpiryWatch(clock, (e) => seen.push(e)).update([session("acme", 10 * 60_000, clock)], 30);
    clock.advance(0);
    expect(seen.map((e) => e.kind)).toEqual(["ending"]);
  });
});
