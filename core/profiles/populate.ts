// One AWS CLI profile per account/role pair, kept current and removable, without touching
// anything the user wrote. Generated profiles carry `ssotray_session = <session>`: botocore
// ignores keys it does not know, the marker survives any reformatting of the section, and it is
// what lets a later populate update or remove exactly these profiles and never a hand-written one.
// Account ids and role names are checked once more here (a pair that fails is skipped, with the
// reason), and every value on a credential_process line is quoted (command-line.ts).
// Roles an account access tenant entitles the session to get credential_process profiles in every
// mode: no AWS tool reads account access from a profile, so `ssotray credential-process
// --role-arn` serves them.
import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import type { AccountRole, EntitledRole } from "../../shared/model.js";
import { ROLE_ARN_SHAPE } from "../../shared/api.js";
import {
  applySectionEdits,
  parseConfig,
  parseForEdits,
  type ConfigSection,
  type SectionEdit,
} from "../aws-files/config-file.js";
import { readConfig, updateConfig } from "../aws-files/config-store.js";
import type { Locations } from "../locations.js";
import { isAccountId, isRoleName, shown } from "../portal/portal-shapes.js";
import { CommandLineError, commandLine } from "./command-line.js";
import { lineDiff } from "./line-diff.js";
import { DEFAULT_TEMPLATE, profileNames } from "./profile-names.js";

export const MARKER_KEY = "ssotray_session";

export interface PopulateInput {
  session: string;
  /** The profiles' `region`. */
  region: string;
  pairs: readonly AccountRole[];
  template?: string;
  aliases?: Readonly<Record<string, string>>;
  /** Write `credential_process` profiles (for tools that do not speak SSO) instead of sso_* ones. */
  credentialProcess?: boolean;
  /**
   * The command that serves credential_process, as absolute words (node and the script, or an
   * executable): required with `credentialProcess`, never a bare name looked up on PATH.
   */
  credentialProcessCommand?: readonly string[];
  /** Whose readers the credential_process lines are written for; this machine's unless said. */
  platform?: NodeJS.Platform;
  /** A legacy session (no [sso-session]): profiles carry the start URL and region themselves. */
  legacy?: { startUrl: string; ssoRegion: string };
  /**
   * Roles the session's account access tenant entitles it to: credential_process profiles that
   * run `credentialProcessCommand` (skipped, with the reason, when there is none).
   */
  entitled?: readonly EntitledRole[];
  /**
   * The entitled roles could not be listed (a failure, not an empty list): the session's
   * generated profiles for entitled roles stay as they are rather than go for want of a list.
   */
  entitledUnknown?: boolean;
}

/** A generated profile of an entitled role: its credential_process names the role by ARN. */
function isEntitledProfile(section: ConfigSection): boolean {
  return / credential-process .*--role-arn /.test(section.values.credential_process ?? "");
}

/** Why entitled roles get no profile when no command can serve them. */
export const NO_COMMAND_FOR_ENTITLED =
  "an entitled role's profile runs the ssotray command line tool (credential_process), which is not installed";

