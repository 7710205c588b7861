// Keeping a session's sign-in once it is made: where it is stored (the AWS CLI's token cache or the
// keychain), a copy held while that store cannot take it, refreshes through the OIDC service, and
// the refusals every process must go on reporting until a new sign-in.
import { rm } from "node:fs/promises";
import { createOidcClient, sessionBaseUrl } from "../network/aws-clients.js";
import { errorCode, isFolderProblem, writeFailure } from "../aws-files/write-failure.js";
import { displayPath, type Locations } from "../locations.js";
import { SignInError } from "../oidc/oidc-errors.js";
import { refreshAccessToken } from "../oidc/refresh.js";
import { refreshTimeoutMs } from "../network/network-deadline.js";
import { REFRESH_LOCK_STALE_MS, refreshLockPaths, takeRefreshLock } from "./refresh-lock.js";
import type { SessionStatus } from "../../shared/model.js";
import { localTime } from "../../shared/local-time.js";
import type { SessionConfig } from "./session-config.js";
import { regionOrder } from "./region-failover.js";
import { SignInNeededError, TokenCacheWriteError } from "./session-errors.js";
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
  tokenPath,
  type CachedToken,
  type TokenRead,
  type TokenRef,
} from "./token-cache.js";
import { keychainTokenPath, type TokenStore } from "./token-store.js";

export interface SignInKeeperOptions {
  env: Record<string, string | undefined>;
  locations: Locations;
  tokens: TokenStore;
  now: () => number;
  warn: (message: string) => void;
  /** Warns once per message: a tray polling the sessions does not repeat a problem. */
  warnOnce: (message: string) => void;
}

export function tokenRef(config: SessionConfig): TokenRef {
  return config.source === "sso-session"
    ? { kind: "sso-session", session: config.name }
    : { kind: "legacy", startUrl: config.startUrl };
}

export class SignInKeeper {
  private readonly env: Record<string, string | undefined>;
  private readonly locations: Locations;
  readonly tokens: TokenStore;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly warnOnce: (message: string) => void;
  /** One refresh per session at a time; concurrent callers share it. */
  private readonly refreshing = new Map<string, Promise<string>>();
  /** Refreshes that failed for good, until a new sign-in replaces the token (shared on disk). */
  private failures = new Map<string, KnownFailure>();
  private readonly failureStore: FailureStore;
  private checkedCache = false;
  /**
   * Sign-ins obtained but not saved (their folder would not take them), by session: used from
   * here, and saved at the next read that finds the folder writable again.
   */
  private readonly unsaved = new Map<string, CachedToken>();

  constructor(options: SignInKeeperOptions) {
    this.env = options.env;
    this.locations = options.locations;
    this.tokens = options.tokens;
    this.now = options.now;
    this.warn = options.warn;
    this.warnOnce = options.warnOnce;
    this.failureStore = new FailureStore(this.locations);
  }

  /**
   * Once per keeper (a start of the app, a run of the CLI): remove what interrupted writes left
   * in the token cache, and warn when other users can write to it.
   */
  async checkCache(): Promise<void> {
    if (this.checkedCache) return;
    this.checkedCache = true;
    // File ages are wall-clock time, whatever clock the manager was given.
    await sweepTokenTemps(this.locations, Date.now()).catch(() => 0);
    const problem = await tokenCacheDirProblem(this.locations);
    if (problem) this.warnOnce(problem);
  }

  /** Takes in the refusals other processes recorded since. */
  async loadFailures(): Promise<void> {
    this.failures = await this.failureStore.all();
  }

  async setFailure(name: string, failure: KnownFailure | undefined): Promise<void> {
    if (failure) this.failures.set(name, failure);
    else this.failures.delete(name);
    await this.failureStore.set(name, failure);
  }

  status(config: SessionConfig, read: TokenRead): SessionStatus {
    return computeStatus(config, read, this.now(), this.failures.get(config.name));
  }

