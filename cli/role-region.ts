// The region a role's credentials go out with, for `exec` and `creds` alike: without one,
// `aws` and the SDKs stop at "You must specify a region".
import { readConfig } from "../core/aws-files/config-store.js";
import { loadSettings } from "../core/settings/settings-store.js";
import type { CliContext } from "./context.js";
import type { RoleTarget } from "./role-target.js";

/**
 * --region as typed, else the profile's own region, else Settings' default, else the session's
 * region unless the user already set one (in the environment, or in ~/.aws/config's [default]):
 * a region the user chose is theirs and stays.
 */
export async function regionForTarget(
  ctx: CliContext,
  target: RoleTarget,
  typed: string | undefined,
  warn: (message: string) => void,
): Promise<string | undefined> {
  return (
    typed ??
    target.region ??
    (await loadSettings(ctx.locations, warn)).defaultRegion ??
    (await sessionRegionUnlessSet(ctx, target.session.name))
  );
}

async function sessionRegionUnlessSet(
  ctx: CliContext,
  session: string,
): Promise<string | undefined> {
  if (ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION) return undefined;
  const { sections } = await readConfig(ctx.locations);
  if (sections.some((s) => s.kind === "default" && s.values.region)) return undefined;
  return (await ctx.session(session)).region || undefined;
}