export interface PopulatePlan {
  text: string;
  added: string[];
  updated: string[];
  removed: string[];
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * A credential_process profile: `<command> credential-process --session S` and what names the
 * role. No sso_* keys in it: botocore would prefer SSO over credential_process.
 */
function credentialProcessValues(
  input: PopulateInput,
  words: readonly string[],
  role: ReadonlyArray<string | { value: string; what: string }>,
): Record<string, string> {
  const command = commandLine(
    [
      ...words.map((value) => ({ value, what: "the command" })),
      "credential-process",
      "--session",
      { value: input.session, what: "the session name" },
      ...role,
    ],
    input.platform,
  );
  return { credential_process: command, region: input.region, [MARKER_KEY]: input.session };
}

function entitledValues(
  input: PopulateInput,
  role: EntitledRole,
  words: readonly string[],
): Record<string, string> {
  return credentialProcessValues(input, words, [
    "--role-arn",
    { value: role.roleArn, what: "the role ARN" },
  ]);
}

/**
 * The entitled roles' profile names, by the same template; a name a permission-set profile of the
 * session has already gets `-entitled`, so those keep their names whatever is entitled.
 */
function entitledNames(input: PopulateInput, taken: readonly string[]): string[] {
  const roles = input.entitled ?? [];
  const pairs: AccountRole[] = roles.map((role) => ({
    session: role.session,
    accountId: role.accountId,
    accountName: role.accountName ?? role.accountId,
    emailAddress: "",
    roleName: role.roleName,
  }));
  const used = new Set(taken);
  return profileNames(pairs, input.template ?? DEFAULT_TEMPLATE, input.aliases ?? {}).map(
    (name) => {
      let candidate = used.has(name) ? `${name}-entitled` : name;
      for (let n = 2; used.has(candidate); n++) candidate = `${name}-entitled-${n}`;
      used.add(candidate);
      return candidate;
    },
  );
}

function profileValues(input: PopulateInput, pair: AccountRole): Record<string, string> {
  const marker = { [MARKER_KEY]: input.session };
  if (input.credentialProcess) {
    const words = input.credentialProcessCommand ?? [];
    if (words.length === 0)
      throw new CommandLineError(
        "credential_process profiles need the command that serves them (node and the ssotray script)",
      );
    return credentialProcessValues(input, words, [
      "--account",
      { value: pair.accountId, what: "the account id" },
      "--role",
      { value: pair.roleName, what: "the role name" },
    ]);
  }
  const sso: Record<string, string> = input.legacy
    ? { sso_start_url: input.legacy.startUrl, sso_region: input.legacy.ssoRegion }
    : { sso_session: input.session };
  return {
    ...sso,
    sso_account_id: pair.accountId,
    sso_role_name: pair.roleName,
    region: input.region,
    ...marker,
  };
}

/**
 * Every section botocore reads as each profile, in file order: `[profile dev]`, `[profile  dev]`
 * and `[profile "dev"]` are all dev to it, and the last one wins.
 */
function profilesByName(sections: readonly ConfigSection[]): Map<string, ConfigSection[]> {
  const byName = new Map<string, ConfigSection[]>();
  for (const s of sections) {
    if (s.kind !== "profile" && s.kind !== "default") continue;
    const same = byName.get(s.name);
    if (same) same.push(s);
    else byName.set(s.name, [s]);
  }
  return byName;
}

export function planPopulate(text: string, input: PopulateInput): PopulatePlan {
  // Read once for both the plan and its edits: a 50,000-line config costs ~60 ms a reading.
  const config = parseForEdits(text);
  const profiles = profilesByName(config.sections);
  const names = profileNames(input.pairs, input.template ?? DEFAULT_TEMPLATE, input.aliases ?? {});
  const plan: PopulatePlan = { text, added: [], updated: [], removed: [], skipped: [] };
  const edits: SectionEdit[] = [];
  const wanted = new Set<string>();

  // Each profile wanted, with its values, or the reason it cannot be written.
  const entries: Array<
    { name: string } & ({ values: Record<string, string> } | { reason: string; keep?: boolean })
  > = input.pairs.map((pair, i) => {
    const name = names[i] as string;
    if (!isAccountId(pair.accountId) || !isRoleName(pair.roleName))
      return {
        name,
        reason: !isAccountId(pair.accountId)
          ? `the account id '${shown(pair.accountId)}' is not 12 digits`
          : `'${shown(pair.roleName)}' is not a valid IAM role name`,
      };
    return { name, values: profileValues(input, pair) };
  });
  const entitled = input.entitled ?? [];
  entitledNames(input, names).forEach((name, i) => {
    const role = entitled[i]!;
    const words = input.credentialProcessCommand ?? [];
    if (!ROLE_ARN_SHAPE.test(role.roleArn))
      entries.push({ name, reason: `'${shown(role.roleArn)}' is not an IAM role ARN` });
    // One written before (by `ssotray`, which is its own command) stays as it is.
    else if (words.length === 0)
      entries.push({ name, reason: NO_COMMAND_FOR_ENTITLED, keep: true });
    else entries.push({ name, values: entitledValues(input, role, words) });
  });

  for (const entry of entries) {
    const { name } = entry;
    if ("reason" in entry) {
      plan.skipped.push({ name, reason: entry.reason });
      if (entry.keep) wanted.add(name);
      continue;
    }
    const { values } = entry;
    const same = profiles.get(name) ?? [];
    // Any other section with this name is a clash, whichever of them botocore would read.
    const other = same.find((s) => s.values[MARKER_KEY] !== input.session);
    if (other) {
      const owner = other.values[MARKER_KEY];
      plan.skipped.push({
        name,
        reason: owner
          ? `generated for session '${owner}'`
          : `a profile you wrote yourself has this name ([${other.header}], line ${other.line})`,
      });
      continue;
    }
    const existing = same.at(-1);
    wanted.add(name);
    if (!existing) {
      plan.added.push(name);
    } else {
      const unchanged =
        Object.entries(values).every(([k, v]) => existing.values[k] === v) &&
        Object.keys(existing.values).every((k) => k in values);
      if (unchanged) continue;
      plan.updated.push(name);
    }
    edits.push({ kind: "profile", name, values, exact: true });
  }
  for (const [name, same] of profiles) {
    if (wanted.has(name)) continue;
    for (const section of same) {
      if (section.kind !== "profile" || section.values[MARKER_KEY] !== input.session) continue;
      if (input.entitledUnknown && isEntitledProfile(section)) continue;
      if (!plan.removed.includes(name)) plan.removed.push(name);
      edits.push({ kind: "profile", name, header: section.header, remove: true });
    }
  }
  plan.text = config.apply(edits);
  return plan;
}

/** Removes the generated profiles of one session, or of every session. */
export function planRemove(text: string, session?: string): { text: string; removed: string[] } {
  const ours = parseConfig(text)
    .filter((s) => s.kind === "profile" && s.values[MARKER_KEY] !== undefined)
    .filter((s) => session === undefined || s.values[MARKER_KEY] === session);
  return {
    // By header: a hand-written section of the same name stays.
    text: applySectionEdits(
      text,
      ours.map((s) => ({
        kind: "profile" as const,
        name: s.name,
        header: s.header,
        remove: true as const,
      })),
    ),
    removed: [...new Set(ours.map((s) => s.name))],
  };
}

export interface ProfilesResult extends Omit<PopulatePlan, "text"> {
  diff: string;
  /** Where the file is (the symlink's target when it is one). */
  configPath: string;
  written: boolean;
}

async function run(
  locations: Locations,
  plan: (text: string) => Omit<PopulatePlan, "text"> & { text: string },
  dryRun: boolean,
): Promise<ProfilesResult> {
  if (dryRun) {
    const { path, text } = await readConfig(locations);
    const { text: after, ...summary } = plan(text);
    // The file itself, in full: HOME or AWS_CONFIG_FILE may point elsewhere than the reader thinks
    // (the demo's throwaway HOME shortens to the same "~/.aws/config" as theirs).
    const real = await realpath(resolve(path)).catch(() => resolve(path));
    return {
      ...summary,
      diff: lineDiff(text, after, real),
      configPath: real,
      written: false,
    };
  }
  let summary: Omit<PopulatePlan, "text"> = { added: [], updated: [], removed: [], skipped: [] };
  const result = await updateConfig(locations, (text) => {
    const { text: after, ...rest } = plan(text);
    summary = rest;
    return after;
  });
  return {
    ...summary,
    diff: lineDiff(result.before, result.after, result.path),
    configPath: result.path,
    written: result.changed,
  };
}

export function populateProfiles(
  locations: Locations,
  input: PopulateInput,
  options: { dryRun?: boolean } = {},
): Promise<ProfilesResult> {
  return run(locations, (text) => planPopulate(text, input), options.dryRun ?? false);
}

export function removeProfiles(
  locations: Locations,
  options: { session?: string; dryRun?: boolean } = {},
): Promise<ProfilesResult> {
  return run(
    locations,
    (text) => ({ ...planRemove(text, options.session), added: [], updated: [], skipped: [] }),
    options.dryRun ?? false,
  );
}
