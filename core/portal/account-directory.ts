// Every account and role a session may use: the last complete list from disk at once, then a sync
// that lists the accounts (all pages) and the roles of every account, streaming snapshots as they
// arrive. The account list comes first: its pages take the pacer's "listing" lane, ahead of the
// role listings, so names are searchable long before the roles are in. Role listings start as
// soon as their account is listed: new accounts first, then known ones oldest-first (by when
// their roles were last listed). How many run at once adapts to throttling (AimdLimiter) and how
// fast calls start is paced under the portal's quota (AdaptivePacer, through the SDK client's
// retry strategy). The roles a user asks for (accountRoles) take the "demand" lane, ahead of all
// of that and under the same rate; one asked for mid-sync lands in the sync too. What the portal says is checked on the
// way in (portal-shapes.ts): entries with an invalid id or role name are left out with one warning
// per sync, and a listing that repeats itself or will not end is stopped (PageGuard).
import { setMaxListeners } from "node:events";
import {
  paginateListAccountRoles,
  paginateListAccounts,
  type SSOClient,
} from "@aws-sdk/client-sso";
import type {
  AccountInfo,
  SessionAccounts,
  SessionStatus,
  SyncProgress,
} from "../../shared/model.js";
import { compareNames } from "../../shared/account-order.js";
import {
  accountCacheModified,
  loadAccountCache,
  readAccountCache,
  writeAccountCache,
  writeListedAccounts,
  type CacheIdentity,
  type RolesListedAt,
} from "./account-cache.js";
import { inLane } from "./rate-pacer.js";
import { AimdLimiter, type AimdOptions } from "./aimd-limiter.js";
import { PortalConnections, type ConnectionOptions, type Env } from "./portal-connection.js";
import type { Locations } from "../locations.js";
import { sessionBaseUrl } from "../network/aws-clients.js";
import { describePortalError, PortalError } from "./portal-errors.js";
import { PageGuard } from "./page-guard.js";
import { displayText, isAccountId, isRoleName, MAX_ACCOUNTS, Rejections } from "./portal-shapes.js";
import { SyncState } from "./sync-state.js";
import { RoleQueue } from "./role-queue.js";
import { SyncChannel, ThrottledEmitter } from "./sync-channel.js";
import { TokenKeeper } from "./sync-token.js";

const PAGE_SIZE = 100;
/** Pages of accounts one sync follows at most: twice what MAX_ACCOUNTS takes in full pages. */
const MAX_ACCOUNT_PAGES = (2 * MAX_ACCOUNTS) / PAGE_SIZE;
/** Pages of roles per account (10,000 roles; an instance allows far fewer permission sets). */
const MAX_ROLE_PAGES = 100;
/**
 * While the account list arrives, snapshots go out at least this often (or at the progress
 * interval, if shorter), the first page's at once: the names are what the user can search.
 */
const LISTING_PROGRESS_MS = 250;

/** What the directory needs from the session manager. */
export interface SessionAccess {
  get(name: string): SessionStatus | undefined | Promise<SessionStatus | undefined>;
  accessToken(name: string, options?: { forceRefresh?: boolean }): Promise<string>;
  /**
   * Runs a portal call in the session's regions in order, for an instance replicated to several
   * (sessions/region-failover.ts); without it, calls go to the session's region alone.
   */
  inRegions?<T>(name: string, what: string, attempt: (region: string) => Promise<T>): Promise<T>;
}

export interface AccountDirectoryOptions {
  env?: Env;
  locations: Locations;
  sessions: SessionAccess;
  cacheDir: string;
  now?: () => number;
  warn?: (message: string) => void;
  /** Share with RoleCredentials so both draw on one pacer per instance. */
  connections?: PortalConnections;
  connectionOptions?: ConnectionOptions;
  concurrency?: AimdOptions;
  /** Snapshots are coalesced to at most one per interval (the first and last always go out). */
  progressIntervalMs?: number;
  /** A portal listing more accounts than this is refused (default MAX_ACCOUNTS). */
  maxAccounts?: number;
}

