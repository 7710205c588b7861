// Turns ranked rows into what the virtual list draws: section headers and account cards holding
// their roles as chips, plus the flat order of chips that arrow keys walk through.
import { accountKey, type RoleRow } from "./rows.js";

export interface HeaderItem {
  kind: "header";
  key: string;
  label: string;
}

export interface AccountItem {
  kind: "account";
  key: string;
  session: string;
  accountId: string;
  accountName: string;
  emailAddress: string;
  alias?: string;
  color?: string;
  /** Roles to show, each with its position in `ListModel.chips`. */
  roles: Array<{ row: RoleRow; chip: number }>;
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
  /** Without a query: a "Favourites" section first, then one section per session. */
  searching: boolean;
  /** Session names in display order; a header per session is drawn only when there are several. */
  sessions: readonly string[];
}

/**
 * Groups rows by account, keeping the order in which each account first appears, so a ranked
 * search result stays ranked and an unranked list stays sorted.
 */
export function buildListModel(rows: readonly RoleRow[], options: GroupOptions): ListModel {
  const model: ListModel = { items: [], chips: [], chipItem: [] };

  const addAccounts = (group: readonly RoleRow[], keyPrefix: string) => {
    const byAccount = new Map<string, AccountItem>();
    const cards: AccountItem[] = [];
    for (const row of group) {
      const key = `${keyPrefix}${accountKey(row)}`;
      let card = byAccount.get(key);
      if (!card) {
        card = {
          kind: "account",
          key,
          session: row.session,
          accountId: row.accountId,
          accountName: row.accountName,
          emailAddress: row.emailAddress,
          ...(row.alias ? { alias: row.alias } : {}),
          ...(row.color ? { color: row.color } : {}),
          roles: [],
        };
        byAccount.set(key, card);
        cards.push(card);
      }
      card.roles.push({ row, chip: -1 });
    }
    for (const card of cards) {
      const itemIndex = model.items.length;
      model.items.push(card);
      for (const role of card.roles) {
        role.chip = model.chips.length;
        model.chips.push(role.row);
        model.chipItem.push(itemIndex);
      }
    }
  };

  if (options.searching) {
    addAccounts(rows, "");
    return model;
  }

  const favorites = rows.filter((row) => options.favorites.has(row.key));
  if (favorites.length > 0) {
    model.items.push({ kind: "header", key: "h:favorites", label: "Favourites" });
    addAccounts(favorites, "fav:");
  }
  const several = options.sessions.length > 1;
  for (const session of options.sessions) {
    const group = rows.filter((row) => row.session === session);
    if (group.length === 0) continue;
    if (several || favorites.length > 0) {
      model.items.push({
        kind: "header",
        key: `h:${session}`,
        label: several ? session : "All accounts",
      });
    }
    addAccounts(group, "");
  }
  return model;
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
  return found >= 0 ? found : 0;
}
