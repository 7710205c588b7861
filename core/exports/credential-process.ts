// The `credential_process` answer: https://docs.aws.amazon.com/cli/latest/topic/config-vars.html
// ("Sourcing credentials with an external process"). Kept free of imports so the CLI's fast path
// can print it without loading anything else.
import type { RoleCredentials } from "../../shared/model.js";

export function credentialProcessJson(creds: RoleCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: creds.expiration,
  });
}
