// Profiles in ~/.aws/config as the AWS CLI reads them, for `--profile NAME`: an SSO profile
// (sso_session or sso_start_url, with sso_account_id and sso_role_name), or a role chained from
// one with `role_arn` + `source_profile` (awscli's "assume role" profiles, botocore
// credentials.py AssumeRoleProvider), through any number of other chained profiles. Only what we
// can honour is accepted; a key we cannot is refused by name rather than silently ignored, since
// the credentials would not be the ones the profile asks for.
import { z } from "zod";
import { ROLE_ARN_SHAPE, roleArnSchema } from "../../shared/api.js";
import { effectiveSections, type ConfigSection } from "../aws-files/config-file.js";
import {
  accountIdSchema,
  profileNameSchema,
  regionSchema,
  roleNameSchema,
} from "../../shared/api.js";

export { profileNameSchema };

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileError";
  }
}

/** IAM role ARNs (any partition, with a path): what AssumeRole accepts. */
export const ROLE_ARN = ROLE_ARN_SHAPE;
export { roleArnSchema };
/** sts:AssumeRole's RoleSessionName: 2 to 64 of [\w+=,.@-]. */
export const roleSessionNameSchema = z
  .string()
  .trim()
  .regex(/^[\w+=,.@-]{2,64}$/, "A role session name is 2 to 64 letters, digits or +=,.@_-");
/** sts:AssumeRole's ExternalId: 2 to 1,224 of [\w+=,.@:/-]. */
export const externalIdSchema = z
  .string()
  .trim()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, "An external id is 2 to 1,224 letters, digits or +=,.@:/_-");
const durationSchema = z
  .string()
  .trim()
  .regex(/^\d{3,5}$/, "duration_seconds is a whole number of seconds from 900 to 43200")
  .transform(Number)
  .refine(
    (n) => n >= 900 && n <= 43_200,
    "duration_seconds is a whole number of seconds from 900 to 43200",
  );

export interface ChainStep {
  /** The profile that names this role. */
  profile: string;
  roleArn: string;
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  /** The profile's own region, if it has one. */
  region?: string;
}

export interface SsoProfileRole {
  profile: string;
  session: string;
  accountId: string;
  roleName: string;
  region?: string;
}

export type ResolvedProfile =
  | { kind: "sso"; role: SsoProfileRole; region?: string }
  /** `steps` in the order they are assumed: the first from the SSO role, the last is the profile. */
  | { kind: "chained"; name: string; base: SsoProfileRole; steps: ChainStep[]; region?: string };

/** A chain longer than this is a mistake, not a design (and every link is a call to STS). */
const MAX_CHAIN = 10;

function profilesOf(sections: readonly ConfigSection[]): Map<string, ConfigSection> {
  const out = new Map<string, ConfigSection>();
  for (const s of effectiveSections(sections)) {
    if (s.kind === "profile" || s.kind === "default") out.set(s.name, s);
  }
  return out;
}

function value<T>(
  section: ConfigSection,
  key: string,
  schema: z.ZodType<T, string>,
  where: string,
): T | undefined {
  const raw = section.values[key]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ProfileError(
      `${where}: ${key} is not valid (${parsed.error.issues[0]?.message ?? "malformed"}); fix it in the config file`,
    );
  return parsed.data;
}

function ssoRole(section: ConfigSection, where: string): SsoProfileRole {
  const v = section.values;
  const accountId = value(section, "sso_account_id", accountIdSchema, where);
  const roleName = value(section, "sso_role_name", roleNameSchema, where);
  if (!accountId || !roleName)
    throw new ProfileError(
      `${where} signs in with IAM Identity Center but lacks ${!accountId ? "sso_account_id" : "sso_role_name"}; add it`,
    );
  const region = value(section, "region", regionSchema, where);
  // A legacy profile is its own session (sessionsFromConfig names it after the profile).
  const session = v.sso_session?.trim() || section.name;
  return {
    profile: section.name,
    session,
    accountId,
    roleName,
    ...(region ? { region } : {}),
  };
}

function isSso(section: ConfigSection): boolean {
  return Boolean(section.values.sso_session?.trim() || section.values.sso_start_url?.trim());
}

/**
 * The profile `name` as SSO Tray can use it: an SSO profile's role, or a chain of roles from one.
 * Throws ProfileError naming the profile, the key and what to do.
 */
