// What removing a session takes away (`ssotray session remove NAME`), found before anything goes
// so it can be said first: its [sso-session] section, the profiles generated for it, the files
// that hold its sign-in and client registrations (those made with the account access scopes too),
// its cached account list and entitled roles, and the account access tenant it names. Profiles a user
// wrote that use the session are named but left alone. The sign-out itself (the portal's logout,
// every copy of the token, cached role credentials) is SessionManager.signOut's and the role
// credentials provider's, as for `ssotray logout`.
import { heldSignInPath } from "./held-sign-in.js";
import { access } from "node:fs/promises";
import { applySectionEdits, parseConfig, type SectionEdit } from "../aws-files/config-file.js";
import { readConfig, updateConfig } from "../aws-files/config-store.js";
import { listCredentialsProfiles } from "../aws-files/credentials-profiles.js";
import { displayPath, type Locations } from "../locations.js";
import { accountCacheFile } from "../portal/account-cache.js";
import { MARKER_KEY } from "../profiles/populate.js";
import {
  awsCliRegistrationPath,
  registrationPath,
  sessionRegistrationKeys,
} from "./registration-cache.js";
import { sessionsFromConfig, type SessionConfig } from "./session-config.js";
import { tokenPath } from "./sign-in-file.js";
import { keychainTokenPath } from "./token-store.js";
import { entitledCacheFile } from "../account-access/entitled-roles.js";
import { setTenant, tenantOf } from "../account-access/tenant-store.js";

export interface SessionRemovalPlan {
  session: string;
  /** The configured session, when there is one. */
  config?: SessionConfig;
  /** The config file, as shown to the user. */
  configPath: string;
  /** Profiles SSO Tray generated for the session (they carry its marker). */
  profiles: string[];
  /** Profiles the user wrote with `sso_session = NAME`: left as they are, and they stop working. */
  userProfiles: string[];
  /** Sections of the shared credentials file SSO Tray wrote for the session. */
  credentialsProfiles: string[];
  /** Files that exist now and go: the sign-in (both copies), registrations, the account list. */
  files: string[];
  /** What each of `files` is, for the list shown before removing. */
  what: Record<string, string>;
  /** The account access tenant the session names, which is forgotten with it. */
  tenantId?: string;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export async function planSessionRemoval(
  locations: Locations,
  cacheDir: string,
  session: string,
): Promise<SessionRemovalPlan> {
  const { path, sections } = await readConfig(locations);
  const config = sessionsFromConfig(sections, path, () => undefined).find(
    (c) => c.name === session,
  );
  const profiles: string[] = [];
  const userProfiles: string[] = [];
  for (const s of sections) {
    if (s.kind !== "profile" && s.kind !== "default") continue;
    if (s.kind === "profile" && s.values[MARKER_KEY] === session) profiles.push(s.name);
    else if (s.values.sso_session === session) userProfiles.push(s.name);
  }
  const credentialsProfiles = (await listCredentialsProfiles(locations))
    .filter((p) => p.ref.session === session)
    .map((p) => p.name);

  // Each file with what it is: a bare ~/.aws/sso/cache/<sha1>.json says nothing to a reader.
  const candidates: Array<[string, string]> = [
    [accountCacheFile(cacheDir, session), "its cached account list"],
    [entitledCacheFile(cacheDir, session), "its cached entitled roles"],
  ];
  // A legacy profile's sign-in is the start URL's, shared with any other profile for it: only an
  // [sso-session]'s own files are named by the session.
  if (!config || config.source === "sso-session") {
    const ref = { kind: "sso-session" as const, session };
    candidates.unshift(
      [tokenPath(locations, ref), "its sign-in"],
      [keychainTokenPath(locations, ref), "its sign-in kept in the system keychain"],
      [heldSignInPath(locations, ref), "its sign-in kept while the token cache was not writable"],
    );
  }
  if (config?.source === "sso-session") {
    // A sign-in for an account access tenant registers with more scopes: another key.
    const { plain: key, withAccountAccess: withAccess } = sessionRegistrationKeys(config);
    candidates.push(
      [awsCliRegistrationPath(locations, key), "its client registration (the AWS CLI's)"],
      [registrationPath(locations, key, "authorization-code"), "its client registration"],
      [
        awsCliRegistrationPath(locations, withAccess),
        "its client registration with the account access scopes",
      ],
      [
        registrationPath(locations, withAccess, "authorization-code"),
        "its client registration with the account access scopes",
      ],
    );
  }
  const tenantId = config ? await tenantOf(locations, config).catch(() => undefined) : undefined;
  const files: string[] = [];
  const what: Record<string, string> = {};
  for (const [file, label] of candidates) {
    if (file in what || !(await exists(file))) continue;
    files.push(file);
    what[file] = label;
  }
  return {
    session,
    ...(config ? { config } : {}),
    configPath: displayPath(path, locations),
    profiles,
    userProfiles,
    credentialsProfiles,
    files,
    what,
    ...(tenantId !== undefined ? { tenantId } : {}),
  };
}

/**
 * Forgets the session's account access tenant: by its name alone, so that a session added again
 * under that name starts without one whatever its start URL.
 */
export async function forgetTenant(locations: Locations, session: string): Promise<void> {
  await setTenant(locations, { name: session, startUrl: "" }, undefined);
}

/** Whether there is anything at all to remove under that name. */
export function hasAnything(plan: SessionRemovalPlan): boolean {
  return (
    plan.config !== undefined ||
    plan.profiles.length > 0 ||
    plan.credentialsProfiles.length > 0 ||
    plan.files.length > 0
  );
}

/** What goes, one line each, for the user to read before saying yes. */
export function describeRemoval(plan: SessionRemovalPlan, locations: Locations): string[] {
  const lines: string[] = [];
  const list = (names: string[]) =>
    names.length <= 5
      ? names.join(", ")
      : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`;
  if (plan.config)
    lines.push(
      `[sso-session ${plan.session}] (${plan.config.startUrl}, ${plan.config.region}) from ${plan.configPath}`,
    );
  if (plan.profiles.length > 0)
    lines.push(
      `${plan.profiles.length} generated profile${plan.profiles.length === 1 ? "" : "s"} from ${plan.configPath}: ${list(plan.profiles)}`,
    );
  if (plan.credentialsProfiles.length > 0)
    lines.push(
      `${plan.credentialsProfiles.map((n) => `[${n}]`).join(", ")} from the shared credentials file`,
    );
  for (const file of plan.files)
    lines.push(`${plan.what[file] ?? "a file"}: ${displayPath(file, locations)}`);
  if (plan.tenantId !== undefined)
    lines.push(
      `its account access tenant (${plan.tenantId}) from ${displayPath(locations.accountAccessTenants, locations)}`,
    );
  if (plan.config) lines.push("its cached role credentials (SSO Tray's and the AWS CLI's)");
  return lines;
}

/** Removes the session's section and its generated profiles from the config, in one write. */
export async function removeSessionSections(
  locations: Locations,
  plan: SessionRemovalPlan,
): Promise<void> {
  await updateConfig(locations, (text) => {
    // The file may have changed since the plan: take the generated profiles as they are now.
    const edits: SectionEdit[] = parseConfig(text)
      .filter((s) => s.kind === "profile" && s.values[MARKER_KEY] === plan.session)
      .map((s) => ({ kind: "profile", name: s.name, remove: true }));
    if (plan.config?.source === "sso-session")
      edits.push({ kind: "sso-session", name: plan.session, remove: true });
    return applySectionEdits(text, edits);
  });
}
