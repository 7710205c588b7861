// Console sign-in from role credentials, the "custom identity broker" flow
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html):
// trade the credentials for a sign-in token at the federation endpoint, then build a login URL.
//
// No SessionDuration: AWS documents it only for credentials from AssumeRole called with an IAM
// user's long-term keys, and the federation endpoint refuses it for other role sessions; the
// console session then lasts as long as the role credentials.
import type { RoleCredentials } from "../../../shared/model.js";
import { resolveDestination } from "./destination.js";
import { federationEndpoint } from "./partition.js";

export const SIGNIN_TIMEOUT_MS = 10_000;
/** AWS: a sign-in token must be used within 15 minutes. */
export const SIGNIN_TOKEN_TTL_MS = 15 * 60_000;

export class ConsoleSignInError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConsoleSignInError";
  }
}

export interface ConsoleLinkRequest {
  credentials: RoleCredentials;
  /** The region whose console opens; also selects the partition. */
  region: string;
  /** A console URL of the partition or a path such as /s3/home. */
  destination?: string;
  /** Where the console sends the user when the session ends: the access portal is a good choice. */
  issuer: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  now?: () => number;
}

export interface ConsoleLink {
  url: string;
  destination: string;
  /** When the link stops working: 15 minutes, or earlier if the credentials expire first (ISO 8601). */
  expiresAt: string;
}

export async function getSigninToken(
  endpoint: string,
  credentials: RoleCredentials,
  timeoutMs = SIGNIN_TIMEOUT_MS,
): Promise<string> {
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const url = new URL(endpoint);
  url.searchParams.set("Action", "getSigninToken");
  url.searchParams.set("Session", session);
  const host = url.host;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new ConsoleSignInError(
        `The console sign-in service (${host}) did not answer within ${Math.round(timeoutMs / 1000)} s; check your network and try again`,
        { cause: error },
      );
    }
    throw new ConsoleSignInError(
      `Could not reach the console sign-in service (${host}); check your network or proxy`,
      {
        cause: error,
      },
    );
  }
  const body = await response.text().catch(() => "");
  if (!response.ok) {
    const hint =
      response.status === 400 || response.status === 401 || response.status === 403
        ? "the role credentials were refused (expired or revoked?); try again to get fresh ones"
        : "try again in a moment";
    throw new ConsoleSignInError(
      `The console sign-in service answered HTTP ${response.status}: ${hint}`,
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token.length === 0) {
    throw new ConsoleSignInError(
      "The console sign-in service answered without a sign-in token; try again in a moment",
    );
  }
  return token;
}

export function loginUrl(
  endpoint: string,
  signinToken: string,
  destination: string,
  issuer: string,
): string {
  const url = new URL(endpoint);
  url.search = "";
  url.searchParams.set("Action", "login");
  url.searchParams.set("Issuer", issuer);
  url.searchParams.set("Destination", destination);
  url.searchParams.set("SigninToken", signinToken);
  return url.toString();
}

export async function createConsoleLink(request: ConsoleLinkRequest): Promise<ConsoleLink> {
  const env = request.env ?? process.env;
  const destination = resolveDestination(request.region, request.destination);
  const endpoint = federationEndpoint(request.region, env);
  const token = await getSigninToken(endpoint, request.credentials, request.timeoutMs);
  const now = (request.now ?? Date.now)();
  const expiresAt = Math.min(now + SIGNIN_TOKEN_TTL_MS, Date.parse(request.credentials.expiration));
  return {
    url: loginUrl(endpoint, token, destination, request.issuer),
    destination,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}
