// AppService: the shared Api implemented on core and a Platform. The Electron main process runs
// one; the e2e tests run one in the test process bound into a Chromium page. It owns every token
// and credential; what it hands out is plain data the contract allows.
import { accountRolePairs } from "../../shared/pairs.js";
import { refreshCredentialsProfiles } from "../aws-files/credentials-profiles.js";
import {
  ApiError,
  type AppInfo,
  type AppState,
  type ApiHandlers,
  type CallArgs,
  type CopyResult,
  type EventName,
  type Events,
  type PopulateSummary,
  type CliToolStatus,
  type DiagnosticFinding,
  type SessionEndpointChoice,
} from "../../shared/api.js";
import type {
  ChainedRole,
  EntitledRole,
  RoleCredentials,
  RoleRef,
  SessionAccounts,
  SessionStatus,
  Settings,
} from "../../shared/model.js";
import { displayPath, type Locations } from "../locations.js";
import { ClipboardGuard } from "../platform/clipboard-guard.js";
import { ExpiryWatch, type ExpiryEvent } from "../sessions/expiry-watch.js";
import { formatCredentials } from "../exports/formats.js";
import { createConsoleLink } from "../federation/console-signin.js";
import { openConsoleIn } from "../browsers/launch.js";
import { openThroughHandoff } from "../browsers/handoff.js";
import { sweepLeftovers } from "../files/leftover-sweep.js";
import { execLine } from "../exports/exec-line.js";
import { CommandLineError } from "../profiles/command-line.js";
import {
  consoleBrowserFor,
  describeConsoleBrowser,
  type ConsoleBrowser,
} from "../../shared/console-browser.js";
import { portalShortcutLink } from "../federation/portal-link.js";
import type { Platform } from "../platform/platform.js";
import { AccountDirectory } from "../portal/account-directory.js";
import { PortalConnections } from "../portal/portal-connection.js";
import { setProxyChoice } from "../network/network-agent.js";
import { RoleCredentialsProvider } from "../portal/role-credentials.js";
import { signOutEverywhere } from "../sessions/sign-out-everywhere.js";
import { populateProfiles } from "../profiles/populate.js";
import { checkCommand } from "../profiles/command-check.js";
import {
  cliLinkStatus,
  CliLinkError,
  installCliLink,
  removeCliLink,
  type CliLinkDeps,
  type CliLinkStatus,
} from "../cli-install/cli-link.js";
import {
  chainedProfiles,
  ProfileError,
  resolveProfile,
  ROLE_ARN,
} from "../profiles/chained-profile.js";
import { addChainedProfile } from "../profiles/chained-profile-edit.js";
import { ChainedCredentialsProvider } from "../sts/chained-credentials.js";
import { EntitledRoles, withAccountNames } from "../account-access/entitled-roles.js";
import { readConfig } from "../aws-files/config-store.js";
import { EventHub } from "./events.js";
import { doctorReport } from "../diagnostics/doctor-report.js";
import { runChecks, type DoctorInput } from "../diagnostics/run-checks.js";
import {
  sessionEndpointSettings,
  setSessionEndpointSettings,
} from "../sessions/endpoint-settings.js";
import { AccountLists } from "./account-lists.js";
import { SignInsUnderWay } from "./sign-ins-under-way.js";
import {
  SessionConfigError,
  SessionManager,
  SignInNeededError,
} from "../sessions/session-manager.js";
import {
  AwsCliTokenStore,
  ChosenTokenStore,
  KeychainTokenStore,
  KeychainUnavailableError,
} from "../sessions/token-store.js";
import { aliasesOf, proxyChoiceOf, SettingsStore } from "../settings/settings-store.js";

type Env = Record<string, string | undefined>;

/** Lists older than this are refreshed in the background when the app starts. */
const STALE_AFTER_MS = 60 * 60_000;

export interface WindowControl {
  hide(): void;
  /** Keeps the window out of screenshots and screen sharing while credentials are on it. */
  protectContent?(on: boolean): void;
}

/** The app's updater, where there is one (the installed desktop app); core knows no more of it. */
export interface UpdateInstaller {
  /** Quits and installs the downloaded update, or throws an ApiError saying why not now. */
  install(): Promise<void>;
}

