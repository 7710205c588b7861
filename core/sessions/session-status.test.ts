import { describe, expect, it } from "vitest";
import { tokenDigest } from "./failure-store.js";
import type { SessionConfig } from "./session-config.js";
import {
  canRefresh,
  computeStatus,
  REFRESH_WINDOW_MS,
  tokenMatches,
  whyNoRefresh,
} from "./session-status.js";
import { localTime } from "../../shared/local-time.js";
import type { CachedToken, TokenRead } from "./token-cache.js";

const NOW = Date.parse("2026-11-24T12:00:00Z");
const MINUTE = 60_000;

const session: SessionConfig = {
  name: "acme",
  source: "sso-session",
  startUrl: "https://acme.awsapps.com/start",
  region: "eu-west-1",
  scopes: ["sso:account:access"],
};
const legacy: SessionConfig = { ...session, source: "legacy-profile" };

function token(minutesLeft: number, extra: Partial<CachedToken> = {}): CachedToken {
  return {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: "access",
    expiresAt: new Date(NOW + minutesLeft * MINUTE),
    ...extra,
  };
}
const refreshable: Partial<CachedToken> = {
  refreshToken: "refresh",
  clientId: "client",
  clientSecret: "secret",
  registrationExpiresAt: new Date(NOW + 90 * 24 * 60 * MINUTE),
};
const ok = (t: CachedToken): TokenRead => ({ kind: "ok", path: "/t.json", token: t });

describe("session status", () => {
  it("uses the AWS CLI's 15-minute refresh window", () => {
    expect(REFRESH_WINDOW_MS).toBe(15 * MINUTE);
  });

  it("calls a session that cannot refresh expiring once fewer than 15 minutes remain", () => {
    const state = (minutes: number) => computeStatus(legacy, ok(token(minutes)), NOW).state;
    expect(state(60)).toBe("signed-in");
    expect(state(15)).toBe("signed-in");
    expect(state(14.9)).toBe("expiring");
    expect(state(13)).toBe("expiring");
    expect(state(1)).toBe("expiring");
    expect(state(0)).toBe("sign-in-needed");
  });

  it("keeps a refreshable session signed in to the end, and past it", () => {
    for (const minutes of [60, 10, -5]) {
      expect(computeStatus(session, ok(token(minutes, refreshable)), NOW)).toMatchObject({
        state: "signed-in",
        canRefresh: true,
      });
    }
  });

  it("says why an expired session needs a new sign-in", () => {
    expect(computeStatus(legacy, ok(token(-1)), NOW)).toMatchObject({
      state: "sign-in-needed",
      canRefresh: false,
      problem: expect.stringMatching(
        /^The sign-in expired at [^T]*\d\d:\d\d[^T]*; profiles with sso_start_url/,
      ),
    });
    expect(whyNoRefresh(session, token(-1), NOW)).toBe("the cached sign-in has no refresh token");
    expect(whyNoRefresh(session, token(-1, { refreshToken: "r" }), NOW)).toBe(
      "the cached sign-in has no client registration",
    );
    const lapsed = token(-1, { ...refreshable, registrationExpiresAt: new Date(NOW) });
    expect(canRefresh(session, lapsed, NOW)).toBe(false);
    expect(whyNoRefresh(session, lapsed, NOW)).toBe(
      `the client registration expired at ${localTime(new Date(NOW), NOW)}`,
    );
    // The user's clock, as every other time is shown, never raw UTC.
    expect(whyNoRefresh(session, lapsed, NOW)).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it("reports a missing, corrupt or foreign token and a remembered failure", () => {
    expect(computeStatus(session, { kind: "missing", path: "/t" }, NOW).state).toBe("signed-out");
    expect(
      computeStatus(session, { kind: "corrupt", path: "/t", problem: "bad JSON" }, NOW),
    ).toMatchObject({ state: "sign-in-needed", problem: "Bad JSON" });
    expect(
      computeStatus(session, ok(token(60, { startUrl: "https://other.awsapps.com/start" })), NOW),
    ).toMatchObject({
      state: "sign-in-needed",
      problem: `The cached sign-in is for https://other.awsapps.com/start, not ${session.startUrl}`,
    });
    expect(
      computeStatus(session, ok(token(60, refreshable)), NOW, {
        token: tokenDigest("access"),
        why: "the refresh was refused",
      }),
    ).toMatchObject({ state: "sign-in-needed", problem: "The refresh was refused" });
    expect(
      computeStatus(session, ok(token(60, refreshable)), NOW, {
        token: tokenDigest("older"),
        why: "the refresh was refused",
      }).state,
    ).toBe("signed-in");
    expect(
      computeStatus({ ...session, problem: "lacks sso_region" }, ok(token(60)), NOW),
    ).toMatchObject({ state: "sign-in-needed", problem: "lacks sso_region" });
  });

  it("can refresh only an sso-session token with every refresh key and a live registration", () => {
    expect(canRefresh(session, token(60, refreshable), NOW)).toBe(true);
    expect(canRefresh(legacy, token(60, refreshable), NOW)).toBe(false);
    for (const key of ["refreshToken", "clientId", "clientSecret", "registrationExpiresAt"]) {
      const partial = token(60, { ...refreshable, [key]: undefined });
      expect(canRefresh(session, partial, NOW), key).toBe(false);
      expect(computeStatus(session, ok(partial), NOW), key).toMatchObject({
        state: "signed-in",
        canRefresh: false,
      });
    }
  });

  it("names a missing registration whichever part is missing, and says so when nothing is", () => {
    for (const key of ["clientId", "clientSecret", "registrationExpiresAt"]) {
      expect(whyNoRefresh(session, token(-1, { ...refreshable, [key]: undefined }), NOW), key).toBe(
        "the cached sign-in has no client registration",
      );
    }
    expect(whyNoRefresh(session, token(-1, refreshable), NOW)).toBe(
      "the sign-in cannot be refreshed",
    );
  });

  it("takes a token without a start URL as the session's own", () => {
    expect(tokenMatches(session, token(60, { startUrl: "" }))).toBe(true);
    expect(tokenMatches(session, token(60, { startUrl: "https://x.awsapps.com/start" }))).toBe(
      false,
    );
  });

  it("never offers a refresh for a session that needs a new sign-in", () => {
    const needs = [
      computeStatus({ ...session, problem: "lacks sso_region" }, ok(token(60, refreshable)), NOW),
      computeStatus(session, { kind: "missing", path: "/t" }, NOW),
      computeStatus(session, { kind: "corrupt", path: "/t", problem: "bad" }, NOW),
      computeStatus(
        session,
        ok(token(60, { ...refreshable, startUrl: "https://x.awsapps.com/start" })),
        NOW,
      ),
      computeStatus(session, ok(token(60, refreshable)), NOW, {
        token: tokenDigest("access"),
        why: "no",
      }),
      computeStatus(legacy, ok(token(-1)), NOW),
    ];
    for (const status of needs) expect(status.canRefresh, JSON.stringify(status)).toBe(false);
  });
});
