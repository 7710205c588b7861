// Client registrations, cached as the AWS CLI v2 caches them (aws/aws-cli
// awscli/botocore/utils.py BaseSSOTokenFetcher._registration_cache_key): a file in the SSO cache
// named by the SHA-1 of a JSON key. Sharing it means `aws sso login` and SSO Tray reuse one
// registration instead of piling up new ones.
//
// One name, two kinds. Every AWS CLI v2 keeps its device-code registration under that name, and
// 2.22+ keeps its browser (PKCE) registration under the very same one: its SSOTokenFetcherAuth
// and SSOTokenFetcher share _registration_cache_key, and each re-registers when the file holds
// the other kind (_is_registration_for_auth_code). A CLI before 2.22 does not look: it hands
// whatever it finds there to its device flow, which a client registered only for
// authorization_code cannot start. So SSO Tray keeps device registrations under the AWS CLI's
// name, where every version looks for one, and browser registrations under a name of its own
// that no AWS CLI reads; a browser registration 2.22+ left under the shared name is reused and
// moved to ours.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomically } from "../files/atomic-write.js";
import { z } from "zod";
import type { Locations } from "../locations.js";
import { registrationFits, type RegistrationKind } from "../oidc/registration.js";
import { AUTH_CODE_GRANT_TYPES, type ClientRegistration } from "../oidc/types.js";
import { ensurePrivateDir, sha1Hex } from "./token-cache.js";
import { formatUtc, utcTimestamp as timestamp } from "./utc-time.js";
import { withAccountAccessScopes } from "../account-access/scopes.js";
import type { SessionConfig } from "./session-config.js";

export interface RegistrationKey {
  startUrl: string;
  region: string;
  /** sso_registration_scopes as configured; undefined when the configuration names none. */
  scopes: string[] | undefined;
  /** undefined for a legacy profile. */
  sessionName: string | undefined;
}

/**
 * The keys a session's registrations are filed under in `region` (its own unless given): the one
 * its configured scopes make, and the one a sign-in for an account access tenant makes with the
 * account access scopes added.
 */
export function sessionRegistrationKeys(
  config: Pick<SessionConfig, "name" | "source" | "startUrl" | "region" | "scopes">,
  region = config.region,
): { plain: RegistrationKey; withAccountAccess: RegistrationKey } {
  const plain: RegistrationKey = {
    startUrl: config.startUrl,
    region,
    scopes: config.scopes,
    sessionName: config.source === "sso-session" ? config.name : undefined,
  };
  return {
    plain,
    withAccountAccess: { ...plain, scopes: withAccountAccessScopes(config.scopes) },
  };
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

/** The AWS CLI's name for the key: its device registrations (every version) and 2.22+'s browser ones. */
export function awsCliRegistrationPath(locations: Locations, key: RegistrationKey): string {
  const args = {
    tool: "botocore",
    startUrl: key.startUrl,
    region: key.region,
    scopes: key.scopes ?? null,
    session_name: key.sessionName ?? null,
  };
  return path.join(locations.ssoCache, `${sha1Hex(pythonJsonDumps(args))}.json`);
}

/** Where SSO Tray keeps a registration of this kind (see the top of this file). */
export function registrationPath(
  locations: Locations,
  key: RegistrationKey,
  kind: RegistrationKind,
): string {
  if (kind === "device-code") return awsCliRegistrationPath(locations, key);
  const args = {
    tool: "ssotray",
    startUrl: key.startUrl,
    region: key.region,
    scopes: key.scopes ?? null,
    session_name: key.sessionName ?? null,
    grantTypes: AUTH_CODE_GRANT_TYPES,
  };
  return path.join(locations.ssoCache, `${sha1Hex(pythonJsonDumps(args))}.json`);
}

const registrationSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  expiresAt: timestamp,
  scopes: z.array(z.string()).optional(),
  grantTypes: z.array(z.string()).optional(),
});

/** The registration in `file` if it has time left and can serve `kind`. */
async function readFitting(
  file: string,
  kind: RegistrationKind,
  nowMs: number,
): Promise<ClientRegistration | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
  const parsed = registrationSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  if (r.expiresAt.getTime() - nowMs < EXPIRY_WINDOW_MS) return undefined;
  const registration: ClientRegistration = {
    clientId: r.clientId,
    clientSecret: r.clientSecret,
    expiresAt: r.expiresAt,
    ...(r.scopes ? { scopes: r.scopes } : {}),
    ...(r.grantTypes ? { grantTypes: r.grantTypes } : {}),
  };
  return registrationFits(registration, kind) ? registration : undefined;
}

/**
 * A cached registration that can serve a flow of this kind, or undefined (missing, unreadable,
 * about to expire, or registered for the other flow).
 */
export async function readRegistration(
  locations: Locations,
  key: RegistrationKey,
  kind: RegistrationKind,
  nowMs: number,
): Promise<ClientRegistration | undefined> {
  const own = await readFitting(registrationPath(locations, key, kind), kind, nowMs);
  if (own || kind === "device-code") return own;
  // A browser registration under the AWS CLI's name (from AWS CLI 2.22+, or an older SSO Tray):
  // use it, and take it out of the way of an older AWS CLI's device flow.
  const shared = awsCliRegistrationPath(locations, key);
  const found = await readFitting(shared, kind, nowMs);
  if (found) {
    await writeRegistration(locations, key, kind, found);
    await rm(shared, { force: true });
  }
  return found;
}

export async function writeRegistration(
  locations: Locations,
  key: RegistrationKey,
  kind: RegistrationKind,
  registration: ClientRegistration,
): Promise<void> {
  const file = registrationPath(locations, key, kind);
  await ensurePrivateDir(path.dirname(file));
  const out: Record<string, unknown> = {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: formatUtc(registration.expiresAt),
  };
  if (registration.scopes) out.scopes = registration.scopes;
  if (registration.grantTypes) out.grantTypes = registration.grantTypes;
  await writeFileAtomically(file, JSON.stringify(out), { mode: 0o600 });
}

export async function removeRegistration(
  locations: Locations,
  key: RegistrationKey,
  kind: RegistrationKind,
): Promise<void> {
  await rm(registrationPath(locations, key, kind), { force: true });
}

/** Every registration kept for the key, of either kind and under either name. */
export async function removeRegistrationFiles(
  locations: Locations,
  key: RegistrationKey,
): Promise<void> {
  await rm(awsCliRegistrationPath(locations, key), { force: true });
  await rm(registrationPath(locations, key, "authorization-code"), { force: true });
}