export interface AppServiceOptions {
  env?: Env;
  /** Every file and folder the service reads or writes, resolved at the app's start. */
  locations: Locations;
  platform: Platform;
  appInfo?: Partial<AppInfo>;
  /** The popup, where there is one. */
  windowControl?: WindowControl;
  warn?: (message: string) => void;
  /**
   * Opens a console link in a named browser, profile or container (the default browser goes
   * through the Platform). Tests pass stand-ins; the app and the CLI start the browser itself.
   */
  openConsoleIn?: (choice: ConsoleBrowser, url: string) => Promise<void>;
  /** The words that start the CLI on copied `ssotray exec` lines; "ssotray" unless given. */
  cliCommand?: readonly string[];
  /** How often a sync in progress reports; 1000 ms unless a test needs it faster. */
  progressIntervalMs?: number;
  /**
   * The `ssotray` executable the app carries (undefined where it has none), and where and how
   * Install command line tool links it; the platform and environment of this process unless given.
   */
  cliTool?: { executable: string | undefined } & Partial<CliLinkDeps>;
  updates?: UpdateInstaller;
}

export class AppService implements ApiHandlers {
  private readonly env: Env;
  private readonly locations: Locations;
  private readonly platform: Platform;
  private readonly hub = new EventHub();
  private readonly sessions: SessionManager;
  private readonly connections: PortalConnections;
  private readonly directory: AccountDirectory;
  private readonly credentials: RoleCredentialsProvider;
  private readonly chained: ChainedCredentialsProvider;
  private readonly entitled: EntitledRoles;
  /** Each session's entitled roles as last listed (or read from the cache). */
  /**
   * Each session's entitled roles as last listed (or read from the cache), with the tenant they
   * are of: `ssotray` may name another tenant while the app runs.
   */
  private readonly entitledLists = new Map<string, { tenant: string; roles: EntitledRole[] }>();
  private readonly settings: SettingsStore;
  private readonly clipboard: ClipboardGuard;
  private readonly expiry: ExpiryWatch;
  private readonly signIns: SignInsUnderWay;
  private readonly lists: AccountLists;
  private started = false;
  private disposed = false;
  private profileTimer: { cancel(): void } | undefined;
  /** Credentials-file profiles whose refresh failed, so the user hears of each once. */
  private readonly profileWarned = new Set<string>();

  constructor(private readonly options: AppServiceOptions) {
    this.env = options.env ?? process.env;
    this.locations = options.locations;
    this.platform = options.platform;
    const warn =
      options.warn ?? ((message: string) => this.hub.emit("notice", { level: "warning", message }));
    this.sessions = new SessionManager({
      env: this.env,
      locations: this.locations,
      // Through a one-time loopback address: a browser's arguments are readable by every local
      // user, and the sign-in page's address carries the sign-in's state (handoff.ts).
      openBrowser: async (url) => {
        await openThroughHandoff(url, (address) => this.platform.openInBrowser(address));
      },
      now: () => this.platform.clock.now(),
      warn,
      tokens: new ChosenTokenStore(
        this.locations,
        this.platform.secrets,
        async () => (await this.settings.get()).keepSignInInKeychain,
      ),
    });
    this.connections = new PortalConnections(this.env, this.locations);
    this.directory = new AccountDirectory({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      cacheDir: this.locations.cache,
      connections: this.connections,
      warn,
      // Progress goes out as changes (publishList), but each one still re-lays out the list in
      // the renderer: once a second is plenty.
      progressIntervalMs: options.progressIntervalMs ?? 1000,
    });
    // The app keeps role credentials in memory only (no cacheDir): nothing secret on its disk.
    // A sign-out here still clears what the CLI cached in the shared folder, and the AWS CLI's.
    this.credentials = new RoleCredentialsProvider({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      connections: this.connections,
      sharedCacheDir: this.locations.cache,
      knownPairs: async (session) => {
        const list = await this.directory.cached(session);
        return list ? accountRolePairs(list) : [];
      },
    });
    // Chained roles, like role credentials, are kept in memory only.
    this.chained = new ChainedCredentialsProvider({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      roles: this.credentials,
      now: () => this.platform.clock.now(),
    });
    // Entitled roles' credentials, too, are kept in memory only.
    this.entitled = new EntitledRoles({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      now: () => this.platform.clock.now(),
      warn,
    });
    this.lists = new AccountLists({
      directory: this.directory,
      alsoSync: (session) => void this.listEntitled(session),
      // Entitled roles the API left without an account name take the portal's, once it is in.
      synced: (session) => {
        if (this.entitledLists.get(session)?.roles.some((r) => r.accountName === undefined))
          void this.publishEntitled().catch(() => undefined);
      },
      hub: this.hub,
      guard: (work) => this.guard(work),
      signedIn: async (session) => {
        const status = await this.sessions.get(session).catch(() => undefined);
        return status?.state === "signed-in" || status?.state === "expiring";
      },
    });
    this.signIns = new SignInsUnderWay({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      hub: this.hub,
      publishSessions: () => this.publishSessions(),
      startSync: (session) => this.lists.startSync(session),
    });
    this.settings = new SettingsStore(this.locations, warn);
    // Read at every new connection, so a proxy chosen in Settings applies from the next call on.
    setProxyChoice(this.env, async () => proxyChoiceOf(await this.settings.get()));
    this.clipboard = new ClipboardGuard(this.platform.clipboard, this.platform.clock);
    this.expiry = new ExpiryWatch(this.platform.clock, (event) => this.onExpiry(event));
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    return this.hub.subscribe((name: EventName, payload: unknown) => {
      if (name === event) listener(payload as Events[E]);
    });
  }

