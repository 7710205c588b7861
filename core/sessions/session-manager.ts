// Sessions as the AWS CLI v2 keeps them: configured in ~/.aws/config, signed in through IAM
// Identity Center's OIDC service, their tokens in ~/.aws/sso/cache. A sign-in made here works for
// `aws` commands and the other way round.
import { LogoutCommand } from "@aws-sdk/client-sso";
import type { SessionStatus, SignInMethod } from "../../shared/model.js";
import { parseStartUrl, validateSessionName } from "../../shared/start-url.js";
import { REGION_SHAPE, validateRegion } from "../../shared/regions.js";
import { createOidcClient, createPortalClient, sessionBaseUrl } from "../network/aws-clients.js";
import { applySectionEdits, parseConfig, upsertSection } from "../aws-files/config-file.js";
import { readConfig, updateConfig } from "../aws-files/config-store.js";
import { displayPath, type Locations } from "../locations.js";
import type { RegistrationKind } from "../oidc/registration.js";
import { SignInError } from "../oidc/oidc-errors.js";
import { DEFAULT_SCOPES } from "../oidc/types.js";
import {
  removeRegistration,
  removeRegistrationFiles,
  sessionRegistrationKeys,
} from "./registration-cache.js";
import { sessionsFromConfig, type SessionConfig } from "./session-config.js";
import {
  planTarget,
  sameStartUrl,
  type SessionTarget,
  type TargetInput,
} from "./session-target.js";
import { SessionConfigError, TokenCacheWriteError, UnknownSessionError } from "./session-errors.js";
import { computeStatus } from "./session-status.js";
import { tokenCacheWriteProblem } from "./token-cache.js";
import { AwsCliTokenStore, moveSignIns, type TokenStore } from "./token-store.js";
import { SignInKeeper, tokenRef } from "./sign-in-keeper.js";
import { obtainSignIn, type Registered, type SignInOptions } from "./sign-in-flow.js";
import { RegionFailover, regionOrder } from "./region-failover.js";
import { readTenants, setTenant, tenantOf } from "../account-access/tenant-store.js";
import { endpointsNeedSsoSession, setSessionEndpointSettings } from "./endpoint-settings.js";
import { ENTITLED_PROVIDER } from "../portal/kept-credentials.js";
import { removeOurCredentialFiles } from "../portal/credential-sweep.js";

