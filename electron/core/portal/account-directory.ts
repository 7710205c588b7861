// Every account and role a session may use: the last complete list from disk at once, then a sync
// that lists the accounts (all pages) and the roles of every account, streaming snapshots as they
// arrive. Role listings start as soon as their account is listed; how many run at once adapts to
// throttling (AimdLimiter) and how fast calls start is paced under the portal's quota
// (AdaptivePacer, through the SDK client's retry strategy). What the portal says is checked on the
// way in (portal-shapes.ts): entries with an invalid id or role name are left out with one warning
// per sync, and a listing that repeats itself or will not end is stopped (PageGuard).
import { setMaxListeners } from "node:events";
import { paginateListAccountRoles, paginateListAccounts } from "@aws-sdk/client-sso";
import type {
  Account,
  AccountInfo,
  SessionAccounts,
  SessionStatus,
  SyncProgress,
} from "../../../shared/model.js";
import { compareNames } from "../../../shared/account-order.js";
import {
  accountCacheModified,
  readAccountCache,
  writeAccountCache,
  type CacheIdentity,
} from "./account-cache.js";
import { AimdLimiter, type AimdOptions } from "./aimd-limiter.js";
import { PortalConnections, type ConnectionOptions, type Env } from "./portal-connection.js";
import { portalBaseUrl } from "../aws-clients.js";
import {
  describePortalError,
  portalRefusedSignIn,
  isUnauthorized,
  PortalError,
} from "./portal-errors.js";
import { PageGuard } from "./page-guard.js";
import { displayText, isAccountId, isRoleName, MAX_ACCOUNTS, Rejections } from "./portal-shapes.js";
import { SyncState } from "./sync-state.js";

const PAGE_SIZE = 100;
/** Pages of accounts one sync follows at most: twice what MAX_ACCOUNTS takes in full pages. */
const MAX_ACCOUNT_PAGES = (2 * MAX_ACCOUNTS) / PAGE_SIZE;
/** Pages of roles per account (10,000 roles; an instance allows far fewer permission sets). */
const MAX_ROLE_PAGES = 100;

/** What the directory needs from the session manager. */
export interface SessionAccess {
  get(name: string): SessionStatus | undefined | Promise<SessionStatus | undefined>;
  accessToken(name: string, options?: { forceRefresh?: boolean }): Promise<string>;
}

export interface AccountDirectoryOptions {
  env?: Env;
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

/**
 * Where a sync's progress goes: to its listeners when there are any, and to whoever asks for the
 * latest (syncing()); either way the snapshot is built only then.
 */
class SyncChannel {
  readonly listeners = new Set<(snapshot: SessionAccounts) => void>();
  readonly counters = new Set<(progress: SyncProgress) => void>();
  private source: (() => SessionAccounts) | undefined;
  progress: SyncProgress | undefined;

  latest(): SessionAccounts | undefined {
    return this.source?.();
  }

  update(source: () => SessionAccounts, progress: SyncProgress | undefined): void {
    this.source = source;
    this.progress = progress;
    if (progress) for (const counter of this.counters) counter(progress);
    if (this.listeners.size === 0) return;
    const snapshot = source();
    for (const listener of this.listeners) listener(snapshot);
  }
}

interface RunningSync {
  promise: Promise<SessionAccounts>;
  channel: SyncChannel;
  controller: AbortController;
  callers: number;
}

export class UnknownSessionForAccountsError extends Error {
  constructor(session: string) {
    super(`There is no session named '${session}'; add it first`);
    this.name = "UnknownSessionError";
  }
}

export class AccountDirectory {
  private readonly env: Env;
  private readonly sessions: SessionAccess;
  private readonly cacheDir: string;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly connections: PortalConnections;
  private readonly concurrency: AimdOptions;
  private readonly progressIntervalMs: number;
  private readonly maxAccounts: number;
  private readonly running = new Map<string, RunningSync>();

  constructor(options: AccountDirectoryOptions) {
    this.env = options.env ?? process.env;
    this.sessions = options.sessions;
    this.cacheDir = options.cacheDir;
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((m) => console.warn(m));
    this.connections =
      options.connections ?? new PortalConnections(this.env, options.connectionOptions);
    this.concurrency = options.concurrency ?? {};
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.maxAccounts = options.maxAccounts ?? MAX_ACCOUNTS;
  }

