// What the self-test looks at in the running shell: the tray it made and the window's page. The
// page is driven with webContents.executeJavaScript, so every call goes through the preload's
// window.sso and the IPC checks exactly as a click in the renderer does.
import type { BrowserWindow, Tray } from "electron";
import { oneLine, type ShellProbe } from "./self-test.js";

/** `loaded`: the window's loadURL, which rejects with Chromium's reason when the page fails. */
export function shellProbe(
  tray: Tray,
  window: BrowserWindow,
  loaded: Promise<void>,
  pageUrl: string,
): ShellProbe {
  return {
    trayProblem: () => (tray.isDestroyed() ? "The tray icon was destroyed" : undefined),
    pageLoaded: async () => {
      await loaded.catch((error: unknown) => {
        throw new Error(`The window did not load the app's page: ${oneLine(error)}`);
      });
      if (window.isDestroyed()) throw new Error("The window was destroyed");
      const shown = window.webContents.getURL();
      if (shown !== pageUrl)
        throw new Error(`The window shows ${shown || "nothing"}, not ${pageUrl}`);
    },
    runInPage: (code) => window.webContents.executeJavaScript(code) as Promise<unknown>,
  };
}
