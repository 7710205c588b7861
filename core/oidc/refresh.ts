// The refresh_token grant: a new access token without the user, while the session lives.
import { CreateTokenCommand, type SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { describeOidcError } from "./oidc-errors.js";
import { tokenFromResponse } from "./token-response.js";
import type { OidcToken } from "./types.js";

export interface RefreshInput {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export async function refreshAccessToken(
  client: SSOOIDCClient,
  input: RefreshInput,
  opts: {
    endpoint: string;
    /** The deadline of the one try the client makes (refreshTimeoutMs). */
    timeoutMs: number;
    now?: () => number;
    signal?: AbortSignal;
  },
): Promise<OidcToken> {
  try {
    const out = await client.send(
      new CreateTokenCommand({
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        grantType: "refresh_token",
        refreshToken: input.refreshToken,
      }),
      { abortSignal: opts.signal },
    );
    return tokenFromResponse(out, (opts.now ?? Date.now)());
  } catch (error) {
    throw describeOidcError(error, opts.endpoint, "refreshing the sign-in", {
      timeoutMs: opts.timeoutMs,
      why: "a refresh is never retried, as its refresh token may be single-use",
      afterwards:
        "If the request reached IAM Identity Center, it may have used up this sign-in: when the next refresh is refused, sign in again",
    });
  }
}