export interface SyncOptions {
  onProgress?: (snapshot: SessionAccounts) => void;
  /** Only how far the sync is: cheaper than onProgress, which gets the whole sorted list. */
  onCount?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
}

interface RunningSync {
  promise: Promise<SessionAccounts>;
  channel: SyncChannel;
  controller: AbortController;
  callers: number;
  /** Set once the sync has read the cache: roles asked for on demand land here too. */
  live?: { state: SyncState; emitter: ThrottledEmitter };
}

export class UnknownSessionForAccountsError extends Error {
  constructor(session: string) {
    super(`There is no session named '${session}'; add it first`);
    this.name = "UnknownSessionError";
  }
}

export class AccountDirectory {
  private readonly env: Env;
  private readonly locations: Locations;
  private readonly sessions: SessionAccess;
  private readonly cacheDir: string;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly connections: PortalConnections;
  private readonly concurrency: AimdOptions;
  private readonly progressIntervalMs: number;
  private readonly maxAccounts: number;
  private readonly running = new Map<string, RunningSync>();
  /** Role listings asked for on demand and not answered yet, by session and account. */
  private readonly demands = new Map<string, Promise<string[]>>();

  constructor(options: AccountDirectoryOptions) {
    this.env = options.env ?? process.env;
    this.locations = options.locations;
    this.sessions = options.sessions;
    this.cacheDir = options.cacheDir;
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((m) => console.warn(m));
    this.connections =
      options.connections ??
      new PortalConnections(this.env, options.locations, options.connectionOptions);
    this.concurrency = options.concurrency ?? {};
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.maxAccounts = options.maxAccounts ?? MAX_ACCOUNTS;
  }

  /** The last complete list, if one is cached for this session's start URL and region. */
  async cached(session: string): Promise<SessionAccounts | undefined> {
    const status = await this.status(session);
    return readAccountCache(this.cacheDir, identity(status), this.warn);
  }

  /**
   * The cached list (complete or not) and when its accounts were last listed, by a sync or by a
   * command alone: how fresh its names are, for a command looking an account up by name.
   */
  async cachedNames(
    session: string,
  ): Promise<{ list: SessionAccounts; listedAt: string | undefined } | undefined> {
    const status = await this.status(session);
    const loaded = await loadAccountCache(this.cacheDir, identity(status), this.warn);
    return loaded && { list: loaded.list, listedAt: loaded.listedAt };
  }

  /** When the session's cached list was last written, by this app or the CLI. */
  cacheModified(session: string): Promise<number | undefined> {
    return accountCacheModified(this.cacheDir, session);
  }

  /** The latest snapshot of a sync under way, if any. */
  syncing(session: string): SessionAccounts | undefined {
    return this.running.get(session)?.channel.latest();
  }

  /**
   * Lists every account and role. A sync already running for the session is joined, not repeated.
   * Aborting `signal` stops waiting; the sync itself stops when every caller has stopped waiting.
   */
  sync(session: string, options: SyncOptions = {}): Promise<SessionAccounts> {
    let run = this.running.get(session);
    if (!run) {
      const created: RunningSync = {
        controller: new AbortController(),
        channel: new SyncChannel(),
        callers: 0,
        promise: Promise.resolve() as unknown as Promise<SessionAccounts>,
      };
      created.promise = this.run(session, created).finally(() => this.running.delete(session));
      this.running.set(session, created);
      run = created;
    }
    const joined = run;
    joined.callers++;
    if (options.onProgress) {
      joined.channel.listeners.add(options.onProgress);
      const latest = joined.channel.latest();
      if (latest) options.onProgress(latest);
    }
    if (options.onCount) {
      joined.channel.counters.add(options.onCount);
      if (joined.channel.progress) options.onCount(joined.channel.progress);
    }
    const leave = () => {
      if (options.onProgress) joined.channel.listeners.delete(options.onProgress);
      if (options.onCount) joined.channel.counters.delete(options.onCount);
      joined.callers--;
    };
    const signal = options.signal;
    if (!signal) return joined.promise.finally(leave);
    return new Promise<SessionAccounts>((resolve, reject) => {
      const onAbort = () => {
        leave();
        if (joined.callers === 0) joined.controller.abort(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      joined.promise.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          leave();
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          leave();
          reject(error);
        },
      );
    });
  }

