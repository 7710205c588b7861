// The two IAM Identity Center clients, built one way for the whole core: the endpoint comes from
// the env passed in (so tests can run several isolated homes in one process), the SDK's standard
// retry strategy, deadlines that throw (network-deadline.ts), and no credential chain (both APIs
// are unsigned or bearer).
import { SSOClient, type SSOClientConfig } from "@aws-sdk/client-sso";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { dnsSuffixOf } from "../../shared/regions.js";
import { NETWORK_ATTEMPTS, sdkRequestHandler } from "./network-deadline.js";

export type Env = Record<string, string | undefined>;

// Every operation we call on these clients is modelled with smithy.api#noAuth, so the SDK never
// asks for credentials; this provider makes sure a future signed call fails loudly instead of
// quietly reading ~/.aws/credentials.
const noCredentials = async (): Promise<never> => {
  throw new Error(
    "IAM Identity Center sign-in and portal calls are not signed with AWS credentials",
  );
};

export function createOidcClient(region: string, env: Env): SSOOIDCClient {
  return new SSOOIDCClient({
    region,
    endpoint: env.AWS_ENDPOINT_URL_SSO_OIDC || undefined,
    retryMode: "standard",
    // Pinned rather than read from max_attempts/AWS_MAX_ATTEMPTS: the deadline a user waits
    // for is attempts × the per-try timeout.
    maxAttempts: NETWORK_ATTEMPTS,
    requestHandler: sdkRequestHandler(env),
    credentials: noCredentials,
  });
}

/** `retry` replaces the standard retry (the account sync paces calls through its own strategy). */
export function createPortalClient(
  region: string,
  env: Env,
  retry: Pick<SSOClientConfig, "retryMode" | "retryStrategy" | "maxAttempts"> = {
    retryMode: "standard",
    maxAttempts: NETWORK_ATTEMPTS,
  },
): SSOClient {
  return new SSOClient({
    region,
    endpoint: env.AWS_ENDPOINT_URL_SSO || undefined,
    ...retry,
    requestHandler: sdkRequestHandler(env),
    credentials: noCredentials,
  });
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
