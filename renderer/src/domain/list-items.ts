// Turns the search's account groups into what the virtual list draws: section headers and account
// cards holding their roles as chips, plus the flat order of chips that arrow keys walk through.
import type { RoleRow } from "./rows.js";
import type { AccountGroup, AccountInfo } from "./search.js";

export interface HeaderItem {
  kind: "header";
  key: string;
  label: string;
}

export interface AccountItem {
  kind: "account";
  key: string;
  account: AccountInfo;
  /** Roles to show, as chips `firstChip`, `firstChip + 1`, … of `ListModel.chips`. */
  rows: readonly RoleRow[];
  firstChip: number;
}

export type ListItem = HeaderItem | AccountItem;

export interface ListModel {
  items: ListItem[];
  /** Every chip in visual order; the selection is an index into this. */
  chips: RoleRow[];
  /** For each chip, the index of the item that holds it (to scroll it into view). */
  chipItem: number[];
}

export interface GroupOptions {
  favorites: ReadonlySet<string>;
  /** Role keys most recently used first (settings.recent); favourites among them are left out. */
  recent?: readonly string[];
  /**
   * Without a query: a "Favourites" section, then "Recent", then one section per session. With
   * one, the ranked groups alone.
   */
  searching: boolean;
  /** Session names in display order; a header per session is drawn only when there are several. */
  sessions: readonly string[];
}

/**
 * Lays out account groups (ranked while searching, in list order otherwise) as cards, with
 * section headers when not searching.
 */
export function buildListModel(groups: readonly AccountGroup[], options: GroupOptions): ListModel {
  const model: ListModel = { items: [], chips: [], chipItem: [] };
  const addCard = (group: AccountGroup, keyPrefix: string) => {
    const itemIndex = model.items.length;
    model.items.push({
      kind: "account",
      key: keyPrefix + group.account.key,
      account: group.account,
      rows: group.rows,
      firstChip: model.chips.length,
    });
    for (const row of group.rows) {
      model.chips.push(row);
      model.chipItem.push(itemIndex);
    }
  };

  if (options.searching) {
    for (const group of groups) addCard(group, "");
    return model;
  }

  const favorites: AccountGroup[] = [];
  if (options.favorites.size > 0) {
    for (const group of groups) {
      const rows = group.rows.filter((row) => options.favorites.has(row.key));
      if (rows.length > 0) favorites.push({ account: group.account, rows });
    }
  }
  if (favorites.length > 0) {
    model.items.push({ kind: "header", key: "h:favorites", label: "Favourites" });
    for (const group of favorites) addCard(group, "fav:");
  }
  const recent = recentGroups(groups, options);
  if (recent.length > 0) {
    model.items.push({ kind: "header", key: "h:recent", label: "Recent" });
    for (const group of recent) addCard(group, "recent:");
  }
  const several = options.sessions.length > 1;
  for (const session of options.sessions) {
    const inSession = groups.filter((group) => group.account.session === session);
    if (inSession.length === 0) continue;
    if (several || favorites.length > 0 || recent.length > 0) {
      model.items.push({
        kind: "header",
        key: `h:${session}`,
        label: several ? session : "All accounts",
      });
    }
    for (const group of inSession) addCard(group, "");
  }
  return model;
}

/** The recently used roles that are not favourites, a card per account, most recent first. */
function recentGroups(groups: readonly AccountGroup[], options: GroupOptions): AccountGroup[] {
  const order = new Map((options.recent ?? []).map((key, i) => [key, i]));
  if (order.size === 0) return [];
  const found: Array<{ at: number; account: AccountInfo; row: RoleRow }> = [];
  for (const group of groups) {
    for (const row of group.rows) {
      const at = order.get(row.key);
      if (at !== undefined && !options.favorites.has(row.key)) {
        found.push({ at, account: group.account, row });
      }
    }
  }
  found.sort((a, b) => a.at - b.at);
  const byAccount = new Map<string, { account: AccountInfo; rows: RoleRow[] }>();
  for (const { account, row } of found) {
    const card = byAccount.get(account.key);
    if (card) card.rows.push(row);
    else byAccount.set(account.key, { account, rows: [row] });
  }
  return [...byAccount.values()];
}

/**
 * Where the selection is now. The selection remembers the chip's position and its role: when the
 * list changes under it (a favourite moves up, a sync adds accounts) it follows the role; when the
 * role is gone it falls back to the first chip. A role listed twice (favourites, then its account)
 * keeps the position the user moved to.
 */
export function resolveSelection(
  chips: readonly { key: string }[],
  index: number,
  key: string | undefined,
): number {
  if (chips.length === 0) return -1;
  if (key === undefined) return Math.min(Math.max(index, 0), chips.length - 1);
  if (chips[index]?.key === key) return index;
  const found = chips.findIndex((chip) => chip.key === key);
  if (found >= 0) return found;
  // An account picked while its roles were pending (its stand-in's key ends in "/"): once they
  // arrive, the selection moves to its first role.
  if (key.endsWith("/")) {
    const first = chips.findIndex((chip) => chip.key.startsWith(key));
    if (first >= 0) return first;
  }
  return 0;
}

/**
 * The count beside the search box. Only roles a user can use are counted: an account whose roles
 * are still on their way shows one "roles…" stand-in, which is no role, and a gone role is none
 * either; the accounts still waiting are named apart so a search mid-sync does not look final.
 */
export function searchCountText(query: string, chips: readonly RoleRow[], total: number): string {
  if (!query) return `${total} roles`;
  let ready = 0;
  let pending = 0;
  for (const chip of chips) {
    if (chip.state === "ready") ready++;
    else if (chip.state === "pending") pending++;
  }
  const text = `${ready} of ${total}`;
  if (pending === 0) return text;
  return `${text}; ${pending} account${pending === 1 ? "" : "s"}, roles pending`;
}