  /** The last complete list, if one is cached for this session's start URL and region. */
  async cached(session: string): Promise<SessionAccounts | undefined> {
    const status = await this.status(session);
    return readAccountCache(this.cacheDir, identity(status), this.warn);
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
      const controller = new AbortController();
      const channel = new SyncChannel();
      const created: RunningSync = {
        controller,
        channel,
        callers: 0,
        promise: this.run(session, controller.signal, channel).finally(() =>
          this.running.delete(session),
        ),
      };
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

  private async run(
    session: string,
    signal: AbortSignal,
    channel: SyncChannel,
  ): Promise<SessionAccounts> {
    const status = await this.status(session);
    const id = identity(status);
    const previous = await readAccountCache(this.cacheDir, id, this.warn);
    const endpoint = portalBaseUrl(status.region, this.env);
    const what = `listing the accounts of session '${session}'`;

    const state = new SyncState(session, previous);
    const rejections = new Rejections();
    const emitter = new ThrottledEmitter(
      () => channel.update(() => state.snapshot(), state.progress()),
      this.progressIntervalMs,
    );
    emitter.emit();
    try {
      const accounts = await this.listEverything(
        session,
        status,
        state,
        rejections,
        emitter,
        signal,
      );
      const syncedAt = new Date(this.now()).toISOString();
      await writeAccountCache(this.cacheDir, id, accounts, syncedAt);
      emitter.cancel();
      const final: SessionAccounts = {
        session,
        accounts,
        complete: true,
        syncedAt,
        syncing: false,
        progress: { done: accounts.length, total: accounts.length },
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
      const left = rejections.message(
        `The portal's answer for session '${session}' (${endpoint})`,
        "Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy).",
      );
      if (left) this.warn(left);
    }
  }

  private async listEverything(
    session: string,
    status: SessionStatus,
    state: SyncState,
    rejections: Rejections,
    emitter: ThrottledEmitter,
    outerSignal: AbortSignal,
  ): Promise<Account[]> {
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

    const listRoles = (accountId: string) => {
      const task = limiter
        .run(
          () =>
            tokens.use(async (accessToken) => {
              const names = new Set<string>();
              const guard = new PageGuard(
                `listing the roles of account ${accountId} in session '${session}'`,
                MAX_ROLE_PAGES,
              );
              const pages = paginateListAccountRoles(
                { client, pageSize: PAGE_SIZE },
                { accessToken, accountId },
                { abortSignal: signal },
              );
              for await (const page of pages) {
                for (const role of page.roleList ?? []) {
                  if (isRoleName(role.roleName)) names.add(role.roleName);
                  else rejections.role(accountId, role.roleName);
                }
                guard.check(page.nextToken);
              }
              return [...names].sort(compareNames);
            }),
          signal,
        )
        .then((roles) => {
          if (!retry) limiter.onSuccess();
          state.setRoles(accountId, roles);
          emitter.emit();
        })
        .catch(fail);
      tasks.push(task);
    };

    try {
      await tokens.use(async (accessToken) => {
        const guard = new PageGuard(
          `listing the accounts of session '${session}'`,
          MAX_ACCOUNT_PAGES,
        );
        let received = 0;
        const pages = paginateListAccounts(
          { client, pageSize: PAGE_SIZE },
          { accessToken },
          { abortSignal: signal },
        );
        for await (const page of pages) {
          const list = page.accountList ?? [];
          received += list.length;
          if (received > this.maxAccounts) {
            throw new PortalError(
              `The portal listed more than ${this.maxAccounts.toLocaleString("en")} accounts for session '${session}'; SSO Tray stops there. Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy)`,
            );
          }
          for (const a of list) {
            if (!isAccountId(a.accountId)) {
              rejections.account(a.accountId, a.accountName);
              continue;
            }
            if (state.has(a.accountId)) continue;
            const info: AccountInfo = {
              accountId: a.accountId,
              accountName: displayText(a.accountName) || a.accountId,
              emailAddress: displayText(a.emailAddress),
            };
            state.addAccount(info);
            listRoles(a.accountId);
          }
          emitter.emit();
          guard.check(page.nextToken);
        }
      });
      state.finishListing();
    } catch (error) {
      fail(error);
    }
    // Tasks never reject (failures are recorded), so this waits for every call to settle.
    await Promise.all(tasks);
    outerSignal.removeEventListener("abort", stop);
    stopListening?.();
    if (failure) throw outerSignal.aborted ? outerSignal.reason : failure.error;
    return state.complete();
  }
}

function identity(status: SessionStatus): CacheIdentity {
  return { session: status.name, startUrl: status.startUrl, region: status.region };
}

/**
 * The session's access token for this sync. When the portal refuses it, the token is refreshed
 * once (forced) for every caller; if the fresh token is refused too, the sign-in is gone.
 */
class TokenKeeper {
  private refreshing: Promise<string> | undefined;

  constructor(
    private readonly session: string,
    private token: string,
    private readonly sessions: SessionAccess,
  ) {}

  async use<T>(call: (token: string) => Promise<T>): Promise<T> {
    for (;;) {
      const used = this.token;
      try {
        return await call(used);
      } catch (error) {
        if (!isUnauthorized(error)) throw error;
        this.refreshing ??= this.sessions.accessToken(this.session, { forceRefresh: true });
        const fresh = await this.refreshing;
        if (used === fresh) throw portalRefusedSignIn(this.session, error);
        this.token = fresh;
      }
    }
  }
}

/** Calls `emit` at most once per interval, with a trailing call so the last state is never lost. */
class ThrottledEmitter {
  private last = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fn: () => void,
    private readonly intervalMs: number,
  ) {}

  emit(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.last = performance.now();
      this.fn();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = performance.now();
      this.fn();
    }, wait);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
