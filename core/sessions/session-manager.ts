// Sessions as the AWS CLI v2 keeps them: configured in ~/.aws/config, signed in through IAM
// Identity Center's OIDC service, their tokens in ~/.aws/sso/cache. A sign-in made here works for
// `aws` commands and the other way round.
import { rm } from "node:fs/promises";
import { LogoutCommand } from "@aws-sdk/client-sso";
import type { SessionStatus, SignInMethod, SignInPrompt } from "../../shared/model.js";
import { parseStartUrl, validateSessionName } from "../../shared/start-url.js";
import { REGION_SHAPE, validateRegion } from "../../shared/regions.js";
import { createOidcClient, createPortalClient, oidcBaseUrl } from "../network/aws-clients.js";
import { applySectionEdits, parseConfig, upsertSection } from "../aws-files/config-file.js";
import { isFolderProblem, writeFailure } from "../aws-files/write-failure.js";
import { readConfig, updateConfig } from "../aws-files/config-store.js";
import { displayPath, type Locations } from "../locations.js";
import { browserSignIn } from "../oidc/browser-flow.js";
import { deviceSignIn } from "../oidc/device-flow.js";
import { SignInError } from "../oidc/oidc-errors.js";
import { refreshAccessToken } from "../oidc/refresh.js";
import { registerClient, type RegistrationKind } from "../oidc/registration.js";
import { DEFAULT_SCOPES, type ClientRegistration, type OidcToken } from "../oidc/types.js";
import {
  readRegistration,
  removeRegistration,
  removeRegistrationFiles,
  writeRegistration,
  type RegistrationKey,
} from "./registration-cache.js";
import { sessionsFromConfig, type SessionConfig } from "./session-config.js";
import {
  planTarget,
  sameStartUrl,
  type SessionTarget,
  type TargetInput,
} from "./session-target.js";
import {
  SessionConfigError,
  SignInNeededError,
  TokenCacheWriteError,
  UnknownSessionError,
} from "./session-errors.js";
import { failureApplies, FailureStore, tokenDigest, type KnownFailure } from "./failure-store.js";
import { heldSignIn, holdSignIn, releaseSignIn } from "./held-sign-in.js";
import {
  canRefresh,
  computeStatus,
  mismatchWhy,
  REFRESH_WINDOW_MS,
  tokenMatches,
  whyNoRefresh,
} from "./session-status.js";
import {
  failedFolder,
  removeToken,
  sweepTokenTemps,
  tokenCacheDirProblem,
  tokenCacheWriteProblem,
  tokenPath,
  type CachedToken,
  type TokenRead,
  type TokenRef,
} from "./token-cache.js";
import {
  AwsCliTokenStore,
  keychainTokenPath,
  moveSignIns,
  type TokenStore,
} from "./token-store.js";

export {
  SignInNeededError,
  UnknownSessionError,
  SessionConfigError,
  TokenCacheWriteError,
} from "./session-errors.js";
export type { SessionTarget } from "./session-target.js";

export interface SessionManagerOptions {
  env?: Record<string, string | undefined>;
  /** Where the token cache, the config and our own files are. */
  locations: Locations;
  openBrowser: (url: string) => Promise<void>;
  now?: () => number;
  clientName?: string;
  warn?: (message: string) => void;
  /** Where sign-ins are kept: the AWS CLI's token cache unless the app was told otherwise. */
  tokens?: TokenStore;
}

export interface SignInOptions {
  method: SignInMethod;
  signal?: AbortSignal;
  onPrompt?: (p: SignInPrompt) => void;
  timeoutMs?: number;
}

const LOGOUT_TIMEOUT_MS = 5_000;

