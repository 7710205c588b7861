import { useEffect } from "react";
import type { ListModel } from "../domain/list-items.js";
import { requestRoles } from "../role-actions.js";
import { useSessions } from "../stores/sessions.js";
import { useUi } from "../stores/ui.js";
import { useListModel, useSelectedIndex } from "../stores/list-model.js";
import { RoleList } from "./RoleList.js";
import { SearchBox } from "./SearchBox.js";
import { SessionHeader } from "./SessionHeader.js";

export function ListScreen() {
  const sessions = useSessions((s) => s.sessions);
  const filter = useUi((s) => s.sessionFilter);
  const filterSession = useUi((s) => s.filterSession);
  const show = useUi((s) => s.show);
  const model = useListModel();
  useRolesOnDemand(model);
  const shown = sessions.filter((s) => filter === "" || s.name === filter);

  return (
    <main className="screen list-screen">
      <h1 className="visually-hidden">Accounts and roles</h1>
      <header className="toolbar">
        <SearchBox model={model} />
        <button type="button" onClick={() => show("settings")} aria-label="Settings">
          Settings
        </button>
      </header>
      {sessions.length > 1 && (
        <div className="sessions-bar">
          <select
            aria-label="Show accounts of"
            value={filter}
            onChange={(e) => filterSession(e.target.value)}
          >
            <option value="">All sessions</option>
            {sessions.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="sessions">
        {shown.map((session) => (
          <SessionHeader key={session.name} session={session} />
        ))}
      </div>
      <RoleList model={model} />
    </main>
  );
}

/** A search narrowed to this few accounts fetches their pending roles as if each were picked. */
const NARROWED = 3;

/**
 * The accounts the user is after get their roles ahead of the sync: the one whose stand-in is
 * chosen (clicked, or reached with the arrow keys), and those a search has narrowed to.
 */
function useRolesOnDemand(model: ListModel): void {
  const selected = useSelectedIndex(model);
  const chosen = useUi((s) => s.selectedKey !== undefined);
  const searching = useUi((s) => s.query.trim() !== "");
  const row = model.chips[selected];
  useEffect(() => {
    if (row && chosen) requestRoles(row);
  }, [row, chosen]);
  useEffect(() => {
    if (!searching) return;
    const cards = model.items.filter((item) => item.kind === "account");
    if (cards.length > NARROWED) return;
    for (const card of cards) for (const r of card.rows) requestRoles(r);
  }, [model, searching]);
}
