// Sign-in failures in words a user can act on. The SDK's exceptions carry the service's terse
// OAuth error ("invalid_grant"); these say what happened and what to do next.
import { stalledRoute } from "../network/stalled-route.js";
import { isTimeoutError, stalledMessage, type OnceOnly } from "../network/network-deadline.js";
import { networkPathError } from "../network/network-path-error.js";

export type SignInFailure =
  | "access-denied" // the user (or a policy) refused the request
  | "expired" // the device code or authorization code ran out before the user approved it
  | "timeout" // our own time limit for the browser flow
  | "cancelled"
  | "unreachable" // connection refused, DNS failure, timeouts
  | "state-mismatch" // the callback did not answer our request
  | "invalid-client" // the client registration is unknown, revoked or expired
  | "invalid-grant" // the refresh token or code is no longer valid
  | "service"; // anything else the service said

export class SignInError extends Error {
  constructor(
    message: string,
    readonly reason: SignInFailure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = reason === "cancelled" ? "AbortError" : "SignInError";
  }
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  error_description?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
]);

function networkCode(error: unknown): string | undefined {
  // Node puts the code on the error; fetch and AggregateError bury it one level down.
  for (
    let e = error as SdkErrorLike | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as SdkErrorLike | undefined, depth++
  ) {
    if (e.code && NETWORK_CODES.has(e.code)) return e.code;
    const inner = (e as { errors?: SdkErrorLike[] }).errors;
    const found = inner?.find((x) => x.code && NETWORK_CODES.has(x.code))?.code;
    if (found) return found;
  }
  return undefined;
}

export function isAbortError(error: unknown): boolean {
  return (error as SdkErrorLike | undefined)?.name === "AbortError";
}

export function cancelled(): SignInError {
  return new SignInError("The sign-in was cancelled", "cancelled");
}

/** Connection failures after which the request may have reached the service all the same. */
const MAYBE_RECEIVED = new Set(["ECONNRESET", "EPIPE"]);

/**
 * Wraps an SDK or network error from an OIDC call. `endpoint` names the service the user's
 * settings point at; `doing` says what was under way ("registering SSO Tray", "refreshing the token").
 * `once` is for a call sent a single time by design, whose lost answer has a cost of its own.
 */
export function describeOidcError(
  error: unknown,
  endpoint: string,
  doing: string,
  once?: OnceOnly,
): SignInError {
  if (error instanceof SignInError) return error;
  if (isAbortError(error)) return cancelled();
  const e = (error ?? {}) as SdkErrorLike;
  // The proxy or a certificate: the message already names them and what to change.
  const path = networkPathError(error);
  if (path)
    return new SignInError(`${path.message} (while ${doing})`, "unreachable", { cause: error });
  const code = networkCode(error);
  // The SDK names a dropped connection a TimeoutError too; for a call sent once, which of the two
  // it was is worth saying.
  if (once && code && MAYBE_RECEIVED.has(code)) {
    return new SignInError(
      `IAM Identity Center at ${endpoint} closed the connection (${code}) without an answer while ${doing}, in the one try it gets (${once.why}): check your network and proxy, and AWS_ENDPOINT_URL_SSO_OIDC if it is set. ${once.afterwards}`,
      "unreachable",
      { cause: error },
    );
  }
  if (isTimeoutError(error)) {
    return new SignInError(
      stalledMessage({
        service: "IAM Identity Center",
        endpoint,
        doing,
        endpointVariable: "AWS_ENDPOINT_URL_SSO_OIDC",
        via: stalledRoute(error),
        ...(once ? { once } : {}),
      }),
      "unreachable",
      { cause: error },
    );
  }
  if (code) {
    return new SignInError(
      `Could not reach IAM Identity Center at ${endpoint} (${code}) while ${doing}: check the region and your network`,
      "unreachable",
      { cause: error },
    );
  }
  const detail = e.error_description || e.message || e.name || String(error);
  switch (e.name) {
    case "AccessDeniedException":
      return new SignInError(
        `The sign-in request was denied (${detail}); start the sign-in again and approve it`,
        "access-denied",
        {
          cause: error,
        },
      );
    case "ExpiredTokenException":
      return new SignInError(
        `The sign-in request expired before it was approved; start the sign-in again`,
        "expired",
        { cause: error },
      );
    case "InvalidGrantException":
      return new SignInError(
        `IAM Identity Center no longer accepts this sign-in (${detail}); sign in again`,
        "invalid-grant",
        {
          cause: error,
        },
      );
    case "InvalidClientException":
    case "UnauthorizedClientException":
      return new SignInError(
        `IAM Identity Center does not accept SSO Tray's client registration (${detail}); sign in again`,
        "invalid-client",
        {
          cause: error,
        },
      );
    case "InvalidRequestRegionException":
      return new SignInError(
        `The start URL belongs to another region than the one configured (${detail}); check the session's region`,
        "service",
        {
          cause: error,
        },
      );
    case "InvalidScopeException":
      return new SignInError(
        `IAM Identity Center refused the requested scopes (${detail}); check sso_registration_scopes`,
        "service",
        {
          cause: error,
        },
      );
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return new SignInError(
      `IAM Identity Center at ${endpoint} failed (HTTP ${status}) while ${doing}; try again in a minute`,
      "service",
      {
        cause: error,
      },
    );
  }
  return new SignInError(`IAM Identity Center refused ${doing}: ${detail}`, "service", {
    cause: error,
  });
}
