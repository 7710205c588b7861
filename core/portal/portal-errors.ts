// Portal failures in words a user can act on. The SDK's exceptions carry the service's terse
// message; these say what happened and what to do.

import { stalledRoute } from "../network/stalled-route.js";
import { isTimeoutError, stalledMessage } from "../network/network-deadline.js";
import { networkPathError } from "../network/network-path-error.js";
import { SignInNeededError } from "../sessions/session-errors.js";
import { shown } from "./portal-shapes.js";

export class PortalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PortalError";
  }
}

/** The portal refused the session's token even after a forced refresh: the sign-in is gone. */
export function portalRefusedSignIn(session: string, cause: unknown): SignInNeededError {
  return new SignInNeededError(
    session,
    "the portal refused its access token even after a refresh",
    {
      cause,
    },
  );
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function isUnauthorized(error: unknown): boolean {
  const e = error as SdkErrorLike | undefined;
  return e?.name === "UnauthorizedException" || e?.$metadata?.httpStatusCode === 401;
}

export function isAbort(error: unknown): boolean {
  const name = (error as SdkErrorLike | undefined)?.name;
  return name === "AbortError";
}

/** Wraps an SDK or network error from a portal call; errors that already speak plainly pass through. */
export function describePortalError(error: unknown, what: string, endpoint: string): Error {
  if (error instanceof PortalError || error instanceof SignInNeededError) return error;
  const e = (error ?? {}) as SdkErrorLike;
  if (e.name === "SignInNeededError" || isAbort(error)) return error as Error;
  const status = e.$metadata?.httpStatusCode;
  const code = e.code ?? "";
  // The proxy or a certificate: the message already names them and what to change.
  const path = networkPathError(error);
  if (path) return new PortalError(`${path.message} (while ${what})`, { cause: error });
  if (isTimeoutError(error)) {
    return new PortalError(
      stalledMessage({
        service: "The portal",
        endpoint,
        doing: what,
        endpointVariable: "AWS_ENDPOINT_URL_SSO",
        via: stalledRoute(error),
      }),
      { cause: error },
    );
  }
  if (e.name === "TooManyRequestsException" || status === 429) {
    return new PortalError(`The portal kept throttling ${what} for minutes; try again later`, {
      cause: error,
    });
  }
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code)) {
    return new PortalError(
      `Could not reach the portal at ${endpoint} (${code}) while ${what}; check your network, proxy or region`,
      {
        cause: error,
      },
    );
  }
  if (status !== undefined && status >= 500) {
    return new PortalError(
      `The portal kept failing (HTTP ${status}) while ${what}; try again later`,
      { cause: error },
    );
  }
  if (["ECONNRESET", "EPIPE"].includes(code)) {
    return new PortalError(
      `The connection to the portal kept dropping while ${what}; check your network and try again`,
      {
        cause: error,
      },
    );
  }
  if (e.name === "ResourceNotFoundException") {
    return new PortalError(
      `The portal no longer knows the account or role while ${what}; refresh the account list`,
      {
        cause: error,
      },
    );
  }
  // The portal's own words, which it may have filled with escapes or lines: shown, never obeyed.
  return new PortalError(`The portal refused ${what}: ${shown(e.message ?? String(error), 300)}`, {
    cause: error,
  });
}
