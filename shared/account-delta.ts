// Sync progress as changes rather than whole lists: a 5,000-account list is about a megabyte, and
// a sync in progress publishes it once a second while only the few accounts whose roles arrived in
// that second changed. Main diffs each published list against the last; the renderer applies the
// difference to the list it holds, keeping every unchanged account the same object (which the
// list's own caches rely on) and the shared order (account-order.ts) without sorting again.
import { compareAccounts } from "./account-order.js";
import type { Account, AccountsDelta, SessionAccounts } from "./model.js";

/** Whether two versions of an account show the same: name, address and roles, known or gone. */
export function sameAccount(a: Account, b: Account): boolean {
  return (
    a === b ||
    (a.accountName === b.accountName &&
      a.emailAddress === b.emailAddress &&
      Boolean(a.rolesPending) === Boolean(b.rolesPending) &&
      sameNames(a.roles, b.roles) &&
      sameNames(a.goneRoles ?? [], b.goneRoles ?? []))
  );
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * The delta from `previous` to `next`: both must carry revisions. A sync's snapshots keep each
 * unchanged account the same object and both lists in account order, so the two are walked side by
 * side: an account costs a comparison of references, and only the accounts out of step (new,
 * removed, renamed) are looked up by id. Any two lists give the same delta, whatever their order.
 */
export function diffAccounts(
  previous: SessionAccounts & { revision: number },
  next: SessionAccounts & { revision: number },
): AccountsDelta {
  const before = previous.accounts;
  const after = next.accounts;
  const changed = new Uint8Array(after.length);
  /** Accounts of `before` the walk passed without a partner in `after`, by id. */
  const passed = new Map<string, Account>();
  /** Indexes in `after` of accounts the walk found no partner for at their place. */
  const strays: number[] = [];
  let i = 0;
  for (let j = 0; j < after.length; j++) {
    const account = after[j]!;
    while (
      i < before.length &&
      before[i] !== account &&
      before[i]!.accountId !== account.accountId &&
      compareAccounts(before[i]!, account) < 0
    ) {
      passed.set(before[i]!.accountId, before[i]!);
      i++;
    }
    const known = before[i];
    if (known && (known === account || known.accountId === account.accountId)) {
      i++;
      if (!sameAccount(known, account)) changed[j] = 1;
    } else {
      strays.push(j);
    }
  }
  for (; i < before.length; i++) passed.set(before[i]!.accountId, before[i]!);
  for (const j of strays) {
    const account = after[j]!;
    const known = passed.get(account.accountId);
    passed.delete(account.accountId);
    if (!known || !sameAccount(known, account)) changed[j] = 1;
  }
  const upserted: Account[] = [];
  for (let j = 0; j < after.length; j++) if (changed[j]) upserted.push(after[j]!);
  return {
    session: next.session,
    base: previous.revision,
    revision: next.revision,
    upserted,
    removed: [...passed.keys()],
    complete: next.complete,
    syncing: next.syncing,
    ...(next.syncedAt ? { syncedAt: next.syncedAt } : {}),
    ...(next.progress ? { progress: next.progress } : {}),
    ...(next.error ? { error: next.error } : {}),
  };
}

/** The first index in `sorted` whose account comes after `account`. */
function insertionPoint(sorted: readonly Account[], account: Account): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareAccounts(sorted[mid] as Account, account) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * `list` with `delta` applied, or undefined when the delta is for another revision (the caller
 * then asks for the whole list again).
 */
export function applyAccountsDelta(
  list: SessionAccounts,
  delta: AccountsDelta,
): SessionAccounts | undefined {
  if (list.session !== delta.session || list.revision !== delta.base) return undefined;
  const upserts = new Map(delta.upserted.map((a) => [a.accountId, a]));
  const removed = new Set(delta.removed);
  const accounts: Account[] = [];
  const moved: Account[] = [];
  for (const account of list.accounts) {
    if (removed.has(account.accountId)) continue;
    const update = upserts.get(account.accountId);
    if (!update) {
      accounts.push(account);
      continue;
    }
    upserts.delete(account.accountId);
    // A renamed account may belong elsewhere in the order; the rest keep their place.
    if (update.accountName === account.accountName) accounts.push(update);
    else moved.push(update);
  }
  for (const account of [...moved, ...upserts.values()]) {
    accounts.splice(insertionPoint(accounts, account), 0, account);
  }
  return {
    session: delta.session,
    revision: delta.revision,
    accounts,
    complete: delta.complete,
    syncing: delta.syncing,
    ...(delta.syncedAt ? { syncedAt: delta.syncedAt } : {}),
    ...(delta.progress ? { progress: delta.progress } : {}),
    ...(delta.error ? { error: delta.error } : {}),
  };
}
