// Console sign-in from role credentials, the "custom identity broker" flow
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html):
// trade the credentials for a sign-in token at the federation endpoint, then build a login URL.
//
// No SessionDuration: AWS documents it only for credentials from AssumeRole called with an IAM
// user's long-term keys, and the federation endpoint refuses it for other role sessions; the
// console session then lasts as long as the role credentials.
import type { Locations } from "../locations.js";
import { stalledRoute } from "../network/stalled-route.js";
import type { RoleCredentials } from "../../shared/model.js";
import { resolveDestination } from "./destination.js";
import { federationEndpoint } from "./partition.js";
import {
  DEFAULT_NETWORK_TIMEOUT_MS,
  isTimeoutError,
  NETWORK_ATTEMPTS,
  networkTimeoutMs,
  stalledMessage,
} from "../network/network-deadline.js";
import { getText } from "../network/get-text.js";
import { networkPathError } from "../network/network-path-error.js";

/** A sign-in token answer is a few hundred bytes; anything near this is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

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
  /** Where the config file is, whose session section may name a ca_bundle. */
  locations: Locations;
  /** Per try; SSOTRAY_NETWORK_TIMEOUT_MS or the default when absent. */
  timeoutMs?: number;
  now?: () => number;
}

export interface ConsoleLink {
  url: string;
  destination: string;
  /** When the link stops working: 15 minutes, or earlier if the credentials expire first (ISO 8601). */
  expiresAt: string;
}

export interface SigninTokenOptions {
  timeoutMs?: number;
  /** The proxy variables and CA bundle come from here (default: process.env). */
  env?: Record<string, string | undefined>;
  locations: Locations;
  /** The session's start URL, whose config section may name a ca_bundle. */
  startUrl?: string;
}

export async function getSigninToken(
  endpoint: string,
  credentials: RoleCredentials,
  options: SigninTokenOptions,
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const url = new URL(endpoint);
  url.searchParams.set("Action", "getSigninToken");
  url.searchParams.set("Session", session);
  // Never the query: it carries the credentials.
  const where = `${url.origin}${url.pathname}`;
  let response: { status: number; body: string } | undefined;
  let lastError: unknown;
  // The same budget as the SDK clients: a few tries, each with a deadline that covers the
  // connection, the answer and its body. GetSigninToken has no side effects, so retrying is safe.
  for (let attempt = 1; attempt <= NETWORK_ATTEMPTS && !response; attempt++) {
    try {
      response = await getText(url, {
        env: options.env ?? process.env,
        locations: options.locations,
        startUrl: options.startUrl,
        signal: AbortSignal.timeout(timeoutMs),
        maxBytes: MAX_ANSWER_BYTES,
      });
    } catch (error) {
      lastError = error;
      // The proxy or a certificate: the same answer on every try.
      if (networkPathError(error)) break;
    }
  }
  if (!response) {
    const path = networkPathError(lastError);
    if (path) throw new ConsoleSignInError(path.message, { cause: lastError });
    if (isTimeoutError(lastError)) {
      throw new ConsoleSignInError(
        stalledMessage({
          service: "The console sign-in service",
          endpoint: where,
          doing: "getting a console sign-in token",
          endpointVariable: "AWS_ENDPOINT_URL_SIGNIN",
          via: stalledRoute(lastError),
        }),
        { cause: lastError },
      );
    }
    throw new ConsoleSignInError(
      `Could not reach the console sign-in service at ${where}; check your network and proxy, and AWS_ENDPOINT_URL_SIGNIN if it is set`,
      { cause: lastError },
    );
  }
  if (response.status >= 300 && response.status < 400) {
    // Following it would send the credentials in the query to wherever it points.
    throw new ConsoleSignInError(
      `The console sign-in service at ${where} answered with a redirect (HTTP ${response.status}), which SSO Tray does not follow with credentials; check AWS_ENDPOINT_URL_SIGNIN if it is set, and whether a proxy answers in its place`,
    );
  }
  if (response.status !== 200) {
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
    token = (JSON.parse(response.body) as { SigninToken?: unknown }).SigninToken;
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
  const token = await getSigninToken(endpoint, request.credentials, {
    timeoutMs: request.timeoutMs ?? networkTimeoutMs(env),
    env,
    locations: request.locations,
    // The issuer is the session's access portal: its config section may name a ca_bundle.
    startUrl: request.issuer,
  });
  const now = (request.now ?? Date.now)();
  const expiresAt = Math.min(now + SIGNIN_TOKEN_TTL_MS, Date.parse(request.credentials.expiration));
  return {
    url: loginUrl(endpoint, token, destination, request.issuer),
    destination,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}
