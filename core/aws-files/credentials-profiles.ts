// Role keys as a `[NAME]` section of ~/.aws/credentials, for tools that read nothing else (older
// SDKs, some IDE plugins). Written with the config's care: under its lock, every other byte kept,
// atomically, and always 0600. Our sections carry `ssotray_session` (botocore and the SDKs ignore
// keys they do not know), so they are updated and removed, and a hand-written one never is.
import { readFile } from "node:fs/promises";
import type { RoleCredentials, RoleRef } from "../../shared/model.js";
import { applySectionEdits, parseConfig, type SectionEdit } from "./config-file.js";
import { updateConfig } from "./config-store.js";
import { displayPath, type Locations } from "../locations.js";

export const CREDENTIALS_MARKER_KEY = "ssotray_session";
/** The expiry key saml2aws and other helpers write; the SDKs ignore it, people and scripts read it. */
export const EXPIRY_KEY = "x_security_token_expires";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$/;

export class CredentialsProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsProfileError";
  }
}

export function checkProfileName(name: string): string {
  if (!NAME.test(name)) {
    throw new CredentialsProfileError(
      `A credentials profile name is 1 to 64 letters, digits and . _ - @ + (got '${name}')`,
    );
  }
  return name;
}

function kindOf(name: string): SectionEdit["kind"] {
  return name === "default" ? "default" : "other";
}

export interface WrittenProfile {
  path: string;
  changed: boolean;
}

/** Writes (or updates) `[name]` with the role's keys; refuses a section SSO Tray did not write. */
export async function writeCredentialsProfile(
  locations: Locations,
  name: string,
  ref: RoleRef,
  credentials: RoleCredentials,
): Promise<WrittenProfile> {
  checkProfileName(name);
  const path = locations.awsCredentials;
  const result = await updateConfig(
    locations,
    (text) => {
      const existing = parseConfig(text).find(
        (s) => (s.kind === "other" || s.kind === "default") && s.name === name,
      );
      if (existing && existing.values[CREDENTIALS_MARKER_KEY] === undefined) {
        throw new CredentialsProfileError(
          `${displayPath(path, locations)} already has a [${name}] that SSO Tray did not write; choose another name or remove that section`,
        );
      }
      return applySectionEdits(text, [
        {
          kind: kindOf(name),
          name,
          exact: true,
          values: {
            aws_access_key_id: credentials.accessKeyId,
            aws_secret_access_key: credentials.secretAccessKey,
            aws_session_token: credentials.sessionToken,
            [EXPIRY_KEY]: credentials.expiration,
            [CREDENTIALS_MARKER_KEY]: ref.session,
            ssotray_account_id: ref.accountId,
            ssotray_role_name: ref.roleName,
          },
        },
      ]);
    },
    { path, mode: 0o600, backup: false },
  );
  return { path: result.path, changed: result.changed };
}

/** Removes the sections SSO Tray wrote (one session's, or all); returns their names. */
export async function removeCredentialsProfiles(
  locations: Locations,
  options: { session?: string; dryRun?: boolean } = {},
): Promise<string[]> {
  const path = locations.awsCredentials;
  let removed: string[] = [];
  const plan = (text: string): string => {
    const ours = parseConfig(text).filter((s) => {
      const owner = s.values[CREDENTIALS_MARKER_KEY];
      return (
        (s.kind === "other" || s.kind === "default") &&
        owner !== undefined &&
        (options.session === undefined || owner === options.session)
      );
    });
    removed = ours.map((s) => s.name);
    return applySectionEdits(
      text,
      ours.map((s) => ({ kind: kindOf(s.name), name: s.name, remove: true as const })),
    );
  };
  if (options.dryRun) {
    const text = await readFile(path, "utf8").catch(() => "");
    plan(text);
    return removed;
  }
  await updateConfig(locations, plan, { path, mode: 0o600, backup: false });
  return removed;
}

/** A section SSO Tray wrote, with the role it holds keys for. */
export interface ManagedCredentialsProfile {
  name: string;
  ref: RoleRef;
  /** ISO 8601, when the section says. */
  expiration?: string;
}

export async function listCredentialsProfiles(
  locations: Locations,
): Promise<ManagedCredentialsProfile[]> {
  const text = await readFile(locations.awsCredentials, "utf8").catch(() => "");
  const out: ManagedCredentialsProfile[] = [];
  for (const s of parseConfig(text)) {
    const session = s.values[CREDENTIALS_MARKER_KEY];
    const accountId = s.values.ssotray_account_id;
    const roleName = s.values.ssotray_role_name;
    if (s.kind !== "other" && s.kind !== "default") continue;
    if (!session || !accountId || !roleName) continue;
    out.push({
      name: s.name,
      ref: { session, accountId, roleName },
      expiration: s.values[EXPIRY_KEY],
    });
  }
  return out;
}

/** Profiles are rewritten this long before their keys expire (botocore refreshes 15 min ahead). */
export const PROFILE_REFRESH_AHEAD_MS = 20 * 60_000;

/**
 * Removes the sections of sessions that `signedOut` says are signed out (whatever their keys'
 * expiry: the sign-in ended, so must they), then rewrites every section whose keys expire within
 * PROFILE_REFRESH_AHEAD_MS with fresh ones from `fetch`; a role that fails is reported and left.
 */
export async function refreshCredentialsProfiles(
  locations: Locations,
  fetch: (ref: RoleRef) => Promise<RoleCredentials>,
  now: number = Date.now(),
  signedOut: (session: string) => Promise<boolean> = async () => false,
): Promise<{
  refreshed: string[];
  removed: string[];
  failed: Array<{ name: string; message: string }>;
}> {
  const refreshed: string[] = [];
  const removed: string[] = [];
  const failed: Array<{ name: string; message: string }> = [];
  const profiles = await listCredentialsProfiles(locations);
  const gone = new Set<string>();
  for (const session of new Set(profiles.map((p) => p.ref.session))) {
    if (!(await signedOut(session))) continue;
    gone.add(session);
    try {
      removed.push(...(await removeCredentialsProfiles(locations, { session })));
    } catch (error) {
      for (const p of profiles.filter((p) => p.ref.session === session))
        failed.push({ name: p.name, message: (error as Error).message });
    }
  }
  for (const profile of profiles.filter((p) => !gone.has(p.ref.session))) {
    const expires = profile.expiration ? Date.parse(profile.expiration) : NaN;
    if (Number.isFinite(expires) && expires - now > PROFILE_REFRESH_AHEAD_MS) continue;
    try {
      await writeCredentialsProfile(locations, profile.name, profile.ref, await fetch(profile.ref));
      refreshed.push(profile.name);
    } catch (error) {
      failed.push({ name: profile.name, message: (error as Error).message });
    }
  }
  return { refreshed, removed, failed };
}
