// AppService: the shared Api implemented on core and a Platform. The Electron main process runs
// one; the e2e tests run one in the test process bound into a Chromium page. It owns every token
// and credential; what it hands out is plain data the contract allows.
import { accountRolePairs } from "../../shared/pairs.js";
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
import { openThroughHandoff } from "../browsers/handoff.js";
import { sweepLeftovers } from "../files/leftover-sweep.js";
import { execLine } from "../exports/exec-line.js";
import { CommandLineError } from "../profiles/command-line.js";
import type { ConsoleBrowser } from "../../shared/console-browser.js";
import type { Platform } from "../platform/platform.js";
import { AccountDirectory } from "../portal/account-directory.js";
import { PortalConnections } from "../portal/portal-connection.js";
import { setProxyChoice } from "../network/network-agent.js";
import { RoleCredentialsProvider } from "../portal/role-credentials.js";
import { signOutEverywhere } from "../sessions/sign-out-everywhere.js";
import type { CliLinkDeps } from "../cli-install/cli-link.js";
import { EventHub } from "./events.js";
import { doctorReport } from "../diagnostics/doctor-report.js";
import { runChecks, type DoctorInput } from "../diagnostics/run-checks.js";
import {
  sessionEndpointSettings,
  setSessionEndpointSettings,
} from "../sessions/endpoint-settings.js";
import { setSessionRegions } from "../sessions/region-order.js";
import { sessionRegionOrder } from "../sessions/session-region-order.js";
import { AccountLists } from "./account-lists.js";
import { EntitledRoleLists } from "./entitled-role-lists.js";
import { ChainedRoles } from "./chained-roles.js";
import { CliTool } from "./cli-tool.js";
import { ProfilesPopulate } from "./profiles-populate.js";
import { SettingsChanges } from "./settings-changes.js";
import { Consoles } from "./consoles.js";
import { CredentialsFileRefresh } from "./credentials-file-refresh.js";
import { SignInsUnderWay } from "./sign-ins-under-way.js";
import {
  SessionConfigError,
  SessionManager,
  SignInNeededError,
} from "../sessions/session-manager.js";
import { ChosenTokenStore } from "../sessions/token-store.js";
import { proxyChoiceOf, SettingsStore } from "../settings/settings-store.js";

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
  private readonly chained: ChainedRoles;
  private readonly entitled: EntitledRoleLists;
  private readonly settings: SettingsStore;
  private readonly clipboard: ClipboardGuard;
  private readonly expiry: ExpiryWatch;
  private readonly signIns: SignInsUnderWay;
  private readonly lists: AccountLists;
  private readonly cliTool: CliTool;
  private readonly profiles: ProfilesPopulate;
  private readonly settingsChanges: SettingsChanges;
  private readonly consoles: Consoles;
  private readonly credentialsFile: CredentialsFileRefresh;
  private started = false;
  /**
   * Warnings told already (a credentials-file profile whose refresh failed, a chained profile
   * SSO Tray cannot use), so the user hears of each once.
   */
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
    this.chained = new ChainedRoles({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      roles: this.credentials,
      hub: this.hub,
      now: () => this.platform.clock.now(),
      told: this.profileWarned,
    });
    // Entitled roles' credentials, too, are kept in memory only.
    this.entitled = new EntitledRoleLists({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      hub: this.hub,
      now: () => this.platform.clock.now(),
      warn,
      guard: (work) => this.guard(work),
      accountsOf: (session) => this.lists.sent(session)?.accounts,
      publishSessions: () => this.publishSessions(),
    });
    this.lists = new AccountLists({
      directory: this.directory,
      alsoSync: (session) => void this.entitled.list(session),
      // Entitled roles the API left without an account name take the portal's, once it is in.
      synced: (session) => this.entitled.accountsSynced(session),
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
    this.credentialsFile = new CredentialsFileRefresh({
      locations: this.locations,
      clock: this.platform.clock,
      sessions: this.sessions,
      credentials: this.credentials,
      hub: this.hub,
      told: this.profileWarned,
    });
    this.settingsChanges = new SettingsChanges({
      locations: this.locations,
      settings: this.settings,
      sessions: this.sessions,
      secrets: this.platform.secrets,
      credentials: this.credentials,
      publishSettings: (settings) => this.publishSettings(settings),
      publishSessions: () => this.publishSessions(),
    });
    this.cliTool = new CliTool({
      env: this.env,
      locations: this.locations,
      ...(options.cliTool ? { tool: options.cliTool } : {}),
    });
    this.profiles = new ProfilesPopulate({
      locations: this.locations,
      sessions: this.sessions,
      settings: this.settings,
      directory: this.directory,
      entitled: this.entitled,
      cliTool: this.cliTool,
      guard: (work) => this.guard(work),
    });
    // Read at every new connection, so a proxy chosen in Settings applies from the next call on.
    setProxyChoice(this.env, async () => proxyChoiceOf(await this.settings.get()));
    this.clipboard = new ClipboardGuard(this.platform.clipboard, this.platform.clock);
    this.expiry = new ExpiryWatch(this.platform.clock, (event) => this.onExpiry(event));
    this.consoles = new Consoles({
      env: this.env,
      locations: this.locations,
      platform: this.platform,
      sessions: this.sessions,
      settings: this.settings,
      lists: this.lists,
      clipboard: this.clipboard,
      roleCredentials: (role) => this.roleCredentials(role),
      publishSettings: (settings) => this.publishSettings(settings),
      openConsoleIn: options.openConsoleIn,
    });
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
    this.credentialsFile.dispose();
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
      this.credentialsFile.start();
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
    const chainedRoles = await this.chained.of(sessions.map((s) => s.name));
    const entitledRoles = await this.entitled.of(sessions);
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

  async setSessionRegions(input: CallArgs<"setSessionRegions">): Promise<string[]> {
    try {
      if (!input.regions) return await sessionRegionOrder(this.locations, input.session);
      await setSessionRegions(this.locations, input.session, input.regions);
      // A new first region is the session's sso_region: the list shows it.
      await this.publishSessions();
      return await sessionRegionOrder(this.locations, input.session);
    } catch (error) {
      if (error instanceof SessionConfigError) throw new ApiError("InvalidInput", error.message);
      throw error;
    }
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

  // ---- chained and entitled roles ------------------------------------------------------------

  setAccountAccessTenant(input: CallArgs<"setAccountAccessTenant">): Promise<SessionStatus> {
    return this.entitled.setTenant(input);
  }

  addChainedRole(input: CallArgs<"addChainedRole">): Promise<ChainedRole[]> {
    return this.chained.add(input);
  }

  // ---- credentials and consoles --------------------------------------------------------------

  private async roleCredentials(role: RoleRef): Promise<RoleCredentials> {
    const credentials = await this.guard(async () => {
      if (role.roleArn !== undefined)
        return this.entitled.credentials({ session: role.session, roleArn: role.roleArn });
      if (role.profile === undefined) return this.credentials.get(role);
      return this.chained.credentials(role);
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

  openConsole(input: CallArgs<"openConsole">): Promise<void> {
    return this.consoles.open(input);
  }

  /**
   * Rewrites the ~/.aws/credentials sections of `ssotray creds --credentials-file-profile` whose
   * keys expire soon; returns the names rewritten. Runs every minute while the app does.
   */
  refreshCredentialsProfiles(): Promise<string[]> {
    return this.credentialsFile.refresh();
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

  copyConsoleLink(input: CallArgs<"copyConsoleLink">): Promise<CopyResult> {
    return this.consoles.copyLink(input);
  }

  // ---- settings ------------------------------------------------------------------------------

  updateSettings(input: CallArgs<"updateSettings">): Promise<Settings> {
    return this.settingsChanges.update(input);
  }

  toggleFavorite(input: CallArgs<"toggleFavorite">): Promise<Settings> {
    return this.settingsChanges.toggleFavorite(input);
  }

  setAccountDecoration(input: CallArgs<"setAccountDecoration">): Promise<Settings> {
    return this.settingsChanges.setAccountDecoration(input);
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

  private doctorInput(): DoctorInput {
    return { env: this.env, locations: this.locations, sessions: () => this.sessions.list() };
  }

  // ---- command line tool and profiles --------------------------------------------------------

  cliToolStatus(): Promise<CliToolStatus> {
    return this.cliTool.status();
  }

  installCliTool(): Promise<CliToolStatus> {
    return this.cliTool.install();
  }

  removeCliTool(): Promise<CliToolStatus> {
    return this.cliTool.remove();
  }

  populateProfiles(input: CallArgs<"populateProfiles">): Promise<PopulateSummary> {
    return this.profiles.populate(input);
  }

  // ---- window and updates --------------------------------------------------------------------

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
