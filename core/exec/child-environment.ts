// The environment `ssotray exec` gives its command: the parent's, minus every variable that could
// make an SDK pick credentials other than ours, plus the role's keys or the address of our
// container-credentials endpoint.
import type { RoleCredentials } from "../../shared/model.js";
import { credentialEnv } from "../exports/env-vars.js";

export type Env = Record<string, string | undefined>;

/** Variables that say the environment already carries AWS credentials (another `exec`, a shell). */
export const NESTED_MARKERS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
] as const;

/**
 * Removed from the child's environment before ours are added.
 *
 * AWS_PROFILE and AWS_DEFAULT_PROFILE: the JavaScript SDK v3 skips AWS_ACCESS_KEY_ID when
 * AWS_PROFILE is set ("This SDK will proceed with the AWS_PROFILE value",
 * @aws-sdk/credential-provider-node defaultProvider), and botocore's chain
 * (credentials.py, create_credential_resolver) asks the profile's providers (sso, credential_process,
 * the shared credentials file, assume-role) before the container provider, so with a profile named
 * the endpoint of --ecs-server would never be asked.
 *
 * AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE: web identity comes before the container provider in
 * both chains. The keys and container variables of an outer run are replaced, never mixed with ours.
 */
const CLEARED = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
] as const;

/** The first variable that shows credentials are already in the environment, if any. */
export function nestedCredentialMarker(env: Env): string | undefined {
  return NESTED_MARKERS.find((name) => (env[name] ?? "") !== "");
}

export type CredentialDelivery =
  | { kind: "keys"; credentials: RoleCredentials }
  | { kind: "endpoint"; url: string; authorizationToken: string };

export function childEnvironment(
  parent: Env,
  delivery: CredentialDelivery,
  region?: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined) env[name] = value;
  }
  for (const name of CLEARED) delete env[name];
  if (delivery.kind === "keys") {
    for (const [name, value] of credentialEnv(delivery.credentials)) env[name] = value;
  } else {
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = delivery.url;
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN = delivery.authorizationToken;
  }
  if (region) {
    env.AWS_REGION = region;
    env.AWS_DEFAULT_REGION = region;
  }
  return env;
}