export class SessionManager {
  private readonly env: Record<string, string | undefined>;
  private readonly locations: Locations;
  private readonly now: () => number;
  private readonly clientName: string;
  private readonly warn: (message: string) => void;
  private readonly openBrowser: (url: string) => Promise<void>;
  /** accessToken() answers under way, by session and whether forced. */
  private readonly resolving = new Map<string, Promise<string>>();
  /** One refresh per session at a time; concurrent callers share it. */
  private readonly refreshing = new Map<string, Promise<string>>();
  /** Refreshes that failed for good, until a new sign-in replaces the token (shared on disk). */
  private failures = new Map<string, KnownFailure>();
  private readonly failureStore: FailureStore;
  private readonly tokens: TokenStore;
  private checkedCache = false;
  /**
   * Sign-ins obtained but not saved (their folder would not take them), by session: used from
   * here, and saved at the next read that finds the folder writable again.
   */
  private readonly unsaved = new Map<string, CachedToken>();
  /** Problems already warned about, so a tray polling list() does not repeat them. */
  private readonly warned = new Set<string>();

  constructor(opts: SessionManagerOptions) {
    this.env = opts.env ?? process.env;
    this.locations = opts.locations;
    this.now = opts.now ?? Date.now;
    this.clientName = opts.clientName ?? "ssotray";
    this.warn = opts.warn ?? (() => undefined);
    this.openBrowser = opts.openBrowser;
    this.tokens = opts.tokens ?? new AwsCliTokenStore(this.locations);
    this.failureStore = new FailureStore(this.locations);
  }

  async list(): Promise<SessionStatus[]> {
    await this.checkCache();
    const configs = await this.configs();
    this.failures = await this.failureStore.all();
    return Promise.all(configs.map(async (c) => this.status(c, await this.read(c))));
  }

  async get(name: string): Promise<SessionStatus> {
    const config = await this.config(name);
    this.failures = await this.failureStore.all();
    return this.status(config, await this.read(config));
  }

  /**
   * Which sign-in the session holds now (see sign-in-file.ts), or undefined when it is signed
   * out: role credentials are served only while the mark they were fetched under is still there.
   */
  async signInMark(name: string): Promise<string | undefined> {
    const config = await this.config(name);
    if (config.problem) return undefined;
    return this.tokens.mark(tokenRef(config));
  }

  /** Moves every session's sign-in from one store to another (see moveSignIns). */
  async moveSignIns(from: TokenStore, to: TokenStore): Promise<number> {
    const configs = (await this.configs()).filter((c) => !c.problem);
    return moveSignIns(configs.map(tokenRef), from, to);
  }

  /** How sessions are referred to in the AWS CLI's role-credential cache keys. */
  async credentialOwner(
    name: string,
  ): Promise<{ name: string; source: SessionConfig["source"]; startUrl: string } | undefined> {
    const found = (await this.configs()).find((c) => c.name === name);
    return found && { name: found.name, source: found.source, startUrl: found.startUrl };
  }

  /**
   * Once per manager (a start of the app, a run of the CLI): remove what interrupted writes left
   * in the token cache, and warn when other users can write to it.
   */
  private async checkCache(): Promise<void> {
    if (this.checkedCache) return;
    this.checkedCache = true;
    // File ages are wall-clock time, whatever clock the manager was given.
    await sweepTokenTemps(this.locations, Date.now()).catch(() => 0);
    const problem = await tokenCacheDirProblem(this.locations);
    if (problem) this.warnOnce(problem);
  }

  private async setFailure(name: string, failure: KnownFailure | undefined): Promise<void> {
    if (failure) this.failures.set(name, failure);
    else this.failures.delete(name);
    await this.failureStore.set(name, failure);
  }

