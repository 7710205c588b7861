// First paint from one small getState round trip (the first screen of the cached list, not the
// whole ~1 MB of a 5,000-account one), then the rest, then events keep every store current.
import { FIRST_STATE } from "../../shared/api-client.js";
import { sso } from "./api.js";
import { useAccounts } from "./stores/accounts.js";
import { useSessions } from "./stores/sessions.js";
import { useSettings } from "./stores/settings.js";
import { focusSearch, reportError, useUi } from "./stores/ui.js";
import { useUpdate } from "./stores/update.js";

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
  api.on("entitledRoles", (entitled) => useAccounts.getState().setEntitled(entitled));
  api.on("signInPrompt", (prompt) => useSessions.getState().prompt(prompt));
  api.on("notice", (notice) => useUi.getState().notify(notice));
  api.on("updateReady", (update) => useUpdate.getState().receive(update));
  api.on("focusSearch", () => {
    useUi.getState().show("list");
    // The list screen may only now be mounting.
    requestAnimationFrame(focusSearch);
  });
  try {
    performance.mark("sso:state-requested");
    // The very request the preload sent while this script loaded (shared/api-client.ts).
    const state = await api.getState(FIRST_STATE);
    // Lets the benchmark tell the transport's time from the page's own.
    performance.mark("sso:state-received");
    useSettings.getState().load(state.settings, state.info);
    useAccounts.getState().load(state.accounts);
    useAccounts.getState().setChained(state.chainedRoles);
    useAccounts.getState().setEntitled(state.entitledRoles);
    useSessions.getState().load(state.sessions);
    if (state.sessions.length === 0) useUi.getState().show("add-session");
    if (state.partial) void loadTheRest();
  } catch (error) {
    reportError(error);
  }
  useUi.getState().setLoaded();
}

async function loadTheRest(): Promise<void> {
  // After the first rows are on screen: the whole list's round trip and indexing wait for it.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  try {
    const state = await sso().getState({});
    performance.mark("sso:rest-received");
    useAccounts.getState().load(state.accounts);
  } catch (error) {
    reportError(error);
  }
}
