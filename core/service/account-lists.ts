// The account lists the app shows, one per session: each sent with a revision, a sync's progress
// sent as the change since the last one, and the cache file (which the CLI shares) read again
// only when it changes under us.
import { diffAccounts } from "../../shared/account-delta.js";
import type { SessionAccounts } from "../../shared/model.js";
import type { AccountDirectory } from "../portal/account-directory.js";
import type { EventHub } from "./events.js";

export interface AccountListsParts {
  directory: AccountDirectory;
  hub: EventHub;
  /** Runs portal work, telling the user when it needs a new sign-in. */
  guard<T>(work: () => Promise<T>): Promise<T>;
  /** Whether the session can call the portal now (signed in, or expiring). */
  signedIn(session: string): Promise<boolean>;
  /** Lists what else the session has (its entitled roles) whenever its accounts are synced. */
  alsoSync?: (session: string) => void;
  /** A sync finished: what is named after its accounts can be told again. */
  synced?: (session: string) => void;
}

export class AccountLists {
  private readonly lists = new Map<string, SessionAccounts>();
  /** The cache file's mtime when `lists` last took it in (see current). */
  private readonly cacheSeen = new Map<string, number | undefined>();
  /** The last revision given to a published list (see publish). */
  private revision = 0;

  constructor(private readonly parts: AccountListsParts) {}

  /** The list last sent for the session, if any. */
  sent(session: string): SessionAccounts | undefined {
    return this.lists.get(session);
  }

  startSync(session: string): void {
    const { directory } = this.parts;
    this.parts.alsoSync?.(session);
    void this.parts
      .guard(() =>
        directory.sync(session, {
          onProgress: (snapshot) => this.publish(snapshot, { asChange: true }),
        }),
      )
      .then(async (final) => {
        // The sync has just written the cache: that is no news from the CLI.
        this.cacheSeen.set(session, await directory.cacheModified(session));
        this.publish(final);
        this.parts.synced?.(session);
      })
      .catch((error: unknown) => {
        const previous = this.lists.get(session);
        this.publish({
          session,
          accounts: previous?.accounts ?? [],
          complete: previous?.complete ?? false,
          syncing: false,
          error: error instanceof Error ? error.message : String(error),
          ...(previous?.syncedAt ? { syncedAt: previous.syncedAt } : {}),
        });
      });
  }

  /**
   * The session's list: a sync's latest, or the cached one, read once and kept with a revision
   * (the tray asks on every change; a megabyte each time adds up), and read again only when the
   * file changes under us: the CLI shares it, and a list it synced is taken in and sent on.
   */
  async current(session: string): Promise<SessionAccounts | undefined> {
    const { directory } = this.parts;
    const known = this.lists.get(session);
    const syncing = directory.syncing(session);
    if (syncing) return known ?? syncing;
    const modified = await directory.cacheModified(session);
    if (known && modified === this.cacheSeen.get(session)) return known;
    const cached = await directory.cached(session);
    this.cacheSeen.set(session, modified);
    if (!cached) return known;
    if (known) {
      this.publish(cached);
      // A command kept the accounts it listed to find one by name: their roles are still to come.
      if (!cached.complete) void this.syncIfSignedIn(session);
      return this.lists.get(session);
    }
    this.revision += 1;
    const stamped = { ...cached, revision: this.revision };
    this.lists.set(session, stamped);
    return stamped;
  }

  /**
   * Stamps a list with the next revision and sends it: whole, or (for a sync's progress, once the
   * renderer has a revision to apply it to) as the change since the last one sent.
   */
  publish(list: SessionAccounts, options: { asChange?: boolean } = {}): void {
    const previous = this.lists.get(list.session);
    this.revision += 1;
    const stamped = { ...list, revision: this.revision };
    this.lists.set(list.session, stamped);
    if (options.asChange && previous?.revision !== undefined) {
      this.parts.hub.emit(
        "accountsChanged",
        diffAccounts({ ...previous, revision: previous.revision }, stamped),
      );
    } else {
      this.parts.hub.emit("accounts", stamped);
    }
  }

  /** Roles fetched ahead of the sync: on screen now, not at the sync's next progress report. */
  showRoles(session: string, accountId: string, roles: string[]): void {
    // The report that follows carries the same roles.
    const list = this.lists.get(session);
    const account = list?.accounts.find((a) => a.accountId === accountId);
    if (!list || !account?.rolesPending) return;
    const { rolesPending: _pending, ...rest } = account;
    this.publish(
      {
        ...list,
        accounts: list.accounts.map((a) => (a === account ? { ...rest, roles } : a)),
        ...(list.progress ? { progress: { ...list.progress, done: list.progress.done + 1 } } : {}),
      },
      { asChange: true },
    );
  }

  private async syncIfSignedIn(session: string): Promise<void> {
    if (await this.parts.signedIn(session)) this.startSync(session);
  }
}