  async add(input: { startUrl: string; region: string; name?: string }): Promise<SessionStatus> {
    const url = parseStartUrl(input.startUrl);
    if (!url.ok) throw new SessionConfigError(url.message);
    const region = validateRegion(input.region);
    if (!region.ok) throw new SessionConfigError(region.message);
    let wanted: string | undefined;
    if (input.name !== undefined) {
      const checked = validateSessionName(input.name);
      if (!checked.ok) throw new SessionConfigError(checked.message);
      wanted = checked.name;
    }

    const configs = await this.configs();
    const same = configs.find(
      (c) =>
        c.source === "sso-session" &&
        sameStartUrl(c.startUrl, url.url) &&
        (wanted === undefined || c.name === wanted),
    );
    if (same) return this.status(same, await this.read(same));

    const taken = new Set(configs.map((c) => c.name));
    let name: string;
    if (wanted !== undefined) {
      const clash = configs.find((c) => c.name === wanted);
      if (clash) {
        throw new SessionConfigError(
          `A session named '${wanted}' already exists for ${clash.startUrl || "another start URL"}; choose another name`,
        );
      }
      name = wanted;
    } else {
      name = url.suggestedName;
      for (let i = 2; taken.has(name); i++) name = `${url.suggestedName}-${i}`;
    }
    await updateConfig(this.locations, (text) =>
      upsertSection(text, "sso-session", name, {
        sso_start_url: url.url,
        sso_region: region.region,
        sso_registration_scopes: DEFAULT_SCOPES.join(","),
      }),
    );
    return this.get(name);
  }

  /**
   * What signing in with this start URL and region (and name) means: a configured session, the
   * same in another region, or a new one. Nothing is written until signIn() succeeds with it.
   */
  async target(input: TargetInput): Promise<SessionTarget> {
    const { path, sections } = await readConfig(this.locations);
    const configs = sessionsFromConfig(sections, path, (m) => this.warnOnce(m));
    return planTarget(configs, input, displayPath(path, this.locations));
  }

  /** How a target from target() shows while its sign-in is under way: as configured, signed out. */
  pendingStatus(target: SessionTarget): SessionStatus {
    return computeStatus(target.config, { kind: "missing", path: "" }, this.now());
  }

  /**
   * Signs in to a configured session, or to a target from target(): its [sso-session] is added,
   * or its region changed, only once the sign-in succeeds.
   */
  async signIn(target: string | SessionTarget, opts: SignInOptions): Promise<SessionStatus> {
    const planned = typeof target === "string" ? undefined : target;
    const name = planned ? planned.config.name : (target as string);
    const config = planned ? checkUsable(planned.config) : await this.usableConfig(name);
    // Before the user is asked anything: an approval that cannot be saved would be wasted.
    const unwritable = await tokenCacheWriteProblem(this.locations);
    if (unwritable) throw new TokenCacheWriteError(`${unwritable}. No sign-in was started.`);
    // The AWS CLI uses the browser flow only for [sso-session]s; legacy profiles get the device flow.
    const flow: SignInMethod = config.source === "legacy-profile" ? "device" : opts.method;
    const kind: RegistrationKind = flow === "browser" ? "authorization-code" : "device-code";
    const client = createOidcClient(config.region, this.env, this.locations, config.startUrl);
    const endpoint = oidcBaseUrl(config.region, this.env);
    const regKey: RegistrationKey = {
      startUrl: config.startUrl,
      region: config.region,
      scopes: config.scopes,
      sessionName: config.source === "sso-session" ? config.name : undefined,
    };
    let registered: { value: ClientRegistration; cached: boolean } | undefined;
    try {
      let registration = await this.registration(client, endpoint, regKey, kind, opts.signal);
      registered = registration;
      const involved = { user: false };
      let token: OidcToken;
      try {
        token = await this.runFlow(
          flow,
          config,
          client,
          endpoint,
          registration.value,
          opts,
          involved,
        );
      } catch (error) {
        // A cached registration the service no longer knows (revoked, or expired early): if the
        // user was not yet involved, register again and start over once.
        if (!(error instanceof SignInError && error.reason === "invalid-client")) throw error;
        await removeRegistration(this.locations, regKey, kind);
        if (!registration.cached || involved.user) throw error;
        registration = await this.registration(client, endpoint, regKey, kind, opts.signal);
        registered = registration;
        token = await this.runFlow(
          flow,
          config,
          client,
          endpoint,
          registration.value,
          opts,
          involved,
        );
      }
      // The configuration first: a token is never left behind for a session that is not there.
      if (planned) await this.applyChange(planned);
      await this.save(config, {
        startUrl: config.startUrl,
        region: config.region,
        accessToken: token.accessToken,
        expiresAt: token.expiresAt,
        clientId: registration.value.clientId,
        clientSecret: registration.value.clientSecret,
        registrationExpiresAt: registration.value.expiresAt,
        ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
      });
      await this.setFailure(config.name, undefined);
      return this.get(name);
    } catch (error) {
      // A new session that was never signed in to leaves nothing: not even the registration
      // made for it (one found in the cache was there before and stays).
      if (planned?.change.kind === "add" && registered && !registered.cached)
        await removeRegistration(this.locations, regKey, kind).catch(() => undefined);
      throw error;
    } finally {
      client.destroy();
    }
  }

