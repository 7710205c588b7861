// What the OIDC flows hand back. Dates are Date objects here; the token cache turns them into the
// AWS CLI's text form.

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: Date;
  /** As registered; absent for a legacy (scope-less) registration. */
  scopes?: string[];
  /** As registered; the AWS CLI tells browser-flow registrations from device-flow ones by these. */
  grantTypes?: string[];
}

export interface OidcToken {
  accessToken: string;
  expiresAt: Date;
  /** Present when the registration has the refresh_token grant and scopes. */
  refreshToken?: string;
}

export const DEFAULT_SCOPES = ["sso:account:access"];

export const AUTH_CODE_GRANT_TYPES = ["authorization_code", "refresh_token"];
export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
export const DEVICE_GRANT_TYPES = [DEVICE_CODE_GRANT, "refresh_token"];

/** The AWS CLI registers this exact URI, then sends it with the listener's port. */
export const REDIRECT_URI_WITHOUT_PORT = "http://127.0.0.1/oauth/callback";
