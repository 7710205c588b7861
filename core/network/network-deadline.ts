// One deadline for every call SSO Tray makes over the network. An endpoint that accepts the
// connection and never answers (a dead proxy, a TLS-intercepting box, a wrong
// AWS_ENDPOINT_URL_*) must end a command with a message, never a hang.
//
// Each attempt gets NETWORK_ATTEMPTS tries of `networkTimeoutMs` each: connecting, waiting for
// the answer and every pause while it arrives are bounded by it. With the default that is about
// 27 s before the user hears what to check.

import { describeRoute, routeRemedy, type ProxyRoute } from "./proxy-for-url.js";

export type Env = Record<string, string | undefined>;

export const DEFAULT_NETWORK_TIMEOUT_MS = 9_000;
/** The SDK's standard retry budget: the first try and two retries. */
export const NETWORK_ATTEMPTS = 3;
/** Tests set this to a few hundred milliseconds so a stalled endpoint fails fast. */
export const NETWORK_TIMEOUT_VARIABLE = "SSOTRAY_NETWORK_TIMEOUT_MS";

/**
 * A refresh's deadline: one try as long as all of another call's tries. A refresh is never
 * retried (a refresh token may be single-use, and a retry would spend a used one), so its one try
 * gets the whole budget: an answer that comes late is still taken.
 */
export function refreshTimeoutMs(env: Env): number {
  return NETWORK_ATTEMPTS * networkTimeoutMs(env);
}

/** The per-try deadline: SSOTRAY_NETWORK_TIMEOUT_MS when it is a whole number of ms (1 to 600,000). */
export function networkTimeoutMs(env: Env): number {
  const raw = env[NETWORK_TIMEOUT_VARIABLE]?.trim();
  if (!raw || !/^\d+$/.test(raw)) return DEFAULT_NETWORK_TIMEOUT_MS;
  const ms = Number(raw);
  return ms >= 1 && ms <= 600_000 ? ms : DEFAULT_NETWORK_TIMEOUT_MS;
}

/**
 * The options for the SDK's Node HTTP handler. Without throwOnRequestTimeout the handler only
 * logs a warning when requestTimeout passes and keeps waiting; socketTimeout covers an answer
 * that starts and then stalls (requestTimeout ends when the headers arrive).
 */
export function sdkRequestHandler(
  env: Env,
  ms: number = networkTimeoutMs(env),
): {
  connectionTimeout: number;
  requestTimeout: number;
  socketTimeout: number;
  throwOnRequestTimeout: true;
} {
  return {
    connectionTimeout: ms,
    requestTimeout: ms,
    socketTimeout: ms,
    throwOnRequestTimeout: true,
  };
}

interface ErrorLike {
  name?: string;
  code?: string;
  cause?: unknown;
}

/** A deadline passed: the SDK handler's TimeoutError, a socket's ETIMEDOUT, or fetch's AbortSignal.timeout. */
export function isTimeoutError(error: unknown): boolean {
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.name === "TimeoutError" || e.code === "ETIMEDOUT" || e.code === "UND_ERR_CONNECT_TIMEOUT")
      return true;
    e = e.cause as ErrorLike | undefined;
  }
  return false;
}

export interface StalledCall {
  /** "IAM Identity Center", "The portal", "The console sign-in service" */
  service: string;
  endpoint: string;
  /** What was under way: "getting credentials for role X in account Y". */
  doing: string;
  /** The AWS_ENDPOINT_URL_* variable that can point the service elsewhere. */
  endpointVariable: string;
  /** The proxy that connected the tunnel to it, when one did (network/stalled-route.ts). */
  via?: ProxyRoute;
  /** A call sent once by design (a refresh), not NETWORK_ATTEMPTS times: see OnceOnly. */
  once?: OnceOnly;
}

/** What a user must hear about a call that is never retried, when its answer did not come. */
export interface OnceOnly {
  /** The one try's deadline. */
  timeoutMs: number;
  /** Why it was sent once: "a refresh is never retried". */
  why: string;
  /** What the lost answer may have cost, and what to do about it. */
  afterwards: string;
}

/** 900 → "0.9 s", 27000 → "27 s". */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** What a user reads when a service never answered: where, what for, and what to check. */
export function stalledMessage(call: StalledCall): string {
  if (call.once) {
    const { timeoutMs, why, afterwards } = call.once;
    const head = `${call.service} at ${call.endpoint} did not answer within ${seconds(timeoutMs)} while ${call.doing}, in the one try it gets (${why})`;
    const check = call.via
      ? `, though ${describeRoute(call.via)} connected to it: check ${call.endpointVariable} if it is set, and whether the proxy lets the answers through; or ${routeRemedy(call.via)}`
      : `: check your network and proxy, and ${call.endpointVariable} if it is set`;
    return `${head}${check}. ${afterwards}`;
  }
  if (call.via) {
    // The proxy made the tunnel: the endpoint behind it is what to look at first.
    return (
      `${call.service} at ${call.endpoint} did not answer in ${NETWORK_ATTEMPTS} tries while ${call.doing}, ` +
      `though ${describeRoute(call.via)} connected to it: check ${call.endpointVariable} if it is set, ` +
      `and whether the proxy lets the answers through; or ${routeRemedy(call.via)}`
    );
  }
  return (
    `${call.service} at ${call.endpoint} did not answer in ${NETWORK_ATTEMPTS} tries while ${call.doing}: ` +
    `check your network and proxy, and ${call.endpointVariable} if it is set`
  );
}
