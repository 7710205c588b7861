// The IAM Identity Center clients (and STS, for roles chained from an SSO role), built one way for
// the whole core: the endpoint comes from the env passed in (so tests can run several isolated
// homes in one process), the SDK's standard retry strategy, deadlines that throw
// (network-deadline.ts), the proxy and certificate authorities of network/network-agent.ts, and no
// credential chain (the SSO APIs are unsigned or bearer; STS is signed with credentials we hand it).
import { SSOClient, type SSOClientConfig } from "@aws-sdk/client-sso";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import { dnsSuffixOf } from "../../shared/regions.js";
import type { Agent as HttpsAgent } from "node:https";
import { NETWORK_ATTEMPTS, refreshTimeoutMs, sdkRequestHandler } from "./network-deadline.js";
import { NetworkAgent } from "./network-agent.js";
import { stalledRouteMiddleware } from "./stalled-route.js";
import type { Locations } from "../locations.js";

export type Env = Record<string, string | undefined>;

// Every operation we call on these clients is modelled with smithy.api#noAuth, so the SDK never
// asks for credentials; this provider makes sure a future signed call fails loudly instead of
// quietly reading ~/.aws/credentials.
const noCredentials = async (): Promise<never> => {
  throw new Error(
    "IAM Identity Center sign-in and portal calls are not signed with AWS credentials",
  );
};

/**
 * The SDK handler's options: deadlines, and one agent for both schemes that routes each new
 * connection (proxy or direct) and checks certificates against the CA bundle of the session
 * with `startUrl`, if the config gives it one.
 */
function requestHandler(
  env: Env,
  locations: Locations,
  startUrl: string | undefined,
  timeoutMs?: number,
) {
  // agent-base's Agent is an http.Agent that also speaks TLS; the handler's type wants https.Agent.
  const agent = new NetworkAgent(env, locations, startUrl) as unknown as HttpsAgent;
  return { ...sdkRequestHandler(env, timeoutMs), httpAgent: agent, httpsAgent: agent };
}

/**
 * How an OIDC client tries: by default the standard retries; `once` for the refresh grant, whose
 * refresh token the service may have spent on a try whose answer was lost, so that a retry would
 * be refused and lose the sign-in (one try with the whole deadline instead).
 */
export type OidcTries = "standard" | "once";

const STALLED_ROUTE_STEP = { step: "deserialize", name: "ssotrayStalledRoute" } as const;

export function createOidcClient(
  region: string,
  env: Env,
  locations: Locations,
  startUrl?: string,
  tries: OidcTries = "standard",
): SSOOIDCClient {
  const once = tries === "once";
  const client = new SSOOIDCClient({
    region,
    endpoint: env.AWS_ENDPOINT_URL_SSO_OIDC || undefined,
    retryMode: "standard",
    // Pinned rather than read from max_attempts/AWS_MAX_ATTEMPTS: the deadline a user waits
    // for is attempts × the per-try timeout.
    maxAttempts: once ? 1 : NETWORK_ATTEMPTS,
    requestHandler: requestHandler(
      env,
      locations,
      startUrl,
      once ? refreshTimeoutMs(env) : undefined,
    ),
    credentials: noCredentials,
  });
  // Names the proxy in the message when an endpoint behind a working tunnel never answers.
  client.middlewareStack.add(stalledRouteMiddleware(env), STALLED_ROUTE_STEP);
  return client;
}

/** `retry` replaces the standard retry (the account sync paces calls through its own strategy). */
export function createPortalClient(
  region: string,
  env: Env,
  locations: Locations,
  retry: Pick<SSOClientConfig, "retryMode" | "retryStrategy" | "maxAttempts"> = {
    retryMode: "standard",
    maxAttempts: NETWORK_ATTEMPTS,
  },
  startUrl?: string,
): SSOClient {
  const client = new SSOClient({
    region,
    endpoint: env.AWS_ENDPOINT_URL_SSO || undefined,
    ...retry,
    requestHandler: requestHandler(env, locations, startUrl),
    credentials: noCredentials,
  });
  // Names the proxy in the message when an endpoint behind a working tunnel never answers.
  client.middlewareStack.add(stalledRouteMiddleware(env), STALLED_ROUTE_STEP);
  return client;
}

export interface StsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * STS signed with the given role credentials, never with anything the SDK would find on its own
 * (environment, ~/.aws/credentials): a chained role starts from the SSO role we name.
 */
export function createStsClient(
  region: string,
  env: Env,
  locations: Locations,
  credentials: StsCredentials,
  startUrl?: string,
): STSClient {
  const client = new STSClient({
    region,
    endpoint: env.AWS_ENDPOINT_URL_STS || undefined,
    retryMode: "standard",
    maxAttempts: NETWORK_ATTEMPTS,
    requestHandler: requestHandler(env, locations, startUrl),
    // Only the keys: the SDK reads any `expiration` as a Date, and ours is ISO text.
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
  });
  client.middlewareStack.add(stalledRouteMiddleware(env), STALLED_ROUTE_STEP);
  return client;
}

/** STS's base URL (for messages). */
export function stsBaseUrl(region: string, env: Env): string {
  const override = env.AWS_ENDPOINT_URL_STS;
  if (override) return override.replace(/\/+$/, "");
  return `https://sts.${region}.${dnsSuffixOf(region)}`;
}

/** The OIDC service's base URL, where the browser flow's /authorize page lives. */
export function oidcBaseUrl(region: string, env: Env): string {
  const override = env.AWS_ENDPOINT_URL_SSO_OIDC;
  if (override) return override.replace(/\/+$/, "");
  return `https://oidc.${region}.${dnsSuffixOf(region)}`;
}

/** The portal service's base URL (for messages). */
export function portalBaseUrl(region: string, env: Env): string {
  const override = env.AWS_ENDPOINT_URL_SSO;
  if (override) return override.replace(/\/+$/, "");
  return `https://portal.sso.${region}.${dnsSuffixOf(region)}`;
}
