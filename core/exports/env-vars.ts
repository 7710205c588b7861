// The environment variables that carry role credentials, in the order every format prints them.
import type { RoleCredentials } from "../../shared/model.js";

export interface ExportOptions {
  /** When set, AWS_REGION and AWS_DEFAULT_REGION are exported too (the SDKs read one or the other). */
  region?: string;
}

export type EnvPair = readonly [name: string, value: string];

export function credentialEnv(creds: RoleCredentials, options: ExportOptions = {}): EnvPair[] {
  const pairs: EnvPair[] = [
    ["AWS_ACCESS_KEY_ID", creds.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", creds.secretAccessKey],
    ["AWS_SESSION_TOKEN", creds.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", creds.expiration],
  ];
  if (options.region)
    pairs.push(["AWS_REGION", options.region], ["AWS_DEFAULT_REGION", options.region]);
  return pairs;
}
