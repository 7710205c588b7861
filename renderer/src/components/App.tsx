import { useEffect } from "react";
import { useSessions } from "../stores/sessions.js";
import { useSettings } from "../stores/settings.js";
import { useUi } from "../stores/ui.js";
import { AddSession } from "./AddSession.js";
import { ListScreen } from "./ListScreen.js";
import { Notices } from "./Notices.js";
import { SettingsScreen } from "./SettingsScreen.js";

/** Applies the theme setting; "system" leaves it to prefers-color-scheme in the stylesheet. */
function useTheme(): void {
  const theme = useSettings((s) => s.settings.theme);
  useEffect(() => {
    if (theme === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

const COPY_KEY = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘C" : "Ctrl+C";

export function App() {
  useTheme();
  const loaded = useUi((s) => s.loaded);
  const screen = useUi((s) => s.screen);
  const hasSessions = useSessions((s) => s.sessions.length > 0);
  const status = useUi((s) => s.status);

  const onList = loaded && screen === "list" && hasSessions;

  let body;
  if (!loaded) body = <p className="loading">Loading…</p>;
  else if (screen === "settings") body = <SettingsScreen />;
  else if (screen === "add-session" || !hasSessions) body = <AddSession firstRun={!hasSessions} />;
  else body = <ListScreen />;

  return (
    <div className="app">
      <Notices />
      {body}
      <footer className="footer">
        {/* One line: the last action's confirmation, or else the keys the list answers to. */}
        <p className="status" role="status" aria-live="polite" title={status || undefined}>
          {status}
        </p>
        {onList && !status && (
          <p className="keys muted">
            <kbd>↵</kbd> console · <kbd>{COPY_KEY}</kbd> copy · <kbd>→</kbd> more · <kbd>↑↓</kbd>{" "}
            move · <kbd>Esc</kbd> clear
          </p>
        )}
      </footer>
    </div>
  );
}
