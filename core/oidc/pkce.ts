// PKCE (RFC 7636) values, made as the AWS CLI makes them: a 64-character verifier from the
// unreserved alphabet and an S256 challenge in unpadded base64url.
import { createHash, randomInt, randomUUID } from "node:crypto";

const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

export function codeVerifier(length = 64): string {
  let out = "";
  for (let i = 0; i < length; i++) out += UNRESERVED[randomInt(UNRESERVED.length)];
  return out;
}

export function codeChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** An unguessable `state`; a UUID like the AWS CLI's. */
export function newState(): string {
  return randomUUID();
}
