// Sign-ins the app has started and not yet finished: each can be cancelled, its page reopened
// and its device code copied; a session added in the app is listed while its first sign-in runs
// and written to ~/.aws/config only once that sign-in succeeds (a cancelled or abandoned one
// leaves nothing).
import { ApiError, type CallArgs } from "../../shared/api.js";
import type { SessionStatus } from "../../shared/model.js";
import { validateRegion } from "../../shared/regions.js";
import { parseStartUrl } from "../../shared/start-url.js";
import type { Locations } from "../locations.js";
import { browserProxyNote } from "../network/browser-proxy-note.js";
import type { EndpointVariant } from "../network/sdk-endpoints.js";
import { setSessionEndpointSettings } from "../sessions/endpoint-settings.js";
import {
  SessionConfigError,
  type SessionManager,
  type SessionTarget,
} from "../sessions/session-manager.js";
import type { EventHub } from "./events.js";

export interface SignInsParts {
  env: Record<string, string | undefined>;
  locations: Locations;
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
  /** FIPS and dual-stack chosen for a pending session: its first sign-in calls those hosts. */
  private readonly endpoints = new Map<string, Partial<EndpointVariant>>();
  /** Each sign-in under way, by its controller: the very promise its caller holds. */
  private readonly running = new WeakMap<AbortController, Promise<SessionStatus>>();

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

  /** What add() kept for a session's first sign-in. */
  private forgetPending(session: string): void {
    this.pending.delete(session);
    this.tenants.delete(session);
    this.endpoints.delete(session);
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
    const chosen = {
      ...(input.fips !== undefined ? { fips: input.fips } : {}),
      ...(input.dualStack !== undefined ? { dualStack: input.dualStack } : {}),
    };
    if (target.change.kind === "none") {
      this.forgetPending(name);
      try {
        // The session is there already: the choice is its own from now on, the next sign-in's too.
        if (Object.keys(chosen).length > 0)
          await setSessionEndpointSettings(this.parts.locations, name, chosen);
        if (input.tenantId === undefined) return await sessions.get(name);
        // Its next sign-in asks for the account access scopes.
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
    if (Object.keys(chosen).length > 0) this.endpoints.set(name, chosen);
    else this.endpoints.delete(name);
    const list = await this.parts.publishSessions();
    return list.find((s) => s.name === name) ?? this.pendingStatus(target);
  }

  signIn(input: CallArgs<"signIn">): Promise<SessionStatus> {
    const run = this.run(input);
    // run() has put its controller in place before its first await. No handler is added here:
    // a sign-in that fails on its own and that nobody awaits is still reported.
    const controller = this.controllers.get(input.session);
    if (controller) this.running.set(controller, run);
    return run;
  }

  /**
   * Stops the session's sign-in under way, on purpose: its rejection ("The sign-in was cancelled")
   * is expected, so it is marked handled here. Its caller still gets it; one that awaits it only
   * later (or never: a tray click, a notification's button) no longer leaves an unhandled
   * rejection in the main process.
   */
  private stop(session: string): void {
    const controller = this.controllers.get(session);
    if (!controller) return;
    this.running.get(controller)?.catch(() => undefined);
    controller.abort();
  }

  private async run(input: CallArgs<"signIn">): Promise<SessionStatus> {
    const { sessions, hub } = this.parts;
    // Runs before signIn() records this run: what it stops is the one this replaces.
    this.stop(input.session);
    const controller = new AbortController();
    this.controllers.set(input.session, controller);
    const planned = this.pending.get(input.session);
    let signedIn = false;
    try {
      const proxyNote = await browserProxyNote(this.parts.env);
      const tenant = planned ? this.tenants.get(input.session) : undefined;
      const endpoints = planned ? this.endpoints.get(input.session) : undefined;
      const status = await sessions.signIn(planned ?? input.session, {
        method: input.method,
        ...(tenant !== undefined ? { tenantId: tenant } : {}),
        ...(endpoints !== undefined ? { endpoints } : {}),
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
      if (planned && this.pending.get(input.session) === planned) this.forgetPending(input.session);
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
        this.forgetPending(input.session);
        await this.parts.publishSessions().catch(() => undefined);
      }
    }
  }

  /** The sessions whose sign-in has started and not yet ended, in the order they started. */
  underWay(): string[] {
    return [...this.controllers.keys()];
  }

  cancel(session: string): void {
    this.stop(session);
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
    this.forgetPending(session);
    this.stop(session);
    if (planned.change.kind !== "add") return false;
    await this.parts.publishSessions();
    return true;
  }

  dispose(): void {
    for (const session of this.controllers.keys()) this.stop(session);
  }
}