export {
  SignInNeededError,
  UnknownSessionError,
  SessionConfigError,
  TokenCacheWriteError,
} from "./session-errors.js";
export type { SessionTarget } from "./session-target.js";
export type { SignInOptions } from "./sign-in-flow.js";

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
  /** How long a replica region stands in before the session's first region is tried again. */
  retryFirstRegionAfterMs?: number;
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
  private readonly keeper: SignInKeeper;
  /** Problems already warned about, so a tray polling list() does not repeat them. */
  private readonly warned = new Set<string>();
  /** Which region of each replicated instance answers now; shared with the account sync. */
  private readonly regions: RegionFailover;

  constructor(opts: SessionManagerOptions) {
    this.env = opts.env ?? process.env;
    this.locations = opts.locations;
    this.now = opts.now ?? Date.now;
    this.clientName = opts.clientName ?? "ssotray";
    this.warn = opts.warn ?? (() => undefined);
    this.openBrowser = opts.openBrowser;
    this.regions = new RegionFailover({
      now: this.now,
      notify: this.warn,
      retryFirstAfterMs: opts.retryFirstRegionAfterMs,
    });
    this.keeper = new SignInKeeper({
      env: this.env,
      locations: this.locations,
      tokens: opts.tokens ?? new AwsCliTokenStore(this.locations),
      now: this.now,
      warn: this.warn,
      warnOnce: (message) => this.warnOnce(message),
    });
  }

  async list(): Promise<SessionStatus[]> {
    await this.keeper.checkCache();
    const configs = await this.configs();
    await this.keeper.loadFailures();
    const tenants = await this.tenants(configs);
    return Promise.all(
      configs.map(async (c) =>
        withTenant(this.keeper.status(c, await this.keeper.read(c)), tenants.get(c.name)),
      ),
    );
  }

  async get(name: string): Promise<SessionStatus> {
    const config = await this.config(name);
    await this.keeper.loadFailures();
    const tenant = (await this.tenants([config])).get(config.name);
    return withTenant(this.keeper.status(config, await this.keeper.read(config)), tenant);
  }

  /** The sessions' account access tenants; a damaged file is set aside, and none is named. */
  private async tenants(configs: readonly SessionConfig[]): Promise<Map<string, string>> {
    return readTenants(this.locations, configs, (m) => this.warnOnce(m)).catch((error: unknown) => {
      this.warnOnce(
        `Could not read the account access tenants (${(error as Error).message}); entitled roles are not listed`,
      );
      return new Map<string, string>();
    });
  }

  /**
   * Names the session's account access manager tenant, or forgets it (undefined). A sign-in
   * made before it lacks the account access scopes: the next sign-in asks for them.
   */
  async setAccountAccessTenant(name: string, tenantId: string | undefined): Promise<SessionStatus> {
    const config = await this.config(name);
    if (tenantId !== undefined && config.source !== "sso-session")
      throw new SessionConfigError(accountAccessNeedsSsoSession(config.name));
    const before = await tenantOf(this.locations, config, (m) => this.warnOnce(m));
    await setTenant(this.locations, config, tenantId, (m) => this.warnOnce(m));
    // What the old tenant entitled is not the new one's: its cached credentials go at once.
    if (before !== undefined && before !== tenantId)
      await removeOurCredentialFiles(this.locations.cache, config.name, {
        providerType: ENTITLED_PROVIDER,
      });
    return this.get(name);
  }

  /**
   * Which sign-in the session holds now (see sign-in-file.ts), or undefined when it is signed
   * out: role credentials are served only while the mark they were fetched under is still there.
   */
  async signInMark(name: string): Promise<string | undefined> {
    const config = await this.config(name);
    if (config.problem) return undefined;
    return this.keeper.mark(config);
  }

  /**
   * Whether the session is signed out for sure: its sign-in is nowhere, as after `aws sso logout`
   * or a deleted token file; not merely kept where this process cannot read it (the keychain, a
   * locked keyring) or named by a config that cannot be read.
   */
  async signedOut(name: string): Promise<boolean> {
    const config = (await this.configs()).find((c) => c.name === name);
    if (!config || config.problem) return false;
    const read = await this.keeper.read(config);
    return read.kind === "missing" && read.why === undefined;
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
    if (same) return this.keeper.status(same, await this.keeper.read(same));

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
    // A tenant named for this sign-in, else the session's own: the token then carries the
    // account access scopes too (at registration, in the browser's request, at CreateToken).
    const tenant =
      opts.tenantId === null
        ? undefined
        : (opts.tenantId ?? (await tenantOf(this.locations, config, (m) => this.warnOnce(m))));
    if (tenant !== undefined && config.source !== "sso-session")
      throw new SessionConfigError(accountAccessNeedsSsoSession(config.name));
    const chosen = opts.endpoints ?? {};
    const choosesEndpoints = chosen.fips !== undefined || chosen.dualStack !== undefined;
    if (choosesEndpoints && config.source !== "sso-session")
      throw new SessionConfigError(endpointsNeedSsoSession(config.name));
    // In the session's regions in order: a replica answers when the first region does not.
    const attempt = async (region: string): Promise<SessionStatus> => {
      const keys = sessionRegistrationKeys(config, region);
      const regKey = tenant !== undefined ? keys.withAccountAccess : keys.plain;
      const flowConfig: SessionConfig = { ...config, region, scopes: regKey.scopes };
      const client = createOidcClient(
        region,
        this.env,
        this.locations,
        config.startUrl,
        "standard",
        chosen,
      );
      const endpoint = await sessionBaseUrl(
        "oidc",
        region,
        this.env,
        this.locations,
        config.startUrl,
        chosen,
      );
      const seen: { registered?: Registered } = {};
      try {
        const { token, registration } = await obtainSignIn(
          {
            locations: this.locations,
            now: this.now,
            clientName: this.clientName,
            openBrowser: this.openBrowser,
            warn: this.warn,
          },
          {
            config: flowConfig,
            flow,
            kind,
            key: regKey,
            client,
            endpoint,
            opts,
            ...(tenant !== undefined ? { tokenScopes: regKey.scopes ?? [] } : {}),
          },
          seen,
        );
        // The configuration first: a token is never left behind for a session that is not there.
        if (planned) await this.applyChange(planned);
        // The tenant is the session's once a sign-in that carries its scopes is in.
        if (opts.tenantId !== undefined)
          await setTenant(this.locations, config, opts.tenantId ?? undefined, (m) =>
            this.warnOnce(m),
          );
        // Before the token: every later call of the session (sync, refresh) reads the same hosts.
        if (choosesEndpoints) await setSessionEndpointSettings(this.locations, config.name, chosen);
        await this.keeper.save(config, {
          startUrl: config.startUrl,
          // The region that issued the token: its refresh goes back there (sign-in-keeper.ts).
          region,
          accessToken: token.accessToken,
          expiresAt: token.expiresAt,
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          registrationExpiresAt: registration.expiresAt,
          ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
        });
        await this.keeper.setFailure(config.name, undefined);
        return this.get(name);
      } catch (error) {
        // A new session that was never signed in to leaves nothing: not even the registration
        // made for it (one found in the cache was there before and stays).
        if (planned?.change.kind === "add" && seen.registered && !seen.registered.cached)
          await removeRegistration(this.locations, regKey, kind).catch(() => undefined);
        if (tenant !== undefined && refusedScopes(error))
          throw new SignInError(
            `IAM Identity Center refused the account access scopes the tenant ${tenant} needs (${(error as Error).message}). The instance may not have account access manager: check the tenant id with your administrator, or sign in without it (ssotray login --session ${config.name} --no-tenant-id, or remove it in the session's menu)`,
            "service",
            { cause: error },
          );
        throw error;
      } finally {
        client.destroy();
      }
    };
    return this.regions.run(
      { startUrl: config.startUrl, session: config.name },
      regionOrder(config),
      "signing in",
      attempt,
    );
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
      // Both the plain one and the one made with the account access scopes.
      const old = sessionRegistrationKeys(config, change.from);
      for (const key of [old.plain, old.withAccountAccess])
        await removeRegistrationFiles(this.locations, key).catch(() => undefined);
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
    return this.keeper.accessToken(await this.usableConfig(name), force);
  }

  async signOut(name: string): Promise<void> {
    const config = await this.config(name);
    const read = await this.keeper.read(config);
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
    await this.keeper.forget(config);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Runs a call to the session's portal or OIDC service in its regions in order (region-failover.ts):
   * the account sync goes through here so that sign-in and sync agree on which region answers.
   */
  async inRegions<T>(
    name: string,
    what: string,
    attempt: (region: string) => Promise<T>,
  ): Promise<T> {
    const config = await this.config(name);
    return this.regions.run(
      { startUrl: config.startUrl, session: config.name },
      regionOrder(config),
      what,
      attempt,
    );
  }

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

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }
}

function refusedScopes(error: unknown): boolean {
  return (
    error instanceof SignInError &&
    (error.cause as { name?: unknown } | undefined)?.name === "InvalidScopeException"
  );
}

function withTenant(status: SessionStatus, tenant: string | undefined): SessionStatus {
  return tenant === undefined ? status : { ...status, accountAccessTenant: tenant };
}

function accountAccessNeedsSsoSession(name: string): string {
  return `The profile '${name}' signs in the AWS CLI's legacy way (sso_start_url on the profile), which has no scopes to carry account access; add an [sso-session] for its start URL (ssotray login --start-url URL --region REGION) and name the tenant there`;
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
