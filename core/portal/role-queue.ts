import type { RolesListedAt } from "./account-cache.js";

/**
 * The order role listings go in: accounts new to this session first (they have no roles to show
 * at all), in the order listed; then accounts already known, the longest unrefreshed first.
 */
export class RoleQueue {
  private readonly fresh: string[] = [];
  private freshAt = 0;
  /** Newest first, so the oldest pops off the end. */
  private readonly known: Array<{ id: string; at: string }> = [];
  private sorted = true;

  constructor(private readonly rolesAt: RolesListedAt) {}

  add(accountId: string, known: boolean): void {
    if (!known) {
      this.fresh.push(accountId);
      return;
    }
    // No time (a cache from before times were kept) counts as the oldest.
    this.known.push({ id: accountId, at: this.rolesAt.get(accountId) ?? "" });
    this.sorted = false;
  }

  next(done: (accountId: string) => boolean): string | undefined {
    while (this.freshAt < this.fresh.length) {
      const id = this.fresh[this.freshAt++]!;
      if (!done(id)) return id;
    }
    if (!this.sorted) {
      this.known.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
      this.sorted = true;
    }
    for (let entry = this.known.pop(); entry; entry = this.known.pop()) {
      if (!done(entry.id)) return entry.id;
    }
    return undefined;
  }
}