  /** Writes what a signed-in target changes, checking that nobody configured it otherwise meanwhile. */
  private async applyChange(target: SessionTarget): Promise<void> {
    const { config, change } = target;
    if (change.kind === "none") return;
    await updateConfig(this.locations, (text) => {
      const sections = parseConfig(text);
      const section =
        config.source === "sso-session"
          ? sections.find((s) => s.kind === "sso-session" && s.name === config.name)
          : sections.find(
              (s) =>
                (s.kind === "profile" || s.kind === "default") &&
                s.name === config.name &&
                s.values.sso_start_url !== undefined,
            );
      if (change.kind === "add") {
        const clash =
          section ??
          sections.find(
            (s) => (s.kind === "profile" || s.kind === "default") && s.name === config.name,
          );
        if (
          clash &&
          !(section && sameStartUrl(section.values.sso_start_url ?? "", config.startUrl))
        )
          throw new SessionConfigError(
            `A section named '${config.name}' was added to the AWS config while you signed in; sign in again to choose`,
          );
        return upsertSection(text, "sso-session", config.name, {
          sso_start_url: config.startUrl,
          sso_region: config.region,
          sso_registration_scopes: (config.scopes ?? DEFAULT_SCOPES).join(","),
        });
      }
      if (!section || !sameStartUrl(section.values.sso_start_url ?? "", config.startUrl))
        throw new SessionConfigError(
          `The session '${config.name}' was changed or removed in the AWS config while you signed in; sign in again`,
        );
      return applySectionEdits(text, [
        {
          kind:
            section.kind === "default"
              ? "default"
              : section.kind === "profile"
                ? "profile"
                : "sso-session",
          name: config.name,
          values: { sso_region: config.region },
        },
      ]);
    });
    if (change.kind === "region") {
      // Registrations are made per region: the old region's are of no use to this session now.
      const old: RegistrationKey = {
        startUrl: config.startUrl,
        region: change.from,
        scopes: config.scopes,
        sessionName: config.source === "sso-session" ? config.name : undefined,
      };
      await removeRegistrationFiles(this.locations, old).catch(() => undefined);
    }
  }

  accessToken(name: string, opts: { forceRefresh?: boolean } = {}): Promise<string> {
    // Callers asking at the same moment share one answer (and so at most one refresh); the map is
    // filled before the first await so that even simultaneous calls find each other.
    const key = `${name}\u0000${opts.forceRefresh ? "force" : ""}`;
    let pending = this.resolving.get(key);
    if (!pending) {
      pending = this.resolveToken(name, Boolean(opts.forceRefresh)).finally(() =>
        this.resolving.delete(key),
      );
      this.resolving.set(key, pending);
    }
    return pending;
  }

