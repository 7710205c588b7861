// What a sign-out does to role credentials already handed out to caches: SSO Tray's own
// (<data>/cache/credentials/) and the AWS CLI's (~/.aws/cli/cache/, where the AWS CLI v2 keeps
// what its SSO provider fetched; `aws sso logout` removes those too). Both are named by
// botocore's cache key, so the files of a session are found from its account/role pairs: the
// ones SSO Tray listed, and every profile in ~/.aws/config that uses the session.
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { readConfig } from "../aws-files/config-store.js";
import type { SessionSource } from "../../shared/model.js";
import { sessionCredentialCacheKey } from "./credential-cache-file.js";

import type { Locations } from "../locations.js";

export interface CredentialOwner {
  name: string;
  source: SessionSource;
  startUrl: string;
}

export interface AccountRolePair {
  accountId: string;
  roleName: string;
}

/** The AWS CLI's credential cache (awscli/customizations/assumerole.py CACHE_DIR). */

/** Account/role pairs of the profiles in ~/.aws/config that get their credentials from `owner`. */
export async function profilePairs(
  locations: Locations,
  owner: CredentialOwner,
): Promise<AccountRolePair[]> {
  let sections;
  try {
    ({ sections } = await readConfig(locations));
  } catch {
    return []; // an unreadable config names no profile; the other sources still count
  }
  return sections.flatMap((s) => {
    if (s.kind !== "profile" && s.kind !== "default") return [];
    const v = s.values;
    const uses =
      owner.source === "sso-session"
        ? v.sso_session === owner.name
        : v.sso_session === undefined && v.sso_start_url === owner.startUrl;
    return uses && v.sso_account_id && v.sso_role_name
      ? [{ accountId: v.sso_account_id, roleName: v.sso_role_name }]
      : [];
  });
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const data: unknown = JSON.parse(await readFile(file, "utf8"));
    return typeof data === "object" && data !== null
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes files of one session from SSO Tray's credential cache (<cacheDir>/credentials/): those
 * named by one of `keys` (and what a cut-short write of them left), and those that name the
 * session inside, from `providerType` alone when it is given. Returns the files removed.
 */
export async function removeOurCredentialFiles(
  cacheDir: string,
  session: string,
  options: { keys?: ReadonlySet<string>; providerType?: string } = {},
): Promise<string[]> {
  const removed: string[] = [];
  const ours = path.join(cacheDir, "credentials");
  for (const name of await readdir(ours).catch(() => [] as string[])) {
    const file = path.join(ours, name);
    const key = name.replace(/\.json(\..*)?$/, "");
    const temp = !name.endsWith(".json");
    let mine = options.keys?.has(key) ?? false;
    if (!mine && !temp) {
      const data = await readJson(file);
      mine =
        data?.Session === session &&
        (options.providerType === undefined || data.ProviderType === options.providerType);
    }
    if (!mine) continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/**
 * Removes the cached role credentials of one session: in SSO Tray's cache every file it wrote
 * for the session (and temporary files of cut-short writes), in the AWS CLI's the SSO entries
 * for the session's pairs. Returns the files removed.
 */
export async function removeCachedRoleCredentials(options: {
  locations: Locations;
  /** SSO Tray's cache folder (the one holding credentials/). */
  cacheDir: string;
  session: string;
  /** How the AWS CLI names the session; unknown when it is no longer configured. */
  owner?: CredentialOwner;
  /** Pairs known besides the profiles (e.g. the session's account list). */
  pairs?: readonly AccountRolePair[];
}): Promise<string[]> {
  const { locations, owner } = options;
  const pairs = owner ? [...(options.pairs ?? []), ...(await profilePairs(locations, owner))] : [];
  const keys = new Set(owner ? pairs.map((p) => sessionCredentialCacheKey(owner, p)) : []);
  const removed = await removeOurCredentialFiles(options.cacheDir, options.session, { keys });

  const theirs = locations.awsCliCache;
  for (const key of keys) {
    const file = path.join(theirs, `${key}.json`);
    // The folder also holds assume-role and web-identity entries: only SSO ones are ours to end.
    if ((await readJson(file))?.ProviderType !== "sso") continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}
