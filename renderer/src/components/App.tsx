import { useEffect } from "react";
import { useSessions } from "../stores/sessions.js";
import { useSettings } from "../stores/settings.js";
import { useUi } from "../stores/ui.js";
import { AddSession } from "./AddSession.js";
import { ListScreen } from "./ListScreen.js";
import { Notices } from "./Notices.js";
import { SettingsScreen } from "./SettingsScreen.js";
import { UpdateBanner } from "./UpdateBanner.js";

/** Applies the theme setting; "system" leaves it to prefers-color-scheme in the stylesheet. */
function useTheme(): void {
  const theme = useSettings((s) => s.settings.theme);
  useEffect(() => {
    if (theme === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  useTheme();
  const loaded = useUi((s) => s.loaded);
  const screen = useUi((s) => s.screen);
  const hasSessions = useSessions((s) => s.sessions.length > 0);
  const status = useUi((s) => s.status);

  let body;
  if (!loaded) body = <p className="loading">Loading…</p>;
  else if (screen === "settings") body = <SettingsScreen />;
  else if (screen === "add-session" || !hasSessions) body = <AddSession firstRun={!hasSessions} />;
  else body = <ListScreen />;

  return (
    <div className="app">
      <UpdateBanner />
      <Notices />
      {body}
      <footer className="footer">
        {/* One job: the last action's confirmation. The keys are on the buttons they press. */}
        <p className="status" role="status" aria-live="polite" title={status || undefined}>
          {status}
        </p>
      </footer>
    </div>
  );
}
