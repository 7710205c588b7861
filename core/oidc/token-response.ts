import type { CreateTokenCommandOutput } from "@aws-sdk/client-sso-oidc";
import { SignInError } from "./oidc-errors.js";
import type { OidcToken } from "./types.js";

/** A CreateToken answer as a token; expiresAt counted from when the answer came (as the AWS CLI). */
export function tokenFromResponse(out: CreateTokenCommandOutput, nowMs: number): OidcToken {
  if (!out.accessToken || out.expiresIn === undefined) {
    throw new SignInError(
      "IAM Identity Center answered CreateToken without an access token or expiry; try again",
      "service",
    );
  }
  return {
    accessToken: out.accessToken,
    expiresAt: new Date(nowMs + out.expiresIn * 1000),
    ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
  };
}
