// Sign-ins the app has started and not yet finished: each can be cancelled, its page reopened
// and its device code copied; a session added in the app is listed while its first sign-in runs
// and written to ~/.aws/config only once that sign-in succeeds (a cancelled or abandoned one
// leaves nothing).
import { ApiError, type CallArgs } from "../../shared/api.js";
import type { SessionStatus } from "../../shared/model.js";
import { validateRegion } from "../../shared/regions.js";
import { parseStartUrl } from "../../shared/start-url.js";
import { browserProxyNote } from "../network/browser-proxy-note.js";
import {
  SessionConfigError,
  type SessionManager,
  type SessionTarget,
} from "../sessions/session-manager.js";
import type { EventHub } from "./events.js";

export interface SignInsParts {
  env: Record<string, string | undefined>;
  sessions: SessionManager;
  hub: EventHub;
  /** Sends the session list (with the pending ones) to the UI. */
  publishSessions(): Promise<SessionStatus[]>;
  /** Lists the accounts of a session just signed in to. */
  startSync(session: string): void;
}

export class SignInsUnderWay {
  private readonly controllers = new Map<string, AbortController>();
  /** Sessions added in the app whose first sign-in is under way. */
  private readonly pending = new Map<string, SessionTarget>();
  /** The page each sign-in under way asks the user to visit: the only URL the UI may open. */
  private readonly prompts = new Map<string, string>();
  /** The user code of each device sign-in under way, for copySignInCode. */
  private readonly userCodes = new Map<string, string>();
  /** The account access tenant a pending session was added with: its sign-in asks for it. */
  private readonly tenants = new Map<string, string>();

  constructor(private readonly parts: SignInsParts) {}

  /** The configured sessions, then those added here whose first sign-in is under way. */
  async sessionList(): Promise<SessionStatus[]> {
    const { sessions } = this.parts;
    const list = await sessions.list();
    for (const target of this.pending.values()) {
      if (target.change.kind !== "add") continue;
      if (list.some((s) => s.name === target.config.name)) continue;
      list.push(this.pendingStatus(target));
    }
    return list;
  }

  private pendingStatus(target: SessionTarget): SessionStatus {
    const status = this.parts.sessions.pendingStatus(target);
    const tenant = this.tenants.get(target.config.name);
    return tenant === undefined ? status : { ...status, accountAccessTenant: tenant };
  }

  /** A session still being added: no configuration yet, so no accounts to read by it. */
  isBeingAdded(session: string): boolean {
    return this.pending.get(session)?.change.kind === "add";
  }

  /**
   * Plans a session for the form's start URL, region and name, and shows it as pending: nothing is
   * written until signIn() for it succeeds. The same portal and region already configured is
   * that session; another region is changed once signed in.
   */
  async add(input: CallArgs<"addSession">): Promise<SessionStatus> {
    const { sessions } = this.parts;
    const url = parseStartUrl(input.startUrl);
    if (!url.ok) throw new ApiError("InvalidInput", url.message);
    const region = validateRegion(input.region);
    if (!region.ok) throw new ApiError("InvalidInput", region.message);
    let target: SessionTarget;
    try {
      target = await sessions.target({
        startUrl: url.url,
        region: input.region,
        ...(input.name ? { name: input.name } : {}),
        askedBy: "app",
      });
    } catch (error) {
      if (error instanceof SessionConfigError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
    const name = target.config.name;
    if (target.change.kind === "none") {
      this.pending.delete(name);
      this.tenants.delete(name);
      if (input.tenantId === undefined) return sessions.get(name);
      // The session is there already: the tenant is its own from now on (its next sign-in asks
      // for the account access scopes).
      try {
        return await sessions.setAccountAccessTenant(name, input.tenantId);
      } catch (error) {
        if (error instanceof SessionConfigError) throw new ApiError("InvalidInput", error.message);
        throw error;
      }
    }
    if (input.tenantId !== undefined && target.config.source !== "sso-session")
      throw new ApiError(
        "InvalidInput",
        "Account access needs an [sso-session]; add the session without the legacy profile",
      );
    this.pending.set(name, target);
    if (input.tenantId !== undefined) this.tenants.set(name, input.tenantId);
    else this.tenants.delete(name);
    const list = await this.parts.publishSessions();
    return list.find((s) => s.name === name) ?? this.pendingStatus(target);
  }

  async signIn(input: CallArgs<"signIn">): Promise<SessionStatus> {
    const { sessions, hub } = this.parts;
    this.controllers.get(input.session)?.abort();
    const controller = new AbortController();
    this.controllers.set(input.session, controller);
    const planned = this.pending.get(input.session);
    let signedIn = false;
    try {
      const proxyNote = await browserProxyNote(this.parts.env);
      const tenant = planned ? this.tenants.get(input.session) : undefined;
      const status = await sessions.signIn(planned ?? input.session, {
        method: input.method,
        ...(tenant !== undefined ? { tenantId: tenant } : {}),
        signal: controller.signal,
        onPrompt: (prompt) => {
          const page = prompt.kind === "device" ? prompt.verificationUriComplete : prompt.url;
          this.prompts.set(input.session, page);
          if (prompt.kind === "device") this.userCodes.set(input.session, prompt.userCode);
          const note = proxyNote(page);
          hub.emit("signInPrompt", note ? { ...prompt, proxyNote: note } : prompt);
        },
      });
      signedIn = true;
      if (planned && this.pending.get(input.session) === planned) {
        this.pending.delete(input.session);
        this.tenants.delete(input.session);
      }
      await this.parts.publishSessions();
      this.parts.startSync(input.session);
      return status;
    } finally {
      if (this.controllers.get(input.session) === controller) {
        this.controllers.delete(input.session);
        this.prompts.delete(input.session);
        this.userCodes.delete(input.session);
      }
      // A first sign-in that did not succeed (cancelled, refused, timed out): the session it
      // would have added goes from the list, as it never reached the configuration.
      if (
        !signedIn &&
        planned &&
        this.pending.get(input.session) === planned &&
        !this.controllers.has(input.session)
      ) {
        this.pending.delete(input.session);
        this.tenants.delete(input.session);
        await this.parts.publishSessions().catch(() => undefined);
      }
    }
  }

  /** The sessions whose sign-in has started and not yet ended, in the order they started. */
  underWay(): string[] {
    return [...this.controllers.keys()];
  }

  cancel(session: string): void {
    this.controllers.get(session)?.abort();
    this.controllers.delete(session);
  }

  /** The page the session's sign-in under way asks the user to visit. */
  page(session: string): string {
    const url = this.prompts.get(session);
    if (!url)
      throw new ApiError(
        "NoSignIn",
        `No sign-in is under way for '${session}': click Sign in first`,
      );
    return url;
  }

  /** The user code of the session's device sign-in under way. */
  code(session: string): string {
    const code = this.userCodes.get(session);
    if (!code)
      throw new ApiError(
        "NoSignIn",
        `No device sign-in is under way for '${session}': choose Sign in with a code first`,
      );
    return code;
  }

  /**
   * Signing out of a session still waiting for its first sign-in stops that sign-in and takes it
   * off the list; true when that was all there was to it (it is in no file yet).
   */
  async dropPending(session: string): Promise<boolean> {
    const planned = this.pending.get(session);
    if (!planned) return false;
    this.pending.delete(session);
    this.tenants.delete(session);
    this.controllers.get(session)?.abort();
    if (planned.change.kind !== "add") return false;
    await this.parts.publishSessions();
    return true;
  }

  dispose(): void {
    for (const controller of this.controllers.values()) controller.abort();
  }
}
