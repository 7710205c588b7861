// What a sync knows so far, merged over the previous complete list for display. Building that
// list means sorting every account, so it is built only when someone asks, and at most once per
// change: a sync nobody watches (the CLI without a terminal) never builds one until the end.
import type { Account, AccountInfo, SessionAccounts, SyncProgress } from "../../../shared/model.js";
import { compareAccounts } from "../../../shared/account-order.js";

export class SyncState {
  private readonly accounts = new Map<string, AccountInfo>();
  private readonly roles = new Map<string, string[]>();
  private listingDone = false;
  private readonly previous: Map<string, Account>;
  private built: SessionAccounts | undefined;

  constructor(
    private readonly session: string,
    private readonly cached: SessionAccounts | undefined,
  ) {
    this.previous = new Map((cached?.accounts ?? []).map((a) => [a.accountId, a]));
  }

  has(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  addAccount(info: AccountInfo): void {
    this.accounts.set(info.accountId, info);
    this.built = undefined;
  }

  setRoles(accountId: string, roles: string[]): void {
    this.roles.set(accountId, roles);
    this.built = undefined;
  }

  finishListing(): void {
    this.listingDone = true;
    this.built = undefined;
  }

  /** How far the sync is: accounts whose roles are in, of accounts listed. */
  progress(): SyncProgress {
    return { done: this.roles.size, total: this.accounts.size };
  }

  /**
   * Accounts listed so far with their fresh roles, or their cached roles until those arrive; cached
   * accounts not listed yet stay until listing ends, so a background refresh never empties the list.
   */
  snapshot(): SessionAccounts {
    if (this.built) return this.built;
    const accounts: Account[] = [];
    for (const [id, info] of this.accounts) {
      accounts.push({ ...info, roles: this.roles.get(id) ?? this.previous.get(id)?.roles ?? [] });
    }
    if (!this.listingDone) {
      for (const [id, account] of this.previous) if (!this.accounts.has(id)) accounts.push(account);
    }
    accounts.sort(compareAccounts);
    this.built = {
      session: this.session,
      accounts,
      complete: false,
      syncing: true,
      ...(this.cached?.syncedAt ? { syncedAt: this.cached.syncedAt } : {}),
      progress: this.progress(),
    };
    return this.built;
  }

  complete(): Account[] {
    const accounts: Account[] = [];
    for (const [id, info] of this.accounts) {
      const roles = this.roles.get(id);
      if (!roles) throw new Error(`internal: the roles of account ${id} are missing`);
      accounts.push({ ...info, roles });
    }
    return accounts.sort(compareAccounts);
  }
}
