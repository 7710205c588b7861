// The scopes a sign-in asks for when its session names an account access manager tenant: listing
// entitled roles needs account_access:read_only, their credentials account_access:assume. Asked
// for at registration and at token time, beside the session's own (sso_registration_scopes, or
// sso:account:access); a session without a tenant asks for exactly what it did before.
import { DEFAULT_SCOPES } from "../oidc/types.js";

export const ACCOUNT_ACCESS_SCOPES = ["account_access:read_only", "account_access:assume"];

export function withAccountAccessScopes(scopes: readonly string[] | undefined): string[] {
  return [...new Set([...(scopes ?? DEFAULT_SCOPES), ...ACCOUNT_ACCESS_SCOPES])];
}
