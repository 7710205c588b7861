// Everything the simulated instance remembers: client registrations, device codes, authorization
// codes, tokens, role credentials and console sign-in tokens. In memory, gone on close.
import { randomBytes } from "node:crypto";

export interface Registration {
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  grantTypes: string[] | undefined;
  redirectUris: string[];
  expiresAt: number;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  interval: number;
  lastPollAt: number | undefined;
  polls: number;
  slowDownsLeft: number;
  status: "pending" | "approved" | "denied" | "used";
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

export interface SignIn {
  clientId: string;
  /** Refresh tokens stop working at this time. */
  sessionEndsAt: number;
  generation: number;
}

export interface AccessToken extends SignIn {
  expiresAt: number;
  /** The scopes asked for at token time; the registration's when none were. */
  scopes?: string[];
}

export interface IssuedCredentials {
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
  accountId: string;
  roleName: string;
  /** Set for credentials from sts:AssumeRole (the role's name is then the IAM role's). */
  assumed?: { roleArn: string; sessionName: string };
}

export interface SigninToken {
  accountId: string;
  roleName: string;
  expiresAt: number;
}

export function opaque(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

/**
 * Mints role credentials shaped like AWS's (an ASIA key id, a standard-base64 secret with '/',
 * '+' and '=' that exports must quote right, a long session token) and keeps them, so STS and
 * federation know them later. `tokenPrefix`: how the issuing service's session tokens begin.
 */
export function issueCredentials(
  state: SimulatorState,
  issued: Omit<IssuedCredentials, "secretAccessKey" | "sessionToken">,
  tokenPrefix = "IQoJb3JpZ2luX2Vj",
): { accessKeyId: string; credentials: IssuedCredentials } {
  const accessKeyId = `ASIA${opaque("", 12)
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .padEnd(16, "X")
    .slice(0, 16)}`;
  const credentials: IssuedCredentials = {
    ...issued,
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: `${tokenPrefix}${randomBytes(180).toString("base64")}`,
  };
  state.credentials.set(accessKeyId, credentials);
  return { accessKeyId, credentials };
}

export class SimulatorState {
  readonly registrations = new Map<string, Registration>();
  readonly deviceCodes = new Map<string, DeviceAuthorization>();
  readonly userCodes = new Map<string, DeviceAuthorization>();
  readonly authorizationCodes = new Map<string, AuthorizationCode>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, SignIn>();
  readonly credentials = new Map<string, IssuedCredentials>();
  readonly signinTokens = new Map<string, SigninToken>();
  /** Bumped by revokeAllTokens: tokens of an older generation are dead. */
  generation = 0;
}
