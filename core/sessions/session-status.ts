// A session's state, from its configuration and its cached token. Pure: the clock is passed in.
import type { SessionStatus } from "../../shared/model.js";
import { localTime } from "../../shared/local-time.js";
import type { SessionConfig } from "./session-config.js";
import { failureApplies, type KnownFailure } from "./failure-store.js";
import type { CachedToken, TokenRead } from "./token-cache.js";

/** The AWS CLI refreshes when fewer than 15 minutes remain (botocore SSOTokenProvider._REFRESH_WINDOW). */
export const REFRESH_WINDOW_MS = 15 * 60_000;

export function canRefresh(config: SessionConfig, token: CachedToken, nowMs: number): boolean {
  return (
    config.source === "sso-session" &&
    token.refreshToken !== undefined &&
    token.clientId !== undefined &&
    token.clientSecret !== undefined &&
    token.registrationExpiresAt !== undefined &&
    token.registrationExpiresAt.getTime() > nowMs
  );
}

/** Why a token cannot be refreshed, in words for "needs a new sign-in: …". */
export function whyNoRefresh(config: SessionConfig, token: CachedToken, nowMs: number): string {
  if (config.source === "legacy-profile")
    return "profiles with sso_start_url of their own cannot be refreshed (use an [sso-session] to stay signed in)";
  if (!token.refreshToken) return "the cached sign-in has no refresh token";
  if (!token.clientId || !token.clientSecret || !token.registrationExpiresAt)
    return "the cached sign-in has no client registration";
  if (token.registrationExpiresAt.getTime() <= nowMs)
    return `the client registration expired at ${localTime(token.registrationExpiresAt, nowMs)}`;
  return "the sign-in cannot be refreshed";
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The cached token belongs to this session's instance (a changed sso_start_url orphans it). */
export function tokenMatches(config: SessionConfig, token: CachedToken): boolean {
  return token.startUrl === "" || token.startUrl === config.startUrl;
}

export function mismatchWhy(config: SessionConfig, token: CachedToken): string {
  return `the cached sign-in is for ${token.startUrl}, not ${config.startUrl}`;
}

export function computeStatus(
  config: SessionConfig,
  read: TokenRead,
  nowMs: number,
  failure?: KnownFailure,
): SessionStatus {
  const base = {
    name: config.name,
    startUrl: config.startUrl,
    region: config.region,
    source: config.source,
  };
  if (config.problem)
    return { ...base, state: "sign-in-needed", canRefresh: false, problem: config.problem };
  if (read.kind === "missing")
    return {
      ...base,
      state: "signed-out",
      canRefresh: false,
      ...(read.why ? { problem: capital(read.why) } : {}),
    };
  if (read.kind === "corrupt")
    return { ...base, state: "sign-in-needed", canRefresh: false, problem: capital(read.problem) };
  const token = read.token;
  const expiresAt = token.expiresAt.toISOString();
  if (!tokenMatches(config, token)) {
    return {
      ...base,
      state: "sign-in-needed",
      canRefresh: false,
      expiresAt,
      problem: capital(mismatchWhy(config, token)),
    };
  }
  const refreshable = canRefresh(config, token, nowMs);
  if (failureApplies(failure, token)) {
    return {
      ...base,
      state: "sign-in-needed",
      canRefresh: false,
      expiresAt,
      problem: capital(failure.why),
    };
  }
  const left = token.expiresAt.getTime() - nowMs;
  if (refreshable) return { ...base, state: "signed-in", canRefresh: true, expiresAt };
  if (left <= 0) {
    return {
      ...base,
      state: "sign-in-needed",
      canRefresh: false,
      expiresAt,
      problem: `The sign-in expired at ${localTime(expiresAt, nowMs)}; ${whyNoRefresh(config, token, nowMs)}`,
    };
  }
  return {
    ...base,
    state: left < REFRESH_WINDOW_MS ? "expiring" : "signed-in",
    canRefresh: false,
    expiresAt,
  };
}