  private async status(session: string): Promise<SessionStatus> {
    const status = await this.sessions.get(session);
    if (!status) throw new UnknownSessionForAccountsError(session);
    return status;
  }

  /**
   * The roles of one account, ahead of everything else waiting for the portal (the pacer's demand
   * lane): for the account a user picks, or a command names. Mid-sync, roles the sync already has
   * are answered at once, and fresh ones are handed to the sync (which then skips the account).
   * Two callers asking for the same account share one call.
   */
  accountRoles(session: string, accountId: string): Promise<string[]> {
    const known = this.running.get(session)?.live?.state.rolesOf(accountId);
    if (known) return Promise.resolve(known);
    const key = demandKey(session, accountId);
    let pending = this.demands.get(key);
    if (!pending) {
      pending = this.fetchOnDemand(session, accountId).finally(() => this.demands.delete(key));
      this.demands.set(key, pending);
    }
    return pending;
  }

  private async fetchOnDemand(session: string, accountId: string): Promise<string[]> {
    const status = await this.status(session);
    const endpoint = await sessionBaseUrl(
      "portal",
      status.region,
      this.env,
      this.locations,
      status.startUrl,
    );
    const rejections = new Rejections();
    try {
      const tokens = new TokenKeeper(
        session,
        await this.sessions.accessToken(session),
        this.sessions,
      );
      const roles = await this.inRegions(
        session,
        status,
        `listing the roles of account ${accountId}`,
        (region) => {
          const { client } = this.connections.get(status.startUrl, region);
          return inLane("demand", () =>
            this.rolesOf(client, tokens, session, accountId, rejections),
          );
        },
      );
      const live = this.running.get(session)?.live;
      if (live) {
        live.state.setRoles(accountId, roles, new Date(this.now()).toISOString());
        live.emitter.emit();
      }
      return roles;
    } catch (error) {
      throw describePortalError(
        error,
        `listing the roles of account ${accountId} in session '${session}'`,
        endpoint,
      );
    } finally {
      this.warnRejections(rejections, session, endpoint);
    }
  }

  /**
   * Every account of the session, without their roles: what a command needs to find one account
   * by name. The pages take the demand lane (someone is waiting for the answer). The list is kept
   * in the cache (writeListedAccounts), so the next lookup by name needs no listing while fresh.
   */
  async listAccounts(
    session: string,
    options: { onCount?: (listed: number) => void } = {},
  ): Promise<AccountInfo[]> {
    const status = await this.status(session);
    const endpoint = await sessionBaseUrl(
      "portal",
      status.region,
      this.env,
      this.locations,
      status.startUrl,
    );
    const rejections = new Rejections();
    const found = new Map<string, AccountInfo>();
    const startedAt = new Date(this.now()).toISOString();
    try {
      const tokens = new TokenKeeper(
        session,
        await this.sessions.accessToken(session),
        this.sessions,
      );
      await this.inRegions(session, status, "listing accounts", (region) => {
        const { client } = this.connections.get(status.startUrl, region);
        return inLane("demand", () =>
          this.pageAccounts(client, tokens, session, rejections, undefined, (infos) => {
            for (const info of infos)
              if (!found.has(info.accountId)) found.set(info.accountId, info);
            options.onCount?.(found.size);
          }),
        );
      });
    } catch (error) {
      throw describePortalError(error, `listing the accounts of session '${session}'`, endpoint);
    } finally {
      this.warnRejections(rejections, session, endpoint);
    }
    const accounts = [...found.values()];
    try {
      await writeListedAccounts(
        this.cacheDir,
        identity(status),
        accounts,
        startedAt,
        new Date(this.now()).toISOString(),
        this.warn,
      );
    } catch (error) {
      // The command has its answer; only the next one loses the shortcut.
      this.warn(`Could not keep the account list (${(error as Error).message})`);
    }
    return accounts;
  }

