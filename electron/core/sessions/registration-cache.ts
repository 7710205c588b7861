// Client registrations, cached where and how the AWS CLI v2 caches them (aws/aws-cli
// awscli/botocore/utils.py BaseSSOTokenFetcher._registration_cache_key): a file in the SSO cache
// named by the SHA-1 of a JSON key. Sharing it means `aws sso login` and SSO Tray reuse one
// registration instead of piling up new ones.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { z } from "zod";
import { ssoCacheDir } from "../aws-files/paths.js";
import type { ClientRegistration } from "../oidc/types.js";
import { ensurePrivateDir, sha1Hex, type Env } from "./token-cache.js";
import { formatUtc, utcTimestamp as timestamp } from "./utc-time.js";

export interface RegistrationKey {
  startUrl: string;
  region: string;
  /** sso_registration_scopes as configured; undefined when the configuration names none. */
  scopes: string[] | undefined;
  /** undefined for a legacy profile. */
  sessionName: string | undefined;
}

/** botocore treats a registration within 15 minutes of its end as expired. */
const EXPIRY_WINDOW_MS = 15 * 60_000;

/**
 * Python's json.dumps(obj, sort_keys=True): ", " and ": " separators, non-ASCII as \uXXXX.
 * The key must match byte for byte or the AWS CLI will not find our registration (and we not its).
 */
export function pythonJsonDumps(value: unknown): string {
  const str = (s: string): string =>
    JSON.stringify(s).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return str(value);
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([k, v]) => `${str(k)}: ${pythonJsonDumps(v)}`).join(", ")}}`;
}

export function registrationPath(env: Env, key: RegistrationKey): string {
  const args = {
    tool: "botocore",
    startUrl: key.startUrl,
    region: key.region,
    scopes: key.scopes ?? null,
    session_name: key.sessionName ?? null,
  };
  return path.join(ssoCacheDir(env), `${sha1Hex(pythonJsonDumps(args))}.json`);
}

const registrationSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  expiresAt: timestamp,
  scopes: z.array(z.string()).optional(),
  grantTypes: z.array(z.string()).optional(),
});

/** A usable cached registration, or undefined (missing, unreadable or about to expire). */
export async function readRegistration(
  env: Env,
  key: RegistrationKey,
  nowMs: number,
): Promise<ClientRegistration | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(registrationPath(env, key), "utf8"));
  } catch {
    return undefined;
  }
  const parsed = registrationSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  if (r.expiresAt.getTime() - nowMs < EXPIRY_WINDOW_MS) return undefined;
  return {
    clientId: r.clientId,
    clientSecret: r.clientSecret,
    expiresAt: r.expiresAt,
    ...(r.scopes ? { scopes: r.scopes } : {}),
    ...(r.grantTypes ? { grantTypes: r.grantTypes } : {}),
  };
}

export async function writeRegistration(
  env: Env,
  key: RegistrationKey,
  registration: ClientRegistration,
): Promise<void> {
  const file = registrationPath(env, key);
  await ensurePrivateDir(path.dirname(file));
  const out: Record<string, unknown> = {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: formatUtc(registration.expiresAt),
  };
  if (registration.scopes) out.scopes = registration.scopes;
  if (registration.grantTypes) out.grantTypes = registration.grantTypes;
  await writeFileAtomic(file, JSON.stringify(out), { mode: 0o600 });
}

export async function removeRegistration(env: Env, key: RegistrationKey): Promise<void> {
  await rm(registrationPath(env, key), { force: true });
}
