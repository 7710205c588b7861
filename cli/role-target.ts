// How a command names the role it acts as (--account and --role with --session, --profile, or
// --role-arn) and what that comes to: the session, the account, the role, and how to get its
// credentials, whichever kind of role it is (permission set, chained, entitled).
import { readConfig } from "../core/aws-files/config-store.js";
import { displayPath } from "../core/locations.js";
import {
  ProfileError,
  profileNameSchema,
  resolveProfile,
  type ResolvedProfile,
} from "../core/profiles/chained-profile.js";
import { ROLE_ARN_SHAPE, roleArnSchema } from "../shared/api.js";
import type { RoleCredentials, RoleRef, SessionStatus } from "../shared/model.js";
import { lookUpRole } from "./account-lookup.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliContext } from "./context.js";
import { entitledSession } from "./entitled-roles.js";
import { didYouMean } from "./near-names.js";

/** How a command names its role: --account and --role (with --session), --profile or --role-arn. */
export interface TargetOptions {
  account?: string;
  role?: string;
  session?: string;
  refresh?: boolean;
  profile?: string;
  /** A role the session's account access tenant entitles it to. */
  roleArn?: string;
}

/** The role a command acts as, however it was named, and how to get its credentials. */
export interface RoleTarget {
  session: SessionStatus;
  /** The account the credentials are for. */
  accountId: string;
  /** The role's name (of a chained role: the last part of its ARN). */
  roleName: string;
  accountName?: string;
  /** A permission-set role the portal lists (the portal's shortcut link opens only these). */
  ref?: RoleRef;
  /** A chained profile's name. */
  chainedProfile?: string;
  /** An entitled role's ARN (account access manager). */
  roleArn?: string;
  /** The profile's own region, when the role was named by a profile that has one. */
  region?: string;
  credentials(options?: { forceRefresh?: boolean }): Promise<RoleCredentials>;
}

/** The role a command names: by --role-arn, by --profile, else by --account and --role. */
export async function roleTarget(ctx: CliContext, options: TargetOptions): Promise<RoleTarget> {
  if (options.roleArn !== undefined) return entitledTarget(ctx, options.roleArn, options);
  if (options.profile !== undefined) {
    if (
      options.account !== undefined ||
      options.role !== undefined ||
      options.session !== undefined
    )
      throw new CliError(
        "--profile names the role by itself: leave out --account, --role and --session",
        EXIT_USAGE,
      );
    const resolved = await namedProfile(ctx, options.profile);
    if (resolved.kind === "sso") {
      const { role } = resolved;
      const session = await ctx.session(role.session);
      const ref = { session: session.name, accountId: role.accountId, roleName: role.roleName };
      return {
        session,
        accountId: ref.accountId,
        roleName: ref.roleName,
        ref,
        ...(resolved.region ? { region: resolved.region } : {}),
        credentials: (o) => ctx.roleCredentials.get(ref, o),
      };
    }
    const session = await ctx.session(resolved.base.session);
    const last = resolved.steps.at(-1)!;
    const [, accountId, roleName] = /:(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(last.roleArn)!;
    return {
      session,
      accountId: accountId!,
      roleName: roleName!,
      chainedProfile: resolved.name,
      ...(resolved.region ? { region: resolved.region } : {}),
      credentials: (o) => ctx.chainedCredentials.get(resolved, o),
    };
  }
  if (options.account === undefined || options.role === undefined)
    throw new CliError(
      "Name the role: --account and --role (with --session when there are several), or --profile (or --role-arn for an account access entitlement)",
      EXIT_USAGE,
    );
  const session = await ctx.session(options.session);
  const resolved = await lookUpRole(ctx, session.name, options.account, options.role, {
    refresh: options.refresh,
  });
  const ref = {
    session: session.name,
    accountId: resolved.accountId,
    roleName: resolved.roleName,
  };
  return {
    session,
    accountId: ref.accountId,
    roleName: ref.roleName,
    ...(resolved.accountName !== undefined ? { accountName: resolved.accountName } : {}),
    ref,
    credentials: (o) => ctx.roleCredentials.get(ref, o),
  };
}

/** The profile named by --profile, as SSO Tray can use it (an SSO role, or a chain from one). */
async function namedProfile(ctx: CliContext, name: string): Promise<ResolvedProfile> {
  const parsed = profileNameSchema.safeParse(name);
  if (!parsed.success)
    throw new CliError(`--profile: ${parsed.error.issues[0]?.message ?? "not valid"}`, EXIT_USAGE);
  const { sections } = await readConfig(ctx.locations);
  const profiles = sections.filter((s) => s.kind === "profile" || s.kind === "default");
  if (!profiles.some((s) => s.name === name))
    throw new CliError(
      `There is no profile named '${name}' in ${displayPath(ctx.locations.awsConfig, ctx.locations)}${didYouMean(name, [...new Set(profiles.map((s) => s.name))])}`,
      EXIT_USAGE,
    );
  try {
    return resolveProfile(sections, name, displayPath(ctx.locations.awsConfig, ctx.locations));
  } catch (error) {
    if (error instanceof ProfileError) throw new CliError(error.message, EXIT_USAGE);
    throw error;
  }
}

/** An entitled role, by its ARN, in the session --session names or the only one with a tenant. */
async function entitledTarget(
  ctx: CliContext,
  roleArn: string,
  options: TargetOptions,
): Promise<RoleTarget> {
  if (options.account !== undefined || options.role !== undefined || options.profile !== undefined)
    throw new CliError(
      "--role-arn names the role by itself: leave out --account, --role and --profile (--session picks the session)",
      EXIT_USAGE,
    );
  const parsed = roleArnSchema.safeParse(roleArn);
  if (!parsed.success)
    throw new CliError(
      `--role-arn: ${parsed.error.issues[0]?.message ?? "not a role ARN"}`,
      EXIT_USAGE,
    );
  const arn = parsed.data;
  const session = await entitledSession(ctx, options.session);
  const [, accountId, roleName] = ROLE_ARN_SHAPE.exec(arn)!;
  // The name is for console rules only: what the last listing said, if anything.
  const known = (await ctx.entitledRoles.cached(session).catch(() => undefined))?.find(
    (r) => r.roleArn === arn,
  );
  return {
    session,
    accountId: accountId!,
    roleName: roleName!,
    roleArn: arn,
    ...(known?.accountName !== undefined ? { accountName: known.accountName } : {}),
    credentials: (o) => ctx.entitledRoles.credentials({ session: session.name, roleArn: arn }, o),
  };
}