  private async resolveToken(name: string, force: boolean): Promise<string> {
    const config = await this.usableConfig(name);
    const read = await this.read(config);
    if (read.kind === "missing")
      throw new SignInNeededError(name, read.why ?? "it is not signed in yet");
    if (read.kind === "corrupt") throw new SignInNeededError(name, read.problem);
    const token = read.token;
    if (!tokenMatches(config, token)) throw new SignInNeededError(name, mismatchWhy(config, token));
    this.failures = await this.failureStore.all();
    const failure = this.failures.get(config.name);
    if (failureApplies(failure, token)) throw new SignInNeededError(name, failure.why);
    const left = token.expiresAt.getTime() - this.now();
    if (!force && left >= REFRESH_WINDOW_MS) return token.accessToken;

    if (!canRefresh(config, token, this.now())) {
      const why = whyNoRefresh(config, token, this.now());
      if (force) {
        const refused = `IAM Identity Center refused the access token and ${why}`;
        await this.setFailure(config.name, { token: tokenDigest(token.accessToken), why: refused });
        throw new SignInNeededError(name, refused);
      }
      if (left > 0) return token.accessToken; // "expiring": good until it ends
      throw new SignInNeededError(
        name,
        `the sign-in expired at ${token.expiresAt.toISOString()} and ${why}`,
      );
    }

    // A forced and an unforced caller may both get here: they share the refresh too.
    let refresh = this.refreshing.get(config.name);
    if (!refresh) {
      refresh = this.refresh(config, token, force).finally(() =>
        this.refreshing.delete(config.name),
      );
      this.refreshing.set(config.name, refresh);
    }
    return refresh;
  }

