// What a sync knows so far, merged over the previous complete list for display. It is built only
// when someone asks, and at most once per change: a sync nobody watches (the CLI without a
// terminal) never builds one until the end. The accounts are kept in order as they come (each page
// sorted, then merged in), so a snapshot of 10,000 accounts costs a merge, not a sort.
//
// The known list stays usable throughout: an account keeps its cached roles until fresh ones
// arrive, and a cached account not listed yet stays until the listing ends. What the portal no
// longer lists is marked (goneRoles), not dropped, in what the user sees until the next sync; the
// cache keeps only what the portal listed.
import type { Account, AccountInfo, SessionAccounts, SyncProgress } from "../../shared/model.js";
import { compareAccounts } from "../../shared/account-order.js";

export class SyncState {
  private readonly accounts = new Map<string, AccountInfo>();
  private readonly roles = new Map<string, string[]>();
  /** When the roles in `roles` were listed (ISO 8601), by account. */
  private readonly rolesAt = new Map<string, string>();
  /** Listed accounts whose fresh roles are in. */
  private done = 0;
  private listingDone = false;
  private readonly previous: Map<string, Account>;
  /** The previous list, in order. */
  private readonly previousInOrder: Account[];
  /** Listed accounts in order, and those listed since the last merge. */
  private ordered: AccountInfo[] = [];
  private unordered: AccountInfo[] = [];
  private built: SessionAccounts | undefined;
  /**
   * Each listed account as last shown, until its roles change: unchanged accounts stay the same
   * objects from one snapshot to the next, so comparing snapshots (account-delta.ts) is cheap.
   */
  private readonly views = new Map<string, Account>();

  constructor(
    private readonly session: string,
    private readonly cached: SessionAccounts | undefined,
  ) {
    this.previousInOrder = [...(cached?.accounts ?? [])].sort(compareAccounts);
    this.previous = new Map(this.previousInOrder.map((a) => [a.accountId, a]));
  }

  has(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  /** Whether the account and its roles were in the previous list (not only its name). */
  wasKnown(accountId: string): boolean {
    const before = this.previous.get(accountId);
    return before !== undefined && !before.rolesPending;
  }

  hasRoles(accountId: string): boolean {
    return this.roles.has(accountId);
  }

  rolesOf(accountId: string): string[] | undefined {
    return this.roles.get(accountId);
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  get listingFinished(): boolean {
    return this.listingDone;
  }

  addAccount(info: AccountInfo): void {
    if (this.accounts.has(info.accountId)) return;
    this.accounts.set(info.accountId, info);
    this.unordered.push(info);
    if (this.roles.has(info.accountId)) this.done++;
    this.built = undefined;
  }

  setRoles(accountId: string, roles: string[], listedAt: string): void {
    if (!this.roles.has(accountId) && this.accounts.has(accountId)) this.done++;
    this.roles.set(accountId, roles);
    this.rolesAt.set(accountId, listedAt);
    this.views.delete(accountId);
    this.built = undefined;
  }

  finishListing(): void {
    this.listingDone = true;
    this.built = undefined;
  }

  /** How far the sync is: accounts whose roles are in, of accounts listed. */
  progress(): SyncProgress {
    return {
      done: this.done,
      total: this.accounts.size,
      ...(this.listingDone ? {} : { listing: true }),
    };
  }

  /** What the user sees now: see the top of this file. */
  snapshot(): SessionAccounts {
    if (this.built) return this.built;
    this.built = {
      session: this.session,
      accounts: this.shown(),
      complete: false,
      syncing: true,
      ...(this.cached?.syncedAt ? { syncedAt: this.cached.syncedAt } : {}),
      progress: this.progress(),
    };
    return this.built;
  }

  private listedInOrder(): AccountInfo[] {
    if (this.unordered.length > 0) {
      this.ordered = merge(this.ordered, this.unordered.sort(compareAccounts));
      this.unordered = [];
    }
    return this.ordered;
  }

  private shown(): Account[] {
    const accounts: Account[] = [];
    for (const info of this.listedInOrder()) {
      let view = this.views.get(info.accountId);
      if (!view) {
        view = this.view(info);
        this.views.set(info.accountId, view);
      }
      accounts.push(view);
    }
    const unlisted: Account[] = [];
    for (const account of this.previousInOrder) {
      if (this.accounts.has(account.accountId)) continue;
      if (!this.listingDone) {
        unlisted.push(account);
        continue;
      }
      // Gone: whatever roles it had are marked; one whose roles were never listed has none to mark.
      const { rolesPending: _pending, ...gone } = account;
      unlisted.push({ ...gone, roles: [], goneRoles: [...account.roles] });
    }
    return merge(accounts, unlisted);
  }

  private view(info: AccountInfo): Account {
    const fresh = this.roles.get(info.accountId);
    const before = this.previous.get(info.accountId);
    if (fresh) {
      const gone = before?.roles.filter((role) => !fresh.includes(role)) ?? [];
      return { ...info, roles: fresh, ...(gone.length > 0 ? { goneRoles: gone } : {}) };
    }
    if (before && !before.rolesPending) return { ...info, roles: before.roles };
    return { ...info, roles: [], rolesPending: true };
  }

  /**
   * The finished sync: what the portal listed (for the cache, with when each account's roles were
   * listed) and what the user sees (the same, with what is gone marked).
   */
  finish(): { listed: Account[]; rolesAt: ReadonlyMap<string, string>; shown: Account[] } {
    const listed: Account[] = [];
    for (const info of this.listedInOrder()) {
      const roles = this.roles.get(info.accountId);
      if (!roles) throw new Error(`internal: the roles of account ${info.accountId} are missing`);
      listed.push({ ...info, roles });
    }
    this.listingDone = true;
    return { listed, rolesAt: this.rolesAt, shown: this.shown() };
  }
}

/** Two lists in account order, as one. */
function merge<T extends AccountInfo>(a: readonly T[], b: readonly T[]): T[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    out.push(compareAccounts(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