  private inRegions<T>(
    session: string,
    status: SessionStatus,
    what: string,
    attempt: (region: string) => Promise<T>,
  ): Promise<T> {
    return this.sessions.inRegions
      ? this.sessions.inRegions(session, what, attempt)
      : attempt(status.region);
  }

  private warnRejections(rejections: Rejections, session: string, endpoint: string): void {
    const left = rejections.message(
      `The portal's answer for session '${session}' (${endpoint})`,
      "Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy).",
    );
    if (left) this.warn(left);
  }

  private async run(session: string, sync: RunningSync): Promise<SessionAccounts> {
    const { channel } = sync;
    const status = await this.status(session);
    const id = identity(status);
    const previous = await loadAccountCache(this.cacheDir, id, this.warn);
    let endpoint = await sessionBaseUrl(
      "portal",
      status.region,
      this.env,
      this.locations,
      status.startUrl,
    );
    const what = `listing the accounts of session '${session}'`;

    const state = new SyncState(session, previous?.list);
    const rejections = new Rejections();
    const emitter = new ThrottledEmitter(
      () => channel.update(() => state.snapshot(), state.progress()),
      this.progressIntervalMs,
    );
    sync.live = { state, emitter };
    emitter.emit();
    try {
      // The cache stays the session's (its sso_region); only the calls move to a replica.
      await this.inRegions(session, status, what, async (region) => {
        endpoint = await sessionBaseUrl(
          "portal",
          region,
          this.env,
          this.locations,
          status.startUrl,
        );
        await this.listEverything(
          session,
          { ...status, region },
          state,
          previous?.rolesAt ?? new Map(),
          rejections,
          emitter,
          sync.controller.signal,
        );
      });
      const { listed, rolesAt, shown } = state.finish();
      const syncedAt = new Date(this.now()).toISOString();
      await writeAccountCache(this.cacheDir, id, listed, syncedAt, rolesAt);
      emitter.cancel();
      const final: SessionAccounts = {
        session,
        accounts: shown,
        complete: true,
        syncedAt,
        syncing: false,
        progress: { done: listed.length, total: listed.length },
      };
      channel.update(() => final, final.progress);
      return final;
    } catch (error) {
      emitter.cancel();
      const described = describePortalError(error, what, endpoint);
      const failed = { ...state.snapshot(), syncing: false, error: described.message };
      channel.update(() => failed, state.progress());
      throw described;
    } finally {
      sync.live = undefined;
      this.warnRejections(rejections, session, endpoint);
    }
  }

  /** One account's roles, every page, checked on the way in. */
  private async rolesOf(
    client: SSOClient,
    tokens: TokenKeeper,
    session: string,
    accountId: string,
    rejections: Rejections,
    signal?: AbortSignal,
  ): Promise<string[]> {
    return tokens.use(async (accessToken) => {
      const names = new Set<string>();
      const guard = new PageGuard(
        `listing the roles of account ${accountId} in session '${session}'`,
        MAX_ROLE_PAGES,
      );
      const pages = paginateListAccountRoles(
        { client, pageSize: PAGE_SIZE },
        { accessToken, accountId },
        signal ? { abortSignal: signal } : {},
      );
      for await (const page of pages) {
        for (const role of page.roleList ?? []) {
          if (isRoleName(role.roleName)) names.add(role.roleName);
          else rejections.role(accountId, role.roleName);
        }
        guard.check(page.nextToken);
      }
      return [...names].sort(compareNames);
    });
  }

