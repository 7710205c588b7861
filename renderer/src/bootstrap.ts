// First paint from one getState round trip (the cached list shows at once), then events keep
// every store current.
import { sso } from "./api.js";
import { useAccounts } from "./stores/accounts.js";
import { useSessions } from "./stores/sessions.js";
import { useSettings } from "./stores/settings.js";
import { focusSearch, reportError, useUi } from "./stores/ui.js";

export async function bootstrap(): Promise<void> {
  const api = sso();
  api.on("sessions", (sessions) => {
    useSessions.getState().load(sessions);
    useAccounts.getState().retain(sessions.map((s) => s.name));
  });
  api.on("accounts", (list) => useAccounts.getState().receive(list));
  api.on("accountsChanged", (delta) => useAccounts.getState().applyChange(delta));
  api.on("settings", (settings) => useSettings.getState().replace(settings));
  api.on("chainedRoles", (chained) => useAccounts.getState().setChained(chained));
  api.on("signInPrompt", (prompt) => useSessions.getState().prompt(prompt));
  api.on("notice", (notice) => useUi.getState().notify(notice));
  api.on("focusSearch", () => {
    useUi.getState().show("list");
    // The list screen may only now be mounting.
    requestAnimationFrame(focusSearch);
  });
  try {
    performance.mark("sso:state-requested");
    const state = await api.getState({});
    // Lets the benchmark tell the transport's time from the page's own.
    performance.mark("sso:state-received");
    useSettings.getState().load(state.settings, state.info);
    useAccounts.getState().load(state.accounts);
    useAccounts.getState().setChained(state.chainedRoles);
    useSessions.getState().load(state.sessions);
    if (state.sessions.length === 0) useUi.getState().show("add-session");
  } catch (error) {
    reportError(error);
  }
  useUi.getState().setLoaded();
}
