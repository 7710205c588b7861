// The app's side of account access entitlements: each session's entitled roles as last listed
// (or read from the cache), listed again with its accounts, dropped when its tenant changes, and
// the roles' credentials, kept in memory only like every role's in the app.
import { ApiError, type CallArgs } from "../../shared/api.js";
import type { Account, EntitledRole, RoleCredentials, SessionStatus } from "../../shared/model.js";
import { EntitledRoles, withAccountNames } from "../account-access/entitled-roles.js";
import type { Locations } from "../locations.js";
import {
  SessionConfigError,
  SignInNeededError,
  type SessionManager,
} from "../sessions/session-manager.js";
import type { EventHub } from "./events.js";

export interface EntitledRoleListsParts {
  env: Record<string, string | undefined>;
  locations: Locations;
  sessions: SessionManager;
  hub: EventHub;
  now: () => number;
  warn: (message: string) => void;
  /** Runs portal work, telling the user when it needs a new sign-in. */
  guard<T>(work: () => Promise<T>): Promise<T>;
  /** The session's accounts as last sent, whose names fill in what the API left unnamed. */
  accountsOf(session: string): readonly Account[] | undefined;
  /** Sends every session's status, and returns them. */
  publishSessions(): Promise<SessionStatus[]>;
}

export class EntitledRoleLists {
  private readonly entitled: EntitledRoles;
  /**
   * Each session's entitled roles as last listed (or read from the cache), with the tenant they
   * are of: `ssotray` may name another tenant while the app runs.
   */
  private readonly known = new Map<string, { tenant: string; roles: EntitledRole[] }>();

  constructor(private readonly parts: EntitledRoleListsParts) {
    this.entitled = new EntitledRoles({
      env: parts.env,
      locations: parts.locations,
      sessions: parts.sessions,
      now: parts.now,
      warn: parts.warn,
    });
  }

  /**
   * Every session's entitled roles: as last listed, else as cached; an account the API left
   * unnamed takes its name from the portal's list.
   */
  async of(sessions: readonly SessionStatus[]): Promise<EntitledRole[]> {
    const out: EntitledRole[] = [];
    for (const session of sessions) {
      const tenant = session.accountAccessTenant;
      if (tenant === undefined) {
        this.known.delete(session.name);
        continue;
      }
      let known = this.known.get(session.name);
      if (known?.tenant !== tenant) {
        known = {
          tenant,
          roles: (await this.entitled.cached(session).catch(() => undefined)) ?? [],
        };
        this.known.set(session.name, known);
      }
      out.push(...withAccountNames(known.roles, this.parts.accountsOf(session.name)));
    }
    return out;
  }

  /** The roles as cached for the session; undefined when never listed, or unreadable. */
  cached(session: SessionStatus): Promise<EntitledRole[] | undefined> {
    return this.entitled.cached(session).catch(() => undefined);
  }

  /** Sends every session's entitled roles; `sessions` when the caller has just listed them. */
  async publish(sessions?: readonly SessionStatus[]): Promise<void> {
    this.parts.hub.emit(
      "entitledRoles",
      await this.of(sessions ?? (await this.parts.sessions.list())),
    );
  }

  /** A sync of the session's accounts has ended: roles it left unnamed can be named now. */
  accountsSynced(session: string): void {
    if (this.known.get(session)?.roles.some((r) => r.accountName === undefined))
      void this.publish().catch(() => undefined);
  }

  /** Lists a session's entitled roles (with its account list), when it names a tenant. */
  async list(session: string): Promise<void> {
    try {
      const tenant = (await this.parts.sessions.get(session)).accountAccessTenant;
      if (tenant === undefined) return;
      const roles = await this.parts.guard(() => this.entitled.list(session));
      this.known.set(session, { tenant, roles });
      await this.publish();
    } catch (error) {
      if (error instanceof SignInNeededError) return; // guard() told the user
      this.parts.hub.emit("notice", {
        level: "warning",
        message: `Entitled roles of session '${session}' were not listed: ${(error as Error).message}`,
        session,
      });
    }
  }

  async setTenant(input: CallArgs<"setAccountAccessTenant">): Promise<SessionStatus> {
    let status: SessionStatus;
    try {
      status = await this.parts.sessions.setAccountAccessTenant(
        input.session,
        input.tenantId ?? undefined,
      );
    } catch (error) {
      if (error instanceof SessionConfigError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
    // What another tenant entitled is not this one's: dropped at once, in memory and on screen.
    this.known.delete(input.session);
    this.entitled.forget(input.session);
    await this.publish(await this.parts.publishSessions());
    if (status.state === "signed-in" || status.state === "expiring") void this.list(input.session);
    return status;
  }

  /** Credentials for one entitled role of the session, by its ARN. */
  credentials(ref: { session: string; roleArn: string }): Promise<RoleCredentials> {
    return this.entitled.credentials(ref);
  }

  /** Forgets the role credentials kept in memory for a session. */
  forget(session: string): void {
    this.entitled.forget(session);
  }
}
