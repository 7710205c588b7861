import { useSessions } from "../stores/sessions.js";
import { useUi } from "../stores/ui.js";
import { useListModel } from "../stores/list-model.js";
import { RoleList } from "./RoleList.js";
import { SearchBox } from "./SearchBox.js";
import { SessionHeader } from "./SessionHeader.js";

export function ListScreen() {
  const sessions = useSessions((s) => s.sessions);
  const filter = useUi((s) => s.sessionFilter);
  const filterSession = useUi((s) => s.filterSession);
  const show = useUi((s) => s.show);
  const model = useListModel();
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