  /** Every event, for transports that forward them all. */
  onAny(listener: <E extends EventName>(event: E, payload: Events[E]) => void): () => void {
    return this.hub.subscribe(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.profileTimer?.cancel();
    this.signIns.dispose();
    this.clipboard.dispose();
    this.expiry.dispose();
    this.connections.destroy();
  }

  // ---- state ---------------------------------------------------------------------------------

  async getState(input: { firstScreen?: number } = {}): Promise<AppState> {
    const [sessions, settings] = await Promise.all([
      this.signIns.sessionList(),
      this.settings.get(),
    ]);
    const accounts: SessionAccounts[] = [];
    for (const session of sessions) {
      // A session still being added has no accounts yet, and no configuration to read them by.
      if (this.signIns.isBeingAdded(session.name)) continue;
      const list = await this.lists.current(session.name);
      if (list) accounts.push(list);
    }
    if (!this.started) {
      this.started = true;
      // What writes killed with an earlier run left: removed at start, in the background.
      void sweepLeftovers(this.locations).catch(() => []);
      this.scheduleProfileRefresh(0);
      this.expiry.update(sessions, settings.expiryWarningMinutes);
      for (const session of sessions) {
        if (session.state !== "signed-in" && session.state !== "expiring") continue;
        const list = accounts.find((a) => a.session === session.name);
        const age = list?.syncedAt
          ? this.platform.clock.now() - Date.parse(list.syncedAt)
          : Infinity;
        if (!list?.complete || age > STALE_AFTER_MS) this.lists.startSync(session.name);
      }
    }
    const chainedRoles = await this.chainedRoles(sessions.map((s) => s.name));
    const entitledRoles = await this.entitledRoles(sessions);
    const first = input.firstScreen;
    if (first === undefined || accounts.every((list) => list.accounts.length <= first))
      return { sessions, accounts, settings, info: this.info(), chainedRoles, entitledRoles };
    return {
      sessions,
      accounts: accounts.map((list) => firstScreenOf(list, first, settings)),
      settings,
      info: this.info(),
      partial: true,
      chainedRoles,
      entitledRoles,
    };
  }

  /**
   * Every session's entitled roles: as last listed, else as cached; an account the API left
   * unnamed takes its name from the portal's list.
   */
  private async entitledRoles(sessions: readonly SessionStatus[]): Promise<EntitledRole[]> {
    const out: EntitledRole[] = [];
    for (const session of sessions) {
      const tenant = session.accountAccessTenant;
      if (tenant === undefined) {
        this.entitledLists.delete(session.name);
        continue;
      }
      let known = this.entitledLists.get(session.name);
      if (known?.tenant !== tenant) {
        known = {
          tenant,
          roles: (await this.entitled.cached(session).catch(() => undefined)) ?? [],
        };
        this.entitledLists.set(session.name, known);
      }
      out.push(...withAccountNames(known.roles, this.lists.sent(session.name)?.accounts));
    }
    return out;
  }

  /** Sends every session's entitled roles; `sessions` when the caller has just listed them. */
  private async publishEntitled(sessions?: readonly SessionStatus[]): Promise<void> {
    this.hub.emit(
      "entitledRoles",
      await this.entitledRoles(sessions ?? (await this.sessions.list())),
    );
  }

  /** Lists a session's entitled roles (with its account list), when it names a tenant. */
  private async listEntitled(session: string): Promise<void> {
    try {
      const tenant = (await this.sessions.get(session)).accountAccessTenant;
      if (tenant === undefined) return;
      const roles = await this.guard(() => this.entitled.list(session));
      this.entitledLists.set(session, { tenant, roles });
      await this.publishEntitled();
    } catch (error) {
      if (error instanceof SignInNeededError) return; // guard() told the user
      this.hub.emit("notice", {
        level: "warning",
        message: `Entitled roles of session '${session}' were not listed: ${(error as Error).message}`,
        session,
      });
    }
  }

  async setAccountAccessTenant(input: CallArgs<"setAccountAccessTenant">): Promise<SessionStatus> {
    let status: SessionStatus;
    try {
      status = await this.sessions.setAccountAccessTenant(
        input.session,
        input.tenantId ?? undefined,
      );
    } catch (error) {
      if (error instanceof SessionConfigError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
    // What another tenant entitled is not this one's: dropped at once, in memory and on screen.
    this.entitledLists.delete(input.session);
    this.entitled.forget(input.session);
    await this.publishEntitled(await this.publishSessions());
    if (status.state === "signed-in" || status.state === "expiring")
      void this.listEntitled(input.session);
    return status;
  }

  /**
   * The roles ~/.aws/config chains from the sessions' roles (role_arn + source_profile), each
   * with the role it starts from; a profile SSO Tray cannot use is told once, as a notice.
   */
  private async chainedRoles(sessions: readonly string[]): Promise<ChainedRole[]> {
    let sections;
    try {
      ({ sections } = await readConfig(this.locations));
    } catch {
      return []; // the sessions' own reading of the file says what is wrong with it
    }
    const { chains, problems } = chainedProfiles(
      sections,
      displayPath(this.locations.awsConfig, this.locations),
    );
    for (const problem of problems) {
      if (this.profileWarned.has(problem)) continue;
      this.profileWarned.add(problem);
      this.hub.emit("notice", { level: "warning", message: problem });
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

  async addChainedRole(input: CallArgs<"addChainedRole">): Promise<ChainedRole[]> {
    try {
      await addChainedProfile(this.locations, input);
    } catch (error) {
      if (error instanceof ProfileError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
    const sessions = (await this.sessions.list()).map((s) => s.name);
    const roles = await this.chainedRoles(sessions);
    this.hub.emit("chainedRoles", roles);
    return roles;
  }

  /**
   * Rewrites the ~/.aws/credentials sections of `ssotray creds --credentials-file-profile` whose
   * keys expire soon; returns the names rewritten. Runs every minute while the app does.
   */
  async refreshCredentialsProfiles(): Promise<string[]> {
    const { refreshed, removed, failed } = await refreshCredentialsProfiles(
      this.locations,
      (ref) => this.credentials.get(ref, { forceRefresh: true }),
      this.platform.clock.now(),
      (session) => this.sessions.signedOut(session),
    );
    for (const name of refreshed) this.profileWarned.delete(name);
    if (removed.length > 0)
      this.hub.emit("notice", {
        level: "info",
        message: `Removed [${removed.join("], [")}] from the AWS credentials file: the sign-in they came from has ended`,
      });
    for (const { name, message } of failed) {
      if (this.profileWarned.has(name)) continue;
      this.profileWarned.add(name);
      this.hub.emit("notice", {
        level: "warning",
        message: `Could not refresh [${name}] in the AWS credentials file: ${message}`,
      });
    }
    return refreshed;
  }

  private scheduleProfileRefresh(inMs = 60_000): void {
    if (this.disposed) return;
    this.profileTimer = this.platform.clock.setTimer(() => {
      void this.refreshCredentialsProfiles()
        .catch(() => undefined)
        .finally(() => this.scheduleProfileRefresh());
    }, inMs);
  }

  private info(): AppInfo {
    return {
      version: this.options.appInfo?.version ?? "0.1.0",
      platform: this.options.appInfo?.platform ?? "browser",
      secretStorage: this.options.appInfo?.secretStorage ?? this.platform.secrets.status(),
      dataFolder: displayPath(this.locations.data, this.locations),
    };
  }

  private async publishSessions(): Promise<SessionStatus[]> {
    const [sessions, settings] = await Promise.all([
      this.signIns.sessionList(),
      this.settings.get(),
    ]);
    this.hub.emit("sessions", sessions);
    this.expiry.update(sessions, settings.expiryWarningMinutes);
    return sessions;
  }

  private publishSettings(settings: Settings): Settings {
    this.hub.emit("settings", settings);
    return settings;
  }

  /** A SignInNeededError marks its session and tells the user, then goes on to the caller. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SignInNeededError) {
        this.hub.emit("notice", { level: "error", message: error.message, session: error.session });
        await this.publishSessions().catch(() => undefined);
      }
      throw error;
    }
  }

  private onExpiry(event: ExpiryEvent): void {
    const minutes = Math.max(1, Math.round((event.expiresAt - this.platform.clock.now()) / 60_000));
    const body =
      event.kind === "ending"
        ? `Your session '${event.session}' ends in ${minutes} minutes. Sign in again to keep working.`
        : `Your session '${event.session}' has ended. Sign in again to get credentials and open consoles.`;
    this.platform.notify({
      title: event.kind === "ending" ? "SSO Tray: session ending" : "SSO Tray: session ended",
      body,
      actionLabel: "Sign in",
      onAction: () =>
        void this.signIn({ session: event.session, method: "browser" }).catch(() => undefined),
    });
    this.hub.emit("notice", {
      level: event.kind === "ending" ? "warning" : "error",
      message: body,
      session: event.session,
    });
    void this.publishSessions().catch(() => undefined);
  }

  // ---- sessions ------------------------------------------------------------------------------

  addSession(input: CallArgs<"addSession">): Promise<SessionStatus> {
    return this.signIns.add(input);
  }

  signIn(input: CallArgs<"signIn">): Promise<SessionStatus> {
    return this.signIns.signIn(input);
  }

  async cancelSignIn(input: CallArgs<"cancelSignIn">): Promise<void> {
    this.signIns.cancel(input.session);
  }

  async openSignInPage(input: CallArgs<"openSignInPage">): Promise<void> {
    await openThroughHandoff(this.signIns.page(input.session), (address) =>
      this.platform.openInBrowser(address),
    );
  }

  async copySignInCode(input: CallArgs<"copySignInCode">): Promise<void> {
    // Not a secret once the sign-in ends, and the user pastes it elsewhere: never cleared.
    await this.platform.clipboard.writeText(this.signIns.code(input.session));
  }

  async signOut(input: CallArgs<"signOut">): Promise<void> {
    if (await this.signIns.dropPending(input.session)) return;
    await signOutEverywhere(
      { locations: this.locations, sessions: this.sessions, credentials: this.credentials },
      input.session,
    );
    this.chained.forget(input.session);
    this.entitled.forget(input.session);
    await this.publishSessions();
  }

  // ---- accounts ------------------------------------------------------------------------------

  async refreshAccounts(input: CallArgs<"refreshAccounts">): Promise<void> {
    const sessions = input.session
      ? [await this.sessions.get(input.session)]
      : await this.sessions.list();
    for (const session of sessions) {
      if (session.state === "signed-in" || session.state === "expiring")
        this.lists.startSync(session.name);
    }
  }

  async loadAccountRoles(input: CallArgs<"loadAccountRoles">): Promise<void> {
    const { session, accountId } = input;
    const roles = await this.guard(() => this.directory.accountRoles(session, accountId));
    this.lists.showRoles(session, accountId, roles);
  }

  // ---- credentials and consoles --------------------------------------------------------------

  private async roleCredentials(role: RoleRef): Promise<RoleCredentials> {
    const credentials = await this.guard(async () => {
      if (role.roleArn !== undefined)
        return this.entitled.credentials({ session: role.session, roleArn: role.roleArn });
      if (role.profile === undefined) return this.credentials.get(role);
      return this.chained.get(await this.chainOf(role));
    });
    this.publishSettings(await this.settings.recordRecent(role));
    return credentials;
  }

  async copyCredentials(input: CallArgs<"copyCredentials">): Promise<CopyResult> {
    const credentials = await this.roleCredentials(input.role);
    const settings = await this.settings.get();
    const region = input.region ?? settings.defaultRegion;
    await this.clipboard.copySecret(
      formatCredentials(credentials, input.format, region ? { region } : {}),
      settings.clipboardClearSeconds,
    );
    return { expiresAt: credentials.expiration, clearsInSeconds: settings.clipboardClearSeconds };
  }

  /** The chain a chained role's profile names, as the config file says now. */
  private async chainOf(role: RoleRef) {
    const { sections } = await readConfig(this.locations);
    let resolved;
    try {
      resolved = resolveProfile(
        sections,
        role.profile!,
        displayPath(this.locations.awsConfig, this.locations),
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

  async revealCredentials(input: CallArgs<"revealCredentials">): Promise<RoleCredentials> {
    const credentials = await this.roleCredentials(input.role);
    this.options.windowControl?.protectContent?.(true);
    return credentials;
  }

  async concealCredentials(): Promise<void> {
    this.options.windowControl?.protectContent?.(false);
  }

  /** On quit: a secret we copied that is still on the clipboard goes with us. */
  /** Sessions whose sign-in is under way: a restart now would end it (the updater asks). */
  signInsUnderWay(): string[] {
    return this.signIns.underWay();
  }

  holdsCopiedSecret(): boolean {
    return this.clipboard.holdsSecret();
  }

  async clearCopiedSecret(): Promise<void> {
    await this.clipboard.clearNow();
  }

  private async consoleLink(input: CallArgs<"openConsole">) {
    const session = await this.sessions.get(input.role.session);
    const credentials = await this.roleCredentials(input.role);
    const settings = await this.settings.get();
    return createConsoleLink({
      credentials,
      region: input.region ?? settings.defaultRegion ?? session.region,
      ...(input.destination ? { destination: input.destination } : {}),
      issuer: session.startUrl,
      env: this.env,
      locations: this.locations,
      now: () => this.platform.clock.now(),
    });
  }

  /** Where the role's console opens: the account's rule, else its session's choice. */
  private async consoleBrowser(role: RoleRef): Promise<ConsoleBrowser> {
    const settings = await this.settings.get();
    const list = await this.lists.current(role.session);
    const accountName = list?.accounts.find((a) => a.accountId === role.accountId)?.accountName;
    const alias = settings.accounts[role.accountId]?.alias;
    return consoleBrowserFor(settings.consoleBrowsers, {
      session: role.session,
      ...(accountName !== undefined ? { accountName } : {}),
      ...(alias !== undefined ? { alias } : {}),
    });
  }

  /** The access portal's shortcut link: no secret in it, the portal asks who the user is. */
  private async portalLink(input: CallArgs<"openConsole">): Promise<string> {
    const session = await this.sessions.get(input.role.session);
    const region = input.region ?? (await this.settings.get()).defaultRegion;
    return portalShortcutLink({
      startUrl: session.startUrl,
      accountId: input.role.accountId,
      roleName: input.role.roleName,
      ...(region ? { region } : {}),
      ...(input.destination ? { destination: input.destination } : {}),
    });
  }

  async openConsole(input: CallArgs<"openConsole">): Promise<void> {
    const choice = await this.consoleBrowser(input.role);
    const open = this.options.openConsoleIn ?? ((c, u) => openConsoleIn(c, u, { env: this.env }));
    const start = (url: string) =>
      choice.kind === "default" ? this.platform.openInBrowser(url) : open(choice, url);
    // The portal lists permission-set roles only: a chained or entitled role signs in through
    // federation.
    const portal = choice.viaPortal && !beyondPortal(input.role);
    const url = portal ? await this.portalLink(input) : (await this.consoleLink(input)).url;
    // A portal link fetches no credentials, which is where the role is otherwise recorded.
    if (portal) this.publishSettings(await this.settings.recordRecent(input.role));
    try {
      // Nothing secret in a portal link (the portal asks who you are): the browser gets it.
      // Else the browser gets a one-time loopback address, never the link with its token: a
      // browser's command line is readable by every local user (handoff.ts).
      if (portal) await start(url);
      else await openThroughHandoff(url, start);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
      throw new ApiError(
        "BrowserNotOpened",
        `The console did not open in ${describeConsoleBrowser(choice)}: ${reason}. Copy its link from More and paste it into a browser, or choose another browser in Settings.`,
      );
    }
  }

  async copyExecLine(input: CallArgs<"copyExecLine">): Promise<CopyResult> {
    let line: string;
    try {
      line = execLine(input.role, {
        ...(this.options.cliCommand ? { command: this.options.cliCommand } : {}),
        ...(input.region ? { region: input.region } : {}),
      });
    } catch (error) {
      if (error instanceof CommandLineError) throw new ApiError("UnsafeExecLine", error.message);
      throw error;
    }
    // No secret in it (the CLI fetches the credentials when it runs), so it is not cleared.
    await this.platform.clipboard.writeText(line);
    this.publishSettings(await this.settings.recordRecent(input.role));
    return { clearsInSeconds: 0 };
  }

  async copyConsoleLink(input: CallArgs<"copyConsoleLink">): Promise<CopyResult> {
    const settings = await this.settings.get();
    if (input.kind === "portal") {
      if (beyondPortal(input.role))
        throw new ApiError(
          "InvalidInput",
          `The access portal opens only the roles it lists; ${input.role.roleName} is ${input.role.roleArn !== undefined ? "an account access entitlement" : `chained by the profile '${input.role.profile}'`}: copy its console link instead`,
        );
      // The portal link holds no secret (the portal asks who you are), so it is not cleared.
      await this.platform.clipboard.writeText(await this.portalLink(input));
      this.publishSettings(await this.settings.recordRecent(input.role));
      return { clearsInSeconds: 0 };
    }
    const link = await this.consoleLink(input);
    await this.clipboard.copySecret(link.url, settings.clipboardClearSeconds);
    return { expiresAt: link.expiresAt, clearsInSeconds: settings.clipboardClearSeconds };
  }

  // ---- settings ------------------------------------------------------------------------------

  async updateSettings(input: CallArgs<"updateSettings">): Promise<Settings> {
    const keychain = input.keepSignInInKeychain;
    if (keychain !== undefined && keychain !== (await this.settings.get()).keepSignInInKeychain)
      await this.moveSignIns(keychain);
    const settings = this.publishSettings(await this.settings.update(input));
    if (input.expiryWarningMinutes !== undefined || keychain !== undefined)
      await this.publishSessions();
    return settings;
  }

  /**
   * Moves every sign-in into the keychain or back to the AWS CLI's cache before the setting
   * changes; refused where the keychain would not really encrypt.
   */
  private async moveSignIns(toKeychain: boolean): Promise<void> {
    const plain = new AwsCliTokenStore(this.locations);
    let keychain: KeychainTokenStore;
    try {
      keychain = new KeychainTokenStore(this.locations, this.platform.secrets);
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      // Turning it off needs no keychain when nothing is in it; else the user must unlock it.
      if (toKeychain) throw new ApiError("KeychainUnavailable", error.message);
      throw new ApiError(
        "KeychainUnavailable",
        `${error.message}. Unlock the system keychain and try again to move your sign-ins back to ~/.aws/sso/cache`,
      );
    }
    await this.sessions.moveSignIns(toKeychain ? plain : keychain, toKeychain ? keychain : plain);
    if (!toKeychain) return;
    // Nothing of these sign-ins stays in plain text: the role credentials cached from them (by
    // `ssotray` and the AWS CLI) go too.
    for (const session of await this.sessions.list()) await this.credentials.forget(session.name);
  }

  async toggleFavorite(input: CallArgs<"toggleFavorite">): Promise<Settings> {
    return this.publishSettings(await this.settings.toggleFavorite(input.role));
  }

  async setAccountDecoration(input: CallArgs<"setAccountDecoration">): Promise<Settings> {
    return this.publishSettings(
      await this.settings.setAccountDecoration(input.accountId, {
        ...(input.alias !== undefined ? { alias: input.alias } : {}),
        ...(input.color !== undefined ? { color: input.color } : {}),
        ...(input.environment !== undefined ? { environment: input.environment } : {}),
      }),
    );
  }

  private cliLinkDeps(): CliLinkDeps {
    const tool = this.options.cliTool;
    return {
      platform: tool?.platform ?? process.platform,
      env: tool?.env ?? this.env,
      link: tool?.link ?? this.locations.cliLink,
      ...(tool?.run ? { run: tool.run } : {}),
    };
  }

  private async cliTool(
    action: (executable: string | undefined, deps: CliLinkDeps) => Promise<CliLinkStatus>,
  ): Promise<CliToolStatus> {
    try {
      const status = await action(this.options.cliTool?.executable, this.cliLinkDeps());
      return {
        available: status.executable !== undefined,
        link: status.link,
        installed: status.installed,
        onPath: status.onPath,
        ...(status.conflict !== undefined ? { conflict: status.conflict } : {}),
      };
    } catch (error) {
      if (error instanceof CliLinkError) throw new ApiError("CliToolNotLinked", error.message);
      throw new ApiError(
        "CliToolNotLinked",
        `The command line tool could not be linked: ${(error as Error).message}`,
      );
    }
  }

  // ---- diagnostics (core/diagnostics) --------------------------------------------------------

  runDiagnostics(): Promise<DiagnosticFinding[]> {
    return runChecks(this.doctorInput());
  }

  async copyDiagnosticsReport(): Promise<void> {
    const version = this.options.appInfo?.version ?? "0.1.0";
    // Masked already: no secret, so no clearing of the clipboard either.
    await this.platform.clipboard.writeText(await doctorReport(this.doctorInput(), version));
  }

  async setSessionEndpoints(
    input: CallArgs<"setSessionEndpoints">,
  ): Promise<SessionEndpointChoice> {
    const { session, ...wanted } = input;
    try {
      return wanted.fips === undefined && wanted.dualStack === undefined
        ? await sessionEndpointSettings(this.locations, session)
        : await setSessionEndpointSettings(this.locations, session, wanted);
    } catch (error) {
      if (error instanceof SessionConfigError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
  }

  private doctorInput(): DoctorInput {
    return { env: this.env, locations: this.locations, sessions: () => this.sessions.list() };
  }

  cliToolStatus(): Promise<CliToolStatus> {
    return this.cliTool(cliLinkStatus);
  }

  installCliTool(): Promise<CliToolStatus> {
    return this.cliTool(installCliLink);
  }

  removeCliTool(): Promise<CliToolStatus> {
    return this.cliTool(removeCliLink);
  }

  /**
   * The words credential_process lines run: the installed link, a path that stays put. Where it
   * is not installed, the reason and what to do, instead of a line that names a path inside the
   * app bundle (which has spaces and moves on update).
   */
  private async credentialProcessCommand(): Promise<string[]> {
    const status = await this.cliToolStatus();
    if (!status.installed)
      throw new ApiError(
        "CliToolNotInstalled",
        status.available
          ? `credential_process profiles run the ssotray command line tool, which is not installed yet: choose Install command line tool (in Settings or the tray menu) to link it as ${status.link}, then write the profiles again`
          : "credential_process profiles run the ssotray command line tool, which this build of SSO Tray does not carry: install it from npm and run `ssotray config populate --credential-process`",
      );
    try {
      await checkCommand([status.link]);
    } catch (error) {
      throw new ApiError("CliToolNotInstalled", (error as Error).message);
    }
    return [status.link];
  }

  async populateProfiles(input: CallArgs<"populateProfiles">): Promise<PopulateSummary> {
    const command = input.credentialProcess ? await this.credentialProcessCommand() : undefined;
    // Entitled roles' profiles run the command line tool in every mode; without it they are
    // skipped, with the reason, and the SSO profiles are still written.
    let entitledCommand = command;
    const commandForEntitled = async () =>
      (entitledCommand ??= await this.credentialProcessCommand().catch(() => undefined));
    const sessions = input.session
      ? [await this.sessions.get(input.session)]
      : await this.sessions.list();
    const aliases = aliasesOf(await this.settings.get());
    const summary: PopulateSummary = {
      added: [],
      updated: [],
      removed: [],
      skipped: [],
      diff: "",
      configPath: "",
    };
    for (const session of sessions) {
      const list =
        (await this.directory.cached(session.name)) ??
        (await this.guard(() => this.directory.sync(session.name)));
      const pairs = accountRolePairs(list);
      const entitled = (await this.entitledRoles([session])).filter(
        (role) => role.session === session.name,
      );
      const words = entitled.length > 0 ? await commandForEntitled() : command;
      // Never listed (or its listing unreadable): the profiles written for them stay.
      const entitledUnknown =
        session.accountAccessTenant !== undefined &&
        (await this.entitled.cached(session).catch(() => undefined)) === undefined;
      const result = await populateProfiles(
        this.locations,
        {
          session: session.name,
          region: (await this.settings.get()).defaultRegion ?? session.region,
          pairs,
          aliases,
          ...(command ? { credentialProcess: true } : {}),
          ...(words ? { credentialProcessCommand: words } : {}),
          entitled,
          ...(entitledUnknown ? { entitledUnknown } : {}),
          ...(input.template ? { template: input.template } : {}),
          ...(session.source === "legacy-profile"
            ? { legacy: { startUrl: session.startUrl, ssoRegion: session.region } }
            : {}),
        },
        { dryRun: input.dryRun },
      );
      summary.added.push(...result.added);
      summary.updated.push(...result.updated);
      summary.removed.push(...result.removed);
      summary.skipped.push(...result.skipped);
      summary.diff += result.diff;
      summary.configPath = result.configPath;
    }
    return summary;
  }

  async hideWindow(): Promise<void> {
    this.options.windowControl?.hide();
  }

  async installUpdate(): Promise<void> {
    if (!this.options.updates)
      throw new ApiError(
        "NoUpdate",
        "Updates are installed by the SSO Tray app from GitHub Releases; this build has none to install.",
      );
    await this.options.updates.install();
  }
}

/** A role the access portal does not list: chained by a profile, or entitled by account access. */
function beyondPortal(role: RoleRef): boolean {
  return role.profile !== undefined || role.roleArn !== undefined;
}

/**
 * The part of a list the first screen shows: its first `count` accounts and every account a
 * favourite or recent role is in (drawn above them). Not complete, and no revision, so that a
 * sync's change is never applied to it (the renderer fetches the whole state instead).
 */
function firstScreenOf(list: SessionAccounts, count: number, settings: Settings): SessionAccounts {
  if (list.accounts.length <= count) return list;
  const pinned = new Set(
    [...settings.favorites, ...settings.recent]
      .filter((ref) => ref.session === list.session)
      .map((ref) => ref.accountId),
  );
  const { revision: _revision, ...rest } = list;
  return {
    ...rest,
    accounts: list.accounts.filter((a, i) => i < count || pinned.has(a.accountId)),
    complete: false,
  };
}
