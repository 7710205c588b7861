// The roles ~/.aws/config chains from the sessions' roles (role_arn + source_profile): listed
// with the role each starts from, added from the app, and assumed, with credentials kept in
// memory only like every role's in the app.
import { ApiError, type CallArgs } from "../../shared/api.js";
import type { ChainedRole, RoleCredentials, RoleRef } from "../../shared/model.js";
import { readConfig } from "../aws-files/config-store.js";
import { displayPath, type Locations } from "../locations.js";
import {
  chainedProfiles,
  ProfileError,
  resolveProfile,
  ROLE_ARN,
} from "../profiles/chained-profile.js";
import { addChainedProfile } from "../profiles/chained-profile-edit.js";
import type { RoleCredentialsProvider } from "../portal/role-credentials.js";
import type { SessionManager } from "../sessions/session-manager.js";
import { ChainedCredentialsProvider } from "../sts/chained-credentials.js";
import type { EventHub } from "./events.js";

export interface ChainedRolesParts {
  env: Record<string, string | undefined>;
  locations: Locations;
  sessions: SessionManager;
  /** The session roles chains start from. */
  roles: RoleCredentialsProvider;
  hub: EventHub;
  now: () => number;
  /** Warnings the user has heard already, so each is told once. */
  told: Set<string>;
}

export class ChainedRoles {
  private readonly chained: ChainedCredentialsProvider;

  constructor(private readonly parts: ChainedRolesParts) {
    this.chained = new ChainedCredentialsProvider({
      env: parts.env,
      locations: parts.locations,
      sessions: parts.sessions,
      roles: parts.roles,
      now: parts.now,
    });
  }

  /**
   * The roles chained from the named sessions, each with the role it starts from; a profile
   * SSO Tray cannot use is told once, as a notice.
   */
  async of(sessions: readonly string[]): Promise<ChainedRole[]> {
    const { locations, hub, told } = this.parts;
    let sections;
    try {
      ({ sections } = await readConfig(locations));
    } catch {
      return []; // the sessions' own reading of the file says what is wrong with it
    }
    const { chains, problems } = chainedProfiles(
      sections,
      displayPath(locations.awsConfig, locations),
    );
    for (const problem of problems) {
      if (told.has(problem)) continue;
      told.add(problem);
      hub.emit("notice", { level: "warning", message: problem });
    }
    return chains
      .filter((c) => sessions.includes(c.base.session))
      .map((c) => {
        const arn = c.steps.at(-1)!.roleArn;
        const [, accountId, roleName] = ROLE_ARN.exec(arn)!;
        return {
          profile: c.name,
          roleArn: arn,
          accountId: accountId!,
          roleName: roleName!,
          source: {
            session: c.base.session,
            accountId: c.base.accountId,
            roleName: c.base.roleName,
          },
        };
      });
  }

  async add(input: CallArgs<"addChainedRole">): Promise<ChainedRole[]> {
    try {
      await addChainedProfile(this.parts.locations, input);
    } catch (error) {
      if (error instanceof ProfileError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
    const sessions = (await this.parts.sessions.list()).map((s) => s.name);
    const roles = await this.of(sessions);
    this.parts.hub.emit("chainedRoles", roles);
    return roles;
  }

  /** Credentials for the role a chained role's profile names, as the config file says now. */
  async credentials(role: RoleRef): Promise<RoleCredentials> {
    return this.chained.get(await this.chainOf(role));
  }

  /** Forgets the chained credentials kept in memory for a session. */
  forget(session: string): void {
    this.chained.forget(session);
  }

  /** The chain a chained role's profile names, as the config file says now. */
  private async chainOf(role: RoleRef) {
    const { locations } = this.parts;
    const { sections } = await readConfig(locations);
    let resolved;
    try {
      resolved = resolveProfile(
        sections,
        role.profile!,
        displayPath(locations.awsConfig, locations),
      );
    } catch (error) {
      if (error instanceof ProfileError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
    if (resolved.kind !== "chained" || resolved.base.session !== role.session)
      throw new ApiError(
        "InvalidInput",
        `The profile '${role.profile}' no longer chains a role from session '${role.session}'; refresh the list`,
      );
    return resolved;
  }
}
