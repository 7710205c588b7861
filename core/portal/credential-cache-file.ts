// The CLI's role-credential cache: one 0600 JSON file per account/role, named like the AWS CLI's
// SSO credential cache (botocore credentials.py, SSOCredentialFetcher._create_cache_key) but kept
// under SSO Tray's own cache folder, since ~/.aws/cli/cache belongs to botocore.
//
// `ssotray credential-process` reads this on every call of every tool, so this module imports
// nothing but Node built-ins, and validates its tiny shape by hand: zod alone adds ~60 ms to a
// ~60 ms Node start (measured: `node -e 0` 0.06 s, `import "zod"` 0.12 s).
import path from "node:path";
import type { RoleCredentials, SessionSource } from "../../shared/model.js";
import { sha1Hex } from "../aws-files/sha1.js";
import { checkedCredentials } from "./portal-shapes.js";

// Not `import ... from "node:fs"`: see sign-in-file.ts.
const { readFileSync } = process.getBuiltinModule("node:fs");

/** Credentials are reused until this long before they expire. */
export const CREDENTIAL_REFRESH_WINDOW_MS = 5 * 60_000;

export interface CredentialCacheKeyInput {
  accountId: string;
  roleName: string;
  /** For sessions from an [sso-session] section. */
  sessionName?: string;
  /** For legacy profiles, which botocore keys by start URL. */
  startUrl?: string;
}

/** Python's json.dumps(ensure_ascii=True): everything outside printable ASCII becomes \uXXXX. */
function pythonJsonString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** sha1 of json.dumps({...}, sort_keys=True, separators=(',', ':')), as botocore computes it. */
export function credentialCacheKey(input: CredentialCacheKeyInput): string {
  const args: Record<string, string> = { roleName: input.roleName, accountId: input.accountId };
  if (input.sessionName) args.sessionName = input.sessionName;
  else if (input.startUrl) args.startUrl = input.startUrl;
  else throw new Error("A credential cache key needs a session name or a start URL");
  const json =
    "{" +
    Object.keys(args)
      .sort()
      .map((k) => `${pythonJsonString(k)}:${pythonJsonString(args[k]!)}`)
      .join(",") +
    "}";
  return sha1Hex(json);
}

/**
 * The key of one session's role: botocore keys by sso-session name, or by start URL for legacy
 * profiles. SSO Tray's cache and the AWS CLI's use the same one.
 */
export function sessionCredentialCacheKey(
  session: { name: string; source: SessionSource; startUrl: string },
  role: { accountId: string; roleName: string },
): string {
  return credentialCacheKey({
    accountId: role.accountId,
    roleName: role.roleName,
    ...(session.source === "sso-session"
      ? { sessionName: session.name }
      : { startUrl: session.startUrl }),
  });
}

export function credentialCacheFile(cacheDir: string, key: string): string {
  return path.join(cacheDir, "credentials", `${key}.json`);
}

/**
 * What the file holds: botocore's cached-credential shape, so the two read alike, and with it
 * the session, account and role they are for and the mark of the sign-in they came from.
 */
export interface CachedCredentialsFile {
  ProviderType: "sso";
  Session?: string;
  AccountId?: string;
  RoleName?: string;
  SignIn?: string;
  Credentials: {
    AccessKeyId: string;
    SecretAccessKey: string;
    SessionToken: string;
    Expiration: string;
  };
}

export function toCacheFile(creds: RoleCredentials): CachedCredentialsFile {
  return {
    ProviderType: "sso",
    Credentials: {
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      SessionToken: creds.sessionToken,
      Expiration: creds.expiration,
    },
  };
}

/**
 * The file's credentials, or undefined when the shape is wrong in any way: what it holds goes to
 * a shell or a tool as it stands, so it must look like AWS credentials (portal-shapes.ts).
 */
export function parseCachedCredentials(data: unknown): RoleCredentials | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const c = (data as { Credentials?: unknown }).Credentials;
  if (typeof c !== "object" || c === null) return undefined;
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = c as Record<string, unknown>;
  return checkedCredentials({
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    // The file holds an ISO 8601 string; a number there is not ours.
    expiration: typeof Expiration === "string" ? Expiration : undefined,
  });
}

export function isFresh(creds: RoleCredentials, now: number): boolean {
  return Date.parse(creds.expiration) - CREDENTIAL_REFRESH_WINDOW_MS > now;
}

/**
 * Cached credentials still good for more than five minutes and fetched under the sign-in that
 * `signIn` marks, or undefined (no file, unreadable, malformed, stale, or from another sign-in:
 * the caller fetches new ones and overwrites it).
 */
export function readCachedCredentials(
  file: string,
  now: number,
  signIn: string,
): RoleCredentials | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if ((data as { SignIn?: unknown } | null)?.SignIn !== signIn) return undefined;
  const creds = parseCachedCredentials(data);
  return creds && isFresh(creds, now) ? creds : undefined;
}