  async signOut(name: string): Promise<void> {
    const config = await this.config(name);
    const read = await this.read(config);
    if (
      read.kind === "ok" &&
      config.region &&
      REGION_SHAPE.test(config.region) &&
      read.token.expiresAt.getTime() > this.now()
    ) {
      const portal = createPortalClient(
        config.region,
        this.env,
        this.locations,
        undefined,
        config.startUrl,
      );
      try {
        await portal.send(new LogoutCommand({ accessToken: read.token.accessToken }), {
          abortSignal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS),
        });
      } catch {
        // Best effort, as `aws sso logout`: the token is forgotten here whatever the portal says.
      } finally {
        portal.destroy();
      }
    }
    this.unsaved.delete(config.name);
    await releaseSignIn(this.locations, tokenRef(config));
    await this.tokens.remove(tokenRef(config));
    // Signed out means signed out everywhere: a plain copy `ssotray login` made goes too (with
    // whatever an interrupted write left beside it), and `ssotray logout` ends a sign-in the app
    // keeps in the keychain, which it cannot read but can remove.
    await removeToken(this.locations, tokenRef(config));
    await rm(keychainTokenPath(this.locations, tokenRef(config)), { force: true });
    await this.setFailure(config.name, undefined);
  }

  // ---------------------------------------------------------------------------------------------

  private async configs(): Promise<SessionConfig[]> {
    const { path, sections } = await readConfig(this.locations);
    return sessionsFromConfig(sections, path, (m) => this.warnOnce(m));
  }

  private async config(name: string): Promise<SessionConfig> {
    const configs = await this.configs();
    const found = configs.find((c) => c.name === name);
    if (!found)
      throw new UnknownSessionError(
        name,
        configs.map((c) => c.name),
      );
    return found;
  }

  /** A session that can be signed in to: complete configuration, a region that is one. */
  private async usableConfig(name: string): Promise<SessionConfig> {
    return checkUsable(await this.config(name));
  }

  /**
   * Saves a token. When its folder will not take it, keeps it (see held-sign-in.ts, else in
   * memory): read() uses it and saves it once the folder is writable. Throws a
   * TokenCacheWriteError that says what to fix and where the sign-in is meanwhile.
   */
  private async save(config: SessionConfig, token: CachedToken): Promise<void> {
    const ref = tokenRef(config);
    try {
      await this.tokens.write(ref, token);
      this.unsaved.delete(config.name);
      await releaseSignIn(this.locations, ref).catch(() => undefined);
    } catch (error) {
      if (!isFolderProblem(error)) throw error;
      this.unsaved.set(config.name, token);
      const held = await holdSignIn(this.locations, ref, token).catch(() => undefined);
      const folder = failedFolder(error, this.locations.ssoCache);
      const meanwhile = held
        ? `Until then it is kept in ${displayPath(held, this.locations)} (readable by you only), where SSO Tray and \`ssotray\` use it and from where they move it once the folder is writable; the AWS CLI sees it only then`
        : `Until then it is kept in memory: SSO Tray keeps using it and saves it once the folder is writable, while \`ssotray\` loses it when it exits (run \`ssotray login --session ${config.name}\` again once the folder is fixed)`;
      throw new TokenCacheWriteError(
        `The sign-in of session '${config.name}' could not be saved: ${writeFailure(error, "the sign-in", folder, displayPath(folder, this.locations))}. ${meanwhile}`,
      );
    }
  }

  private async read(config: SessionConfig): Promise<TokenRead> {
    if (config.problem) return { kind: "missing", path: "" };
    const ref = tokenRef(config);
    const kept = this.unsaved.get(config.name) ?? (await this.heldIfNewer(ref));
    if (kept) {
      try {
        await this.save(config, kept);
      } catch (error) {
        if (!(error instanceof TokenCacheWriteError)) throw error;
        return { kind: "ok", path: tokenPath(this.locations, ref), token: kept };
      }
    }
    const read = await this.tokens.read(ref);
    if (read.kind === "corrupt")
      this.warnOnce(
        `Session '${config.name}': ignoring ${read.problem}; sign in again to replace it`,
      );
    return read;
  }

  /**
   * A sign-in kept by an earlier run, unless the store has one that lasts as long (a sign-in made
   * since, with \`aws sso login\` say): that one wins and the kept one goes.
   */
  private async heldIfNewer(ref: TokenRef): Promise<CachedToken | undefined> {
    const held = await heldSignIn(this.locations, ref);
    if (!held) return undefined;
    const stored = await this.tokens.read(ref);
    if (stored.kind === "ok" && stored.token.expiresAt.getTime() >= held.expiresAt.getTime()) {
      await releaseSignIn(this.locations, ref).catch(() => undefined);
      return undefined;
    }
    return held;
  }

  private status(config: SessionConfig, read: TokenRead): SessionStatus {
    return computeStatus(config, read, this.now(), this.failures.get(config.name));
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }

  private async registration(
    client: ReturnType<typeof createOidcClient>,
    endpoint: string,
    key: RegistrationKey,
    kind: RegistrationKind,
    signal: AbortSignal | undefined,
  ): Promise<{ value: ClientRegistration; cached: boolean }> {
    // Only a registration made for this flow: a device flow never gets a browser-only client.
    const cached = await readRegistration(this.locations, key, kind, this.now());
    if (cached) return { value: cached, cached: true };
    const value = await registerClient(client, {
      kind,
      clientName: `${this.clientName}-${key.sessionName ?? Math.floor(this.now() / 1000)}`,
      startUrl: key.startUrl,
      scopes: key.scopes,
      endpoint,
      ...(signal ? { signal } : {}),
    });
    await writeRegistration(this.locations, key, kind, value);
    return { value, cached: false };
  }

  private async runFlow(
    flow: SignInMethod,
    config: SessionConfig,
    client: ReturnType<typeof createOidcClient>,
    endpoint: string,
    registration: ClientRegistration,
    opts: SignInOptions,
    involved: { user: boolean },
  ): Promise<OidcToken> {
    if (flow === "browser") {
      return browserSignIn({
        client,
        oidcBase: endpoint,
        registration,
        scopes: config.scopes ?? DEFAULT_SCOPES,
        openBrowser: this.openBrowser,
        onUrl: (url) => {
          involved.user = true;
          opts.onPrompt?.({ kind: "browser", session: config.name, url });
        },
        warn: this.warn,
        now: this.now,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      });
    }
    return deviceSignIn({
      client,
      endpoint,
      registration,
      startUrl: config.startUrl,
      now: this.now,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onPrompt: (p) => {
        involved.user = true;
        opts.onPrompt?.({
          kind: "device",
          session: config.name,
          userCode: p.userCode,
          verificationUri: p.verificationUri,
          verificationUriComplete: p.verificationUriComplete,
          expiresAt: p.expiresAt.toISOString(),
        });
        // Asked for the browser but given the device flow (a legacy profile): open the page that
        // carries the code, as the AWS CLI does.
        if (opts.method === "browser") {
          this.openBrowser(p.verificationUriComplete).catch((error: unknown) =>
            this.warn(
              `Could not open the browser (${error instanceof Error ? error.message : String(error)}); open ${p.verificationUriComplete} yourself`,
            ),
          );
        }
      },
    });
  }

  private async refresh(
    config: SessionConfig,
    token: CachedToken,
    forced: boolean,
  ): Promise<string> {
    const client = createOidcClient(config.region, this.env, this.locations, config.startUrl);
    const endpoint = oidcBaseUrl(config.region, this.env);
    try {
      const fresh = await refreshAccessToken(
        client,
        {
          clientId: token.clientId ?? "",
          clientSecret: token.clientSecret ?? "",
          refreshToken: token.refreshToken ?? "",
        },
        { endpoint, now: this.now },
      );
      // As botocore: the registration is kept; the refresh token is whatever the answer carries.
      const next: CachedToken = {
        startUrl: config.startUrl,
        region: config.region,
        accessToken: fresh.accessToken,
        expiresAt: fresh.expiresAt,
        ...(token.clientId ? { clientId: token.clientId } : {}),
        ...(token.clientSecret ? { clientSecret: token.clientSecret } : {}),
        ...(token.registrationExpiresAt
          ? { registrationExpiresAt: token.registrationExpiresAt }
          : {}),
        ...(fresh.refreshToken ? { refreshToken: fresh.refreshToken } : {}),
      };
      try {
        await this.save(config, next);
      } catch (error) {
        // Refreshed but not saved: the new token is kept in memory and used; say what to fix.
        if (!(error instanceof TokenCacheWriteError)) throw error;
        this.warnOnce(error.message);
      }
      await this.setFailure(config.name, undefined);
      return fresh.accessToken;
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      const left = token.expiresAt.getTime() - this.now();
      if (
        error.reason === "unreachable" ||
        error.reason === "service" ||
        error.reason === "cancelled"
      ) {
        // A network or service failure says nothing about the sign-in: use the token while it
        // lasts (as botocore's advisory refresh), else let the caller see what went wrong.
        if (!forced && left > 0) {
          this.warn(
            `Could not refresh session '${config.name}' (${error.message}); using the current token until it expires`,
          );
          return token.accessToken;
        }
        throw error;
      }
      // Refused for good. Another tool (`aws sso login`, or an AWS SDK refreshing) may have
      // replaced the file meanwhile: its token wins.
      const now = await this.tokens.read(tokenRef(config));
      if (
        now.kind === "ok" &&
        now.token.accessToken !== token.accessToken &&
        now.token.expiresAt.getTime() - this.now() > 0
      ) {
        return now.token.accessToken;
      }
      const why =
        error.reason === "invalid-client"
          ? "IAM Identity Center no longer accepts the client registration"
          : "IAM Identity Center refused to refresh it (the session ended or was revoked)";
      await this.setFailure(config.name, { token: tokenDigest(token.accessToken), why });
      throw new SignInNeededError(config.name, why, { cause: error });
    } finally {
      client.destroy();
    }
  }
}

function tokenRef(config: SessionConfig): TokenRef {
  return config.source === "sso-session"
    ? { kind: "sso-session", session: config.name }
    : { kind: "legacy", startUrl: config.startUrl };
}

function checkUsable(config: SessionConfig): SessionConfig {
  if (config.problem) throw new SessionConfigError(config.problem);
  if (!REGION_SHAPE.test(config.region)) {
    throw new SessionConfigError(
      `The region of session '${config.name}' must look like us-east-1 (got '${config.region}'); fix sso_region in your AWS config`,
    );
  }
  return config;
}
