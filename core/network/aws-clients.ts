// The IAM Identity Center clients (and STS, for roles chained from an SSO role), built one way for
// the whole core: the endpoint comes from the env passed in (so tests can run several isolated
// homes in one process), the SDK's standard retry strategy, deadlines that throw
// (network-deadline.ts), the proxy and certificate authorities of network/network-agent.ts, and no
// credential chain (the SSO APIs are unsigned or bearer; STS is signed with credentials we hand it).
import { SSOClient, type SSOClientConfig } from "@aws-sdk/client-sso";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import type { Agent as HttpsAgent } from "node:https";
import { NETWORK_ATTEMPTS, refreshTimeoutMs, sdkRequestHandler } from "./network-deadline.js";
import { NetworkAgent } from "./network-agent.js";
import { stalledRouteMiddleware } from "./stalled-route.js";
import type { Locations } from "../locations.js";
import { sessionEndpointVariant } from "./endpoint-variant.js";
import {
  endpointOverride,
  PLAIN_ENDPOINTS,
  sdkEndpoint,
  type EndpointVariant,
} from "./sdk-endpoints.js";

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

/**
 * FIPS and dual-stack for a client: read once, when its first call resolves the endpoint, from
 * the environment and the session's config section. Off when an AWS_ENDPOINT_URL_* variable
 * names the endpoint: that wins, and the SDK refuses FIPS or dual-stack with a custom endpoint.
 */
function endpointVariant(
  override: string | undefined,
  env: Env,
  locations: Locations,
  startUrl: string | undefined,
  chosen?: Partial<EndpointVariant>,
): { useFipsEndpoint: () => Promise<boolean>; useDualstackEndpoint: () => Promise<boolean> } {
  let variant: Promise<EndpointVariant> | undefined;
  const read = () =>
    (variant ??= override
      ? Promise.resolve(PLAIN_ENDPOINTS)
      : sessionEndpointVariant(env, locations, startUrl, chosen));
  return {
    useFipsEndpoint: async () => (await read()).fips,
    useDualstackEndpoint: async () => (await read()).dualStack,
  };
}

const STALLED_ROUTE_STEP = { step: "deserialize", name: "ssotrayStalledRoute" } as const;

export function createOidcClient(
  region: string,
  env: Env,
  locations: Locations,
  startUrl?: string,
  tries: OidcTries = "standard",
  /** FIPS and dual-stack chosen for a sign-in, over the session's section (see sessionEndpointVariant). */
  chosen?: Partial<EndpointVariant>,
): SSOOIDCClient {
  const once = tries === "once";
  const override = endpointOverride("oidc", region, env);
  const client = new SSOOIDCClient({
    region,
    endpoint: override,
    ...endpointVariant(override, env, locations, startUrl, chosen),
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
  const override = endpointOverride("portal", region, env);
  const client = new SSOClient({
    region,
    endpoint: override,
    ...endpointVariant(override, env, locations, startUrl),
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
    ...endpointVariant(env.AWS_ENDPOINT_URL_STS, env, locations, startUrl),
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

function baseUrl(override: string | undefined, fromRules: () => string): string {
  return override ? override.replace(/\/+$/, "") : fromRules();
}

/** STS's base URL (for messages). */
export function stsBaseUrl(
  region: string,
  env: Env,
  variant: EndpointVariant = PLAIN_ENDPOINTS,
): string {
  return baseUrl(env.AWS_ENDPOINT_URL_STS, () => sdkEndpoint("sts", region, variant));
}

/** The OIDC service's base URL, where the browser flow's /authorize page lives. */
export function oidcBaseUrl(
  region: string,
  env: Env,
  variant: EndpointVariant = PLAIN_ENDPOINTS,
): string {
  return baseUrl(endpointOverride("oidc", region, env), () => sdkEndpoint("oidc", region, variant));
}

/** The portal service's base URL (for messages). */
export function portalBaseUrl(
  region: string,
  env: Env,
  variant: EndpointVariant = PLAIN_ENDPOINTS,
): string {
  return baseUrl(endpointOverride("portal", region, env), () =>
    sdkEndpoint("portal", region, variant),
  );
}

/**
 * A service's base URL for the session with `startUrl`, with its FIPS and dual-stack choice: the
 * OIDC one is where the browser is sent to sign in, so it must be the host the client calls.
 */
export async function sessionBaseUrl(
  service: "oidc" | "portal" | "sts",
  region: string,
  env: Env,
  locations: Locations,
  startUrl: string | undefined,
  chosen?: Partial<EndpointVariant>,
): Promise<string> {
  const variant = await sessionEndpointVariant(env, locations, startUrl, chosen);
  if (service === "oidc") return oidcBaseUrl(region, env, variant);
  if (service === "portal") return portalBaseUrl(region, env, variant);
  return stsBaseUrl(region, env, variant);
}
