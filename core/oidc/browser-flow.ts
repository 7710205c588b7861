// The authorization-code grant with PKCE, as the AWS CLI v2 runs it (default since 2.22):
// a loopback listener, the /authorize page in the user's browser, then CreateToken.
import { CreateTokenCommand, type SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { race } from "./abortable.js";
import { startCallbackServer, type CallbackResult } from "./callback-server.js";
import { describeOidcError, SignInError } from "./oidc-errors.js";
import { codeChallenge, codeVerifier, newState } from "./pkce.js";
import { tokenFromResponse } from "./token-response.js";
import type { ClientRegistration, OidcToken } from "./types.js";

export const BROWSER_FLOW_TIMEOUT_MS = 10 * 60_000;

export interface BrowserFlowOptions {
  client: SSOOIDCClient;
  /** The OIDC service's base URL (see oidcBaseUrl): /authorize is a page there, not an API call. */
  oidcBase: string;
  registration: ClientRegistration;
  scopes: string[];
  openBrowser: (url: string) => Promise<void>;
  /** Called with the authorize URL before the browser is opened, so a user can open it by hand. */
  onUrl?: (url: string) => void;
  /** Told when opening the browser failed (the flow goes on: the URL was reported). */
  warn?: (message: string) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
}

/** The authorize URL, with parameters in the AWS CLI's order and encoding (spaces as %20). */
export function authorizeUrl(
  oidcBase: string,
  p: { clientId: string; redirectUri: string; state: string; scopes: string[]; challenge: string },
): string {
  const params: Array<[string, string]> = [
    ["response_type", "code"],
    ["client_id", p.clientId],
    ["redirect_uri", p.redirectUri],
    ["state", p.state],
    ["code_challenge_method", "S256"],
    ["scopes", p.scopes.join(" ")],
    ["code_challenge", p.challenge],
  ];
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return `${oidcBase.replace(/\/+$/, "")}/authorize?${query}`;
}

export async function browserSignIn(opts: BrowserFlowOptions): Promise<OidcToken> {
  const now = opts.now ?? Date.now;
  const verifier = codeVerifier();
  const state = newState();
  const server = await startCallbackServer(
    (r: CallbackResult) => {
      if ("error" in r)
        return r.error === "access_denied"
          ? "The sign-in was denied."
          : `IAM Identity Center answered '${r.error}'.`;
      return undefined;
    },
    // Only the answer carrying our state ends the sign-in, an error included: anyone who can
    // reach the port could otherwise cancel it, or slip in a code of their own.
    (r) => r.state === state,
  );
  try {
    const url = authorizeUrl(opts.oidcBase, {
      clientId: opts.registration.clientId,
      redirectUri: server.redirectUri,
      state,
      scopes: opts.scopes,
      challenge: codeChallenge(verifier),
    });
    opts.onUrl?.(url);
    try {
      await opts.openBrowser(url);
    } catch (error) {
      opts.warn?.(
        `Could not open the browser (${error instanceof Error ? error.message : String(error)}); open ${url} yourself`,
      );
    }
    const timeoutMs = opts.timeoutMs ?? BROWSER_FLOW_TIMEOUT_MS;
    const answer = await race(
      server.result,
      timeoutMs,
      () =>
        new SignInError(
          `No answer from the browser within ${Math.round(timeoutMs / 60_000) || 1} minutes; start the sign-in again and approve it in the browser`,
          "timeout",
        ),
      opts.signal,
    );
    if ("error" in answer) {
      if (answer.error === "access_denied") {
        throw new SignInError(
          "The sign-in was denied in the browser; start it again and choose Allow",
          "access-denied",
        );
      }
      const said = answer.description ? `${answer.error}: ${answer.description}` : answer.error;
      throw new SignInError(
        `IAM Identity Center refused the sign-in (${said}); start it again`,
        "service",
      );
    }
    if (answer.state !== state) {
      throw new SignInError(
        "The browser answered with a different sign-in request's state; start the sign-in again",
        "state-mismatch",
      );
    }
    try {
      const out = await opts.client.send(
        new CreateTokenCommand({
          clientId: opts.registration.clientId,
          clientSecret: opts.registration.clientSecret,
          grantType: "authorization_code",
          code: answer.code,
          redirectUri: server.redirectUri,
          codeVerifier: verifier,
        }),
        { abortSignal: opts.signal },
      );
      return tokenFromResponse(out, now());
    } catch (error) {
      throw describeOidcError(error, opts.oidcBase, "exchanging the sign-in code for a token");
    }
  } finally {
    server.close();
  }
}