  /**
   * Saves a token. When its folder will not take it, keeps it (see held-sign-in.ts, else in
   * memory): read() uses it and saves it once the folder is writable. Throws a
   * TokenCacheWriteError that says what to fix and where the sign-in is meanwhile.
   */
  async save(config: SessionConfig, token: CachedToken): Promise<void> {
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
      // A full disk everywhere: the token file's own blocks can still take it.
      const inPlace =
        !held &&
        errorCode(error) === "ENOSPC" &&
        (await this.tokens.writeInPlace?.(ref, token).catch(() => false));
      const meanwhile = held
        ? `Until then it is kept in ${displayPath(held, this.locations)} (readable by you only), where SSO Tray and \`ssotray\` use it and from where they move it once the folder is writable; the AWS CLI sees it only then`
        : inPlace
          ? `Meanwhile it was written over the previous sign-in in ${displayPath(tokenPath(this.locations, ref), this.locations)}, in place, as no other file could be made; free space before the next sign-in or refresh`
          : `Until then it is kept in memory: SSO Tray keeps using it and saves it once the folder is writable, while \`ssotray\` loses it when it exits (run \`ssotray login --session ${config.name}\` again once the folder is fixed)`;
      throw new TokenCacheWriteError(
        `The sign-in of session '${config.name}' could not be saved: ${writeFailure(error, "the sign-in", folder, displayPath(folder, this.locations))}. ${meanwhile}`,
      );
    }
  }

  async read(config: SessionConfig): Promise<TokenRead> {
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

  /** Which sign-in the session holds now (see sign-in-file.ts), or undefined when signed out. */
  mark(config: SessionConfig): Promise<string | undefined> {
    return this.tokens.mark(tokenRef(config));
  }

  /** A usable access token for a configured, usable session: the cached one, or a refreshed one. */
  async accessToken(config: SessionConfig, force: boolean): Promise<string> {
    const name = config.name;
    const read = await this.read(config);
    if (read.kind === "missing")
      throw new SignInNeededError(name, read.why ?? "it is not signed in yet");
    if (read.kind === "corrupt") throw new SignInNeededError(name, read.problem);
    const token = read.token;
    if (!tokenMatches(config, token)) throw new SignInNeededError(name, mismatchWhy(config, token));
    await this.loadFailures();
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
        `the sign-in expired at ${localTime(token.expiresAt, this.now())} and ${why}`,
      );
    }

    // A forced and an unforced caller may both get here: they share the refresh too.
    let refresh = this.refreshing.get(config.name);
    if (!refresh) {
      refresh = this.refreshOnce(config, token, force).finally(() =>
        this.refreshing.delete(config.name),
      );
      this.refreshing.set(config.name, refresh);
    }
    return refresh;
  }

  /**
   * Refreshes `seen` under the session's refresh lock (refresh-lock.ts), unless another process
   * replaces it meanwhile: then its token is used and no refresh is made here.
   */
  private async refreshOnce(
    config: SessionConfig,
    seen: CachedToken,
    forced: boolean,
  ): Promise<string> {
    const ref = tokenRef(config);
    // Wall-clock time, whatever clock the keeper was given: this is how long a process waits.
    const giveUpAt = Date.now() + refreshTimeoutMs(this.env) + REFRESH_LOCK_STALE_MS + 5_000;
    for (let pause = 20; ; pause = Math.min(pause * 1.5, 250)) {
      const lock = await takeRefreshLock(this.locations, ref);
      if (lock.kind !== "busy") {
        try {
          // The file as it is now: the lock's last holder may have saved a new sign-in.
          const now = await this.replacement(config, seen);
          if (typeof now === "string") return now;
          return await this.refresh(config, now, forced);
        } finally {
          if (lock.kind === "held") await lock.release();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
      const now = await this.replacement(config, seen);
      if (typeof now === "string") return now;
      if (Date.now() >= giveUpAt) {
        const left = seen.expiresAt.getTime() - this.now();
        const lockPath = refreshLockPaths(this.locations, ref)[0]!;
        const why = `another process has been refreshing session '${config.name}' for too long (lock ${displayPath(lockPath, this.locations)})`;
        if (!forced && left > 0) {
          this.warn(`Could not refresh: ${why}; using the current token until it expires`);
          return seen.accessToken;
        }
        throw new SignInError(
          `${why}: try again in a moment; if no other ssotray or SSO Tray is running, delete that lock folder`,
          "service",
        );
      }
    }
  }

  /**
   * The sign-in to refresh now, or the access token another process put in its place since
   * `seen` was read (a refresh it made, a new sign-in). Throws when another process recorded that
   * the sign-in was refused for good meanwhile: it would be refused here too.
   */
  private async replacement(
    config: SessionConfig,
    seen: CachedToken,
  ): Promise<CachedToken | string> {
    const read = await this.read(config);
    // Signed out while waiting: refreshing what was read before would undo the sign-out.
    if (read.kind === "missing")
      throw new SignInNeededError(config.name, read.why ?? "it was signed out meanwhile");
    if (read.kind !== "ok" || !tokenMatches(config, read.token)) return seen;
    const token = read.token;
    if (token.accessToken !== seen.accessToken && token.expiresAt.getTime() > this.now())
      return token.accessToken;
    await this.loadFailures();
    const failure = this.failures.get(config.name);
    if (failureApplies(failure, token)) throw new SignInNeededError(config.name, failure.why);
    // The file's own, which carries the newest refresh token.
    return token;
  }

  private async refresh(
    config: SessionConfig,
    token: CachedToken,
    forced: boolean,
  ): Promise<string> {
    // One try with a long deadline: a retry could spend a refresh token already spent. So a
    // refresh never moves to another region either: it goes to the region that issued the token.
    const region = issuingRegion(config, token);
    const client = createOidcClient(region, this.env, this.locations, config.startUrl, "once");
    const endpoint = await sessionBaseUrl(
      "oidc",
      region,
      this.env,
      this.locations,
      config.startUrl,
    );
    try {
      const fresh = await refreshAccessToken(
        client,
        {
          clientId: token.clientId ?? "",
          clientSecret: token.clientSecret ?? "",
          refreshToken: token.refreshToken ?? "",
        },
        { endpoint, timeoutMs: refreshTimeoutMs(this.env), now: this.now },
      );
      // As botocore: the registration is kept; the refresh token is whatever the answer carries.
      const next: CachedToken = {
        startUrl: config.startUrl,
        region: region,
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

  /**
   * Forgets the session's sign-in everywhere it may be: the chosen store, a held copy, a plain
   * copy `ssotray login` made (with whatever an interrupted write left beside it), and a copy the
   * app keeps in the keychain, which `ssotray` cannot read but can remove.
   */
  async forget(config: SessionConfig): Promise<void> {
    const ref = tokenRef(config);
    this.unsaved.delete(config.name);
    await releaseSignIn(this.locations, ref);
    await this.tokens.remove(ref);
    await removeToken(this.locations, ref);
    await rm(keychainTokenPath(this.locations, ref), { force: true });
    await this.setFailure(config.name, undefined);
  }
}

/**
 * The region whose OIDC service issued the token, as its cache file says, when that region is one
 * of the session's (the file is data, not an instruction); else the session's sso_region.
 */
export function issuingRegion(config: SessionConfig, token: { region: string }): string {
  return regionOrder(config).includes(token.region) ? token.region : config.region;
}