  /** Every page of the account list, each handed on as it arrives, checked on the way in. */
  private async pageAccounts(
    client: SSOClient,
    tokens: TokenKeeper,
    session: string,
    rejections: Rejections,
    signal: AbortSignal | undefined,
    onPage: (accounts: AccountInfo[]) => void,
  ): Promise<void> {
    await tokens.use(async (accessToken) => {
      const guard = new PageGuard(
        `listing the accounts of session '${session}'`,
        MAX_ACCOUNT_PAGES,
      );
      let received = 0;
      const pages = paginateListAccounts(
        { client, pageSize: PAGE_SIZE },
        { accessToken },
        signal ? { abortSignal: signal } : {},
      );
      for await (const page of pages) {
        const list = page.accountList ?? [];
        received += list.length;
        if (received > this.maxAccounts) {
          throw new PortalError(
            `The portal listed more than ${this.maxAccounts.toLocaleString("en")} accounts for session '${session}'; SSO Tray stops there. Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy)`,
          );
        }
        const infos: AccountInfo[] = [];
        for (const a of list) {
          if (!isAccountId(a.accountId)) {
            rejections.account(a.accountId, a.accountName);
            continue;
          }
          infos.push({
            accountId: a.accountId,
            accountName: displayText(a.accountName) || a.accountId,
            emailAddress: displayText(a.emailAddress),
          });
        }
        onPage(infos);
        guard.check(page.nextToken);
      }
    });
  }

  private async listEverything(
    session: string,
    status: SessionStatus,
    state: SyncState,
    rolesAt: RolesListedAt,
    rejections: Rejections,
    emitter: ThrottledEmitter,
    outerSignal: AbortSignal,
  ): Promise<void> {
    const { client, retry } = this.connections.get(status.startUrl, status.region);
    const limiter = new AimdLimiter(this.concurrency);
    const stopListening = retry?.addListener(limiter);
    // One failure stops every other call of this sync.
    const controller = new AbortController();
    // Every call in flight listens to this signal.
    setMaxListeners(0, controller.signal);
    const stop = () => controller.abort(outerSignal.reason);
    outerSignal.addEventListener("abort", stop, { once: true });
    const signal = controller.signal;
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown) => {
      if (!failure) failure = { error };
      controller.abort(error);
    };

    const tokens = new TokenKeeper(
      session,
      await this.sessions.accessToken(session),
      this.sessions,
    );
    const tasks: Promise<void>[] = [];
    const queue = new RoleQueue(rolesAt);

    // A slot in the limiter, not an account: which account's roles it lists is decided when it
    // starts, so an account asked for meanwhile, or one that moved up the queue, is respected.
    const slot = async () => {
      const accountId = queue.next((id) => state.hasRoles(id));
      if (!accountId) return;
      const asked = this.demands.get(demandKey(session, accountId));
      if (asked) {
        // Already being listed on demand: wait for that instead of asking twice.
        const roles = await asked.catch(() => undefined);
        if (roles && state.hasRoles(accountId)) return;
      }
      const roles = await inLane("background", () =>
        this.rolesOf(client, tokens, session, accountId, rejections, signal),
      );
      if (!retry) limiter.onSuccess();
      state.setRoles(accountId, roles, new Date(this.now()).toISOString());
      emitter.emit();
    };

    try {
      await inLane("listing", () =>
        this.pageAccounts(client, tokens, session, rejections, signal, (infos) => {
          const first = state.accountCount === 0;
          for (const info of infos) {
            if (state.has(info.accountId)) continue;
            state.addAccount(info);
            if (state.hasRoles(info.accountId)) continue;
            queue.add(info.accountId, state.wasKnown(info.accountId));
            tasks.push(limiter.run(slot, signal).catch(fail));
          }
          emitter.emit(first ? 0 : LISTING_PROGRESS_MS);
        }),
      );
      state.finishListing();
      emitter.emit(0);
    } catch (error) {
      fail(error);
    }
    // Tasks never reject (failures are recorded), so this waits for every call to settle.
    await Promise.all(tasks);
    outerSignal.removeEventListener("abort", stop);
    stopListening?.();
    if (failure) throw outerSignal.aborted ? outerSignal.reason : failure.error;
  }
}

function demandKey(session: string, accountId: string): string {
  return `${session}\n${accountId}`;
}

function identity(status: SessionStatus): CacheIdentity {
  return { session: status.name, startUrl: status.startUrl, region: status.region };
}
