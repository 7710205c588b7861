// The device-authorization grant (RFC 8628), as the AWS CLI runs it for legacy profiles and with
// --use-device-code: StartDeviceAuthorization, then CreateToken every `interval` seconds.
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  SlowDownException,
  StartDeviceAuthorizationCommand,
  type SSOOIDCClient,
} from "@aws-sdk/client-sso-oidc";
import { shown, signInPageProblem, USER_CODE } from "../portal/portal-shapes.js";
import { sleep } from "./abortable.js";
import { describeOidcError, SignInError } from "./oidc-errors.js";
import { tokenFromResponse } from "./token-response.js";
import { DEVICE_CODE_GRANT, type ClientRegistration, type OidcToken } from "./types.js";

/** RFC 8628 §3.2: the interval when the server names none; §3.5: what slow_down adds, for good. */
export const DEFAULT_INTERVAL_SECONDS = 5;
export const SLOW_DOWN_SECONDS = 5;

export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: Date;
}

export interface DeviceFlowOptions {
  client: SSOOIDCClient;
  endpoint: string;
  registration: ClientRegistration;
  startUrl: string;
  onPrompt: (prompt: DevicePrompt) => void;
  signal?: AbortSignal;
  now?: () => number;
  /**
   * Scopes to ask for at token time (CreateToken's `scope`); left out, the token has the
   * registration's, as the AWS CLI asks. Given when a session adds the account access scopes.
   */
  scopes?: string[];
}

export async function deviceSignIn(opts: DeviceFlowOptions): Promise<OidcToken> {
  const now = opts.now ?? Date.now;
  const { clientId, clientSecret } = opts.registration;
  let auth;
  try {
    auth = await opts.client.send(
      new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: opts.startUrl }),
      {
        abortSignal: opts.signal,
      },
    );
  } catch (error) {
    throw describeOidcError(error, opts.endpoint, "starting the device sign-in");
  }
  const { deviceCode, userCode, verificationUri, verificationUriComplete, expiresIn } = auth;
  if (!deviceCode || !userCode || !verificationUri || expiresIn === undefined) {
    throw new SignInError(
      "IAM Identity Center answered StartDeviceAuthorization without a device code; try again",
      "service",
    );
  }
  // The code and the pages reach a terminal and the browser: a service that answers otherwise
  // (a wrong endpoint override, a proxy that rewrites answers) is refused before it is shown.
  const complete = verificationUriComplete ?? verificationUri;
  const problem = !USER_CODE.test(userCode)
    ? `a user code that is not one ('${shown(userCode)}')`
    : (pageProblem("verificationUri", verificationUri) ??
      pageProblem("verificationUriComplete", complete, verificationUri));
  if (problem) {
    throw new SignInError(
      `IAM Identity Center at ${opts.endpoint} answered StartDeviceAuthorization with ${problem}; no sign-in was started. Check AWS_ENDPOINT_URL_SSO_OIDC and any proxy between you and AWS`,
      "service",
    );
  }
  // Deadlines use the wall clock: the code dies on the server's clock, not an injected one.
  const deadline = Date.now() + expiresIn * 1000;
  let intervalMs =
    (auth.interval && auth.interval > 0 ? auth.interval : DEFAULT_INTERVAL_SECONDS) * 1000;
  const expired = (): SignInError =>
    new SignInError(
      `The sign-in code ${userCode} expired before it was approved; start the sign-in again`,
      "expired",
    );

  let prompted = false;
  for (;;) {
    try {
      const out = await opts.client.send(
        new CreateTokenCommand({
          clientId,
          clientSecret,
          grantType: DEVICE_CODE_GRANT,
          deviceCode,
          ...(opts.scopes ? { scope: opts.scopes } : {}),
        }),
        {
          abortSignal: opts.signal,
        },
      );
      return tokenFromResponse(out, now());
    } catch (error) {
      if (error instanceof SlowDownException) {
        intervalMs += SLOW_DOWN_SECONDS * 1000;
      } else if (error instanceof ExpiredTokenException) {
        throw expired();
      } else if (error instanceof AccessDeniedException) {
        throw new SignInError(
          `The sign-in with code ${userCode} was denied; start it again and choose Allow`,
          "access-denied",
          { cause: error },
        );
      } else if (!(error instanceof AuthorizationPendingException)) {
        throw describeOidcError(error, opts.endpoint, "waiting for the device sign-in");
      }
    }
    // As the AWS CLI: one early attempt (a pre-approved client needs no prompt), then the prompt.
    if (!prompted) {
      prompted = true;
      opts.onPrompt({
        userCode,
        verificationUri,
        verificationUriComplete: complete,
        expiresAt: new Date(now() + expiresIn * 1000),
      });
    }
    if (Date.now() + intervalMs > deadline) throw expired();
    await sleep(intervalMs, opts.signal);
  }
}

function pageProblem(field: string, url: string, sameOriginAs?: string): string | undefined {
  const why = signInPageProblem(url, sameOriginAs);
  return why && `a ${field} that cannot be shown ('${shown(url, 80)}': ${why})`;
}