export function resolveProfile(
  sections: readonly ConfigSection[],
  name: string,
  configPath: string,
): ResolvedProfile {
  const profiles = profilesOf(sections);
  const steps: ChainStep[] = [];
  const seen: string[] = [];
  let current = name;
  for (;;) {
    const where = `The profile '${current}' in ${configPath}`;
    const section = profiles.get(current);
    if (!section)
      throw new ProfileError(
        current === name
          ? `There is no profile named '${name}' in ${configPath}`
          : `${`The profile '${seen.at(-1)}'`} names source_profile '${current}', which is not in ${configPath}; add it or fix source_profile`,
      );
    if (seen.includes(current))
      throw new ProfileError(
        `The profiles ${[...seen, current].map((p) => `'${p}'`).join(" → ")} name each other as source_profile in a loop; end the chain at an SSO profile`,
      );
    seen.push(current);
    const v = section.values;
    const roleArn = v.role_arn?.trim();
    if (!roleArn) {
      if (!isSso(section))
        throw new ProfileError(
          current === name
            ? `${where} neither signs in with IAM Identity Center nor chains a role from a profile that does; SSO Tray can use only those`
            : `${where} is the source of '${seen.at(-2)}' but does not sign in with IAM Identity Center (static keys, a process or another source); SSO Tray chains only from SSO profiles`,
        );
      const base = ssoRole(section, where);
      if (steps.length === 0) return { kind: "sso", role: base, ...regionOf(base.region) };
      steps.reverse();
      return {
        kind: "chained",
        name,
        base,
        steps,
        // As botocore: the profile's own region, not its source's.
        ...regionOf(steps.at(-1)?.region),
      };
    }
    if (v.mfa_serial?.trim())
      throw new ProfileError(
        `${where} asks for an MFA code (mfa_serial), which SSO Tray cannot ask for yet; use the AWS CLI for it, or chain from a role that needs no MFA`,
      );
    if (v.credential_source?.trim())
      throw new ProfileError(
        `${where} takes its source credentials from credential_source = ${JSON.stringify(v.credential_source.trim().slice(0, 40))}, which SSO Tray does not support; use source_profile naming an SSO profile`,
      );
    if (v.web_identity_token_file?.trim())
      throw new ProfileError(
        `${where} assumes its role with a web identity token (web_identity_token_file), which SSO Tray does not support; use source_profile naming an SSO profile`,
      );
    const source = v.source_profile?.trim();
    if (!source)
      throw new ProfileError(
        `${where} has role_arn but no source_profile; add source_profile naming the SSO profile the role is assumed from`,
      );
    if (steps.length >= MAX_CHAIN)
      throw new ProfileError(
        `The profile '${name}' chains more than ${MAX_CHAIN} roles; shorten the chain`,
      );
    const parsedArn = value(section, "role_arn", roleArnSchema, where)!;
    const roleSessionName = value(section, "role_session_name", roleSessionNameSchema, where);
    const externalId = value(section, "external_id", externalIdSchema, where);
    const durationSeconds = value(section, "duration_seconds", durationSchema, where);
    const region = value(section, "region", regionSchema, where);
    steps.push({
      profile: current,
      roleArn: parsedArn,
      ...(roleSessionName ? { roleSessionName } : {}),
      ...(externalId ? { externalId } : {}),
      ...(durationSeconds ? { durationSeconds } : {}),
      ...(region ? { region } : {}),
    });
    // botocore reads a profile that is its own source_profile as static keys: not an SSO role.
    current = source;
  }
}

function regionOf(region: string | undefined): { region?: string } {
  return region ? { region } : {};
}

/** The chained profiles whose chain starts at some SSO role, for listing them beside it. */
export function chainedProfiles(
  sections: readonly ConfigSection[],
  configPath: string,
): { chains: Array<Extract<ResolvedProfile, { kind: "chained" }>>; problems: string[] } {
  const chains: Array<Extract<ResolvedProfile, { kind: "chained" }>> = [];
  const problems: string[] = [];
  for (const [name, section] of profilesOf(sections)) {
    if (!section.values.role_arn?.trim() || !section.values.source_profile?.trim()) continue;
    try {
      const resolved = resolveProfile(sections, name, configPath);
      if (resolved.kind === "chained") chains.push(resolved);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      problems.push(error.message);
    }
  }
  return { chains, problems };
}
