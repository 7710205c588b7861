// The list the user sees, derived from the stores: rows are flattened once per list change, the
// search index is built once per row change, and only the ranking runs per keystroke.
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { buildListModel, resolveSelection, type ListModel } from "../domain/list-items.js";
import {
  chainedByAccount,
  entitledByAccount,
  RowFlattener,
  roleKey,
  type RoleRow,
} from "../domain/rows.js";
import { SearchIndex } from "../domain/search.js";
import { useAccounts } from "./accounts.js";
import { useSessions } from "./sessions.js";
import { useSettings } from "./settings.js";
import { useUi } from "./ui.js";

class ListMemory {
  readonly flattener = new RowFlattener();
  private last: SearchIndex | undefined;

  index(rows: readonly RoleRow[]): SearchIndex {
    this.last = new SearchIndex(rows, this.last);
    return this.last;
  }
}

export function useListModel(): ListModel & { total: number } {
  const bySession = useAccounts((s) => s.bySession);
  const chainedRoles = useAccounts((s) => s.chained);
  const chained = useMemo(() => chainedByAccount(chainedRoles), [chainedRoles]);
  const entitledRoles = useAccounts((s) => s.entitled);
  const entitled = useMemo(() => entitledByAccount(entitledRoles), [entitledRoles]);
  const sessions = useSessions((s) => s.sessions);
  const decorations = useSettings((s) => s.settings.accounts);
  const favoriteRefs = useSettings((s) => s.settings.favorites);
  const recentRefs = useSettings((s) => s.settings.recent);
  const filter = useUi((s) => s.sessionFilter);
  // Typing stays responsive: React renders the list for the latest query when it has time.
  const query = useDeferredValue(useUi((s) => s.query));

  const sessionNames = useMemo(
    () => sessions.map((s) => s.name).filter((name) => filter === "" || name === filter),
    [sessions, filter],
  );
  // Carried from one list to the next, so a sync's snapshot redoes only the accounts it changed.
  const [memory] = useState(() => new ListMemory());
  const rows = useMemo(() => {
    const lists = sessionNames.flatMap((name) => {
      const list = bySession[name];
      if (list) return [list];
      // Entitled roles still show before (or without) the portal's list of the session.
      return entitledRoles.some((role) => role.session === name)
        ? [{ session: name, accounts: [], complete: false, syncing: false }]
        : [];
    });
    return memory.flattener.flatten(lists, decorations, chained, entitled);
  }, [memory, bySession, sessionNames, decorations, chained, entitled, entitledRoles]);
  const index = useMemo(() => memory.index(rows), [memory, rows]);
  // Roles to use: not the stand-ins of accounts whose roles are on their way, nor gone ones.
  const total = useMemo(() => rows.filter((row) => row.state === "ready").length, [rows]);
  // The search's own index waits until the list has painted, and is ready before the user types.
  useEffect(() => {
    const id = requestIdleCallback(() => index.prepare(), { timeout: 300 });
    return () => cancelIdleCallback(id);
  }, [index]);
  const favorites = useMemo(() => new Set(favoriteRefs.map(roleKey)), [favoriteRefs]);
  const recent = useMemo(() => recentRefs.map(roleKey), [recentRefs]);

  return useMemo(() => {
    const searching = query.trim() !== "";
    const groups = index.search(query, { favorites });
    return {
      ...buildListModel(groups, { favorites, recent, searching, sessions: sessionNames }),
      total,
    };
  }, [index, query, favorites, recent, sessionNames, total]);
}

/** The selected chip's index in `model.chips` (-1 when the list is empty). */
export function useSelectedIndex(model: ListModel): number {
  const selected = useUi((s) => s.selected);
  const key = useUi((s) => s.selectedKey);
  return resolveSelection(model.chips, selected, key);
}
