// Every security rule of the app in one place, each with the Electron security checklist item
// (https://www.electronjs.org/docs/latest/tutorial/security) it serves.
import { app, session, type BrowserWindowConstructorOptions, type WebContents } from "electron";
import { CONTENT_SECURITY_POLICY } from "./content-security-policy.js";

/** The renderer's Content-Security-Policy (also in renderer/index.html). Item 7: define a CSP. */
export { CONTENT_SECURITY_POLICY };

export function secureWebPreferences(
  preload: string,
  devTools: boolean,
): BrowserWindowConstructorOptions["webPreferences"] {
  return {
    preload,
    devTools, // off in packaged builds: no console into the page that holds revealed credentials
    contextIsolation: true, // item 3: context isolation
    sandbox: true, // item 4: process sandboxing
    nodeIntegration: false, // item 2: no Node.js integration for remote content
    nodeIntegrationInWorker: false,
    webSecurity: true, // item 6: do not disable webSecurity
    allowRunningInsecureContent: false,
    experimentalFeatures: false, // item 9: no experimental features
    enableBlinkFeatures: "", // item 10: no enableBlinkFeatures
    webviewTag: false, // item 11: no <webview>
    spellcheck: false,
  };
}

export function applySecurityRestrictions(): void {
  // Item 5: handle session permission requests from remote content — this app needs none.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Item 7: the CSP as a response header too, for anything not covered by the meta tag.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        "Content-Security-Policy": [CONTENT_SECURITY_POLICY],
      },
    });
  });

  app.on("web-contents-created", (_event, contents: WebContents) => {
    // Item 13: disable or limit navigation.
    contents.on("will-navigate", (event) => event.preventDefault());
    contents.on("will-redirect", (event) => event.preventDefault());
    // Item 14: disable or limit creation of new windows.
    contents.setWindowOpenHandler(() => ({ action: "deny" }));
    // Item 12: verify WebView options before creation — none are allowed.
    contents.on("will-attach-webview", (event) => event.preventDefault());
  });
}
