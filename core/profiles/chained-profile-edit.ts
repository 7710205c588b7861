// Adding a chained role from the app: a `[profile NAME]` with role_arn + source_profile, as the
// AWS CLI reads it, whose source is the SSO profile of the role it starts from (an existing one
// when the config has it, else a new one). Written under the config lock, on the fresh text.
import { applySectionEdits, effectiveSections, parseConfig } from "../aws-files/config-file.js";
import { updateConfig } from "../aws-files/config-store.js";
import type { Locations } from "../locations.js";
import type { RoleRef } from "../../shared/model.js";
import { profileNameSchema, ProfileError, ROLE_ARN } from "./chained-profile.js";

export interface NewChainedRole {
  source: RoleRef;
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  /** The new profile's name; by default `{role name}-{account id}` of the chained role. */
  profile?: string;
}

/** Writes the profile; returns its name. */
export async function addChainedProfile(
  locations: Locations,
  input: NewChainedRole,
): Promise<string> {
  const target = ROLE_ARN.exec(input.roleArn);
  if (!target) throw new ProfileError(`'${input.roleArn}' is not an IAM role ARN`);
  if (input.source.profile !== undefined)
    throw new ProfileError("Chain from a role of the portal's list, not from a chained role");
  const name = input.profile ?? `${target[2]}-${target[1]}`;
  const checked = profileNameSchema.safeParse(name);
  if (!checked.success)
    throw new ProfileError(checked.error.issues[0]?.message ?? "The profile name is not valid");
  const { session, accountId, roleName } = input.source;
  await updateConfig(locations, (text) => {
    const profiles = effectiveSections(parseConfig(text)).filter(
      (s) => s.kind === "profile" || s.kind === "default",
    );
    if (profiles.some((s) => s.name === name))
      throw new ProfileError(
        `There is a profile named '${name}' already; choose another name for the chained role`,
      );
    const existing = profiles.find(
      (s) =>
        !s.values.role_arn &&
        s.values.sso_account_id?.trim() === accountId &&
        s.values.sso_role_name?.trim() === roleName &&
        (s.values.sso_session?.trim() === session || (!s.values.sso_session && s.name === session)),
    );
    const sourceName = existing?.name ?? `${session}-${accountId}-${roleName}`;
    if (!existing && profiles.some((s) => s.name === sourceName))
      throw new ProfileError(
        `The profile '${sourceName}' exists but is not an SSO profile of ${roleName} in ${accountId}; fix or rename it`,
      );
    const edits = [];
    if (!existing)
      edits.push({
        kind: "profile" as const,
        name: sourceName,
        values: { sso_session: session, sso_account_id: accountId, sso_role_name: roleName },
      });
    edits.push({
      kind: "profile" as const,
      name,
      values: {
        role_arn: input.roleArn,
        source_profile: sourceName,
        ...(input.sessionName ? { role_session_name: input.sessionName } : {}),
        ...(input.externalId ? { external_id: input.externalId } : {}),
      },
    });
    return applySectionEdits(text, edits);
  });
  return name;
}
