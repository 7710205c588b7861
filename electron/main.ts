// Electron bootstrap only: single-instance lock, security rules, the service, the tray, the popup,
// the IPC wiring and the global shortcut. Everything with logic lives in the modules it calls.
import { app, globalShortcut, ipcMain } from "electron";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { EventName, Events } from "../shared/api.js";
import { dataDir } from "./core/app-paths.js";
import { AppService } from "./core/service.js";
import { CALL_CHANNEL, dispatchIpcCall, EVENT_CHANNEL } from "./ipc/ipc-dispatch.js";
import { createElectronPlatform } from "./platform/electron-platform.js";
import { applySecurityRestrictions } from "./security/security-restrictions.js";
import type { TrayAction } from "./tray/tray-menu.js";
import { TrayService } from "./tray/tray-service.js";
import { PopupWindow } from "./window/popup-window.js";

// Tray icons sit in resources/build/tray when packaged (electron-builder extraResources).
const resources = app.isPackaged ? process.resourcesPath : path.join(__dirname, "..");
const pageUrl =
  process.env.SSOTRAY_DEV_URL ??
  pathToFileURL(path.join(__dirname, "..", "dist", "renderer", "index.html")).toString();
const normalWindow = process.argv.includes("--window") || process.env.SSOTRAY_WINDOW === "1";

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // One settings/cache folder for the app and the CLI.
  app.setPath("userData", dataDir(process.env));
  if (process.platform === "darwin") app.dock?.hide(); // a menu-bar app: no dock icon
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  applySecurityRestrictions();
  const platform = createElectronPlatform();
  const popup = new PopupWindow(pageUrl, path.join(__dirname, "preload.js"), normalWindow);
  const service = new AppService({
    env: process.env,
    platform,
    appInfo: {
      version: app.getVersion(),
      platform: process.platform as "darwin" | "win32" | "linux",
    },
    windowControl: { hide: () => popup.hide() },
  });
  const ownIds = new Set([popup.window.webContents.id]);

  // The window is already loading, and its preload asks for the state as soon as it runs: the
  // handler must be in place within this same synchronous run, with no await before it.
  ipcMain.handle(CALL_CHANNEL, (event, name: unknown, input: unknown) =>
    dispatchIpcCall(
      service,
      { id: event.sender.id, frameUrl: event.senderFrame?.url ?? "" },
      { ownIds, appUrl: pageUrl },
      name,
      input,
    ),
  );
  const send = <E extends EventName>(name: E, payload: Events[E]) => {
    if (!popup.window.isDestroyed()) popup.window.webContents.send(EVENT_CHANNEL, name, payload);
  };

  const tray = new TrayService(
    path.join(resources, "build", "tray"),
    (action) => void onTrayAction(action),
  );
  const accountNames = new Map<string, string>();
  const refreshTray = async () => {
    const state = await service.getState();
    for (const list of state.accounts)
      for (const a of list.accounts)
        accountNames.set(`${list.session}\u0000${a.accountId}`, a.accountName);
    tray.update(state.sessions, state.settings, accountNames);
  };
  service.onAny((name, payload) => {
    send(name, payload);
    if (
      name === "sessions" ||
      name === "settings" ||
      (name === "accounts" && (payload as Events["accounts"]).complete)
    )
      void refreshTray();
  });
  await refreshTray();
  // Time left in the tooltip and menu moves on even when nothing else changes.
  setInterval(() => void refreshTray(), 60_000).unref();

  async function onTrayAction(action: TrayAction): Promise<void> {
    try {
      switch (action.kind) {
        case "open":
          return popup.show(tray.tray);
        case "quit":
          service.dispose();
          popup.destroy();
          tray.destroy();
          return app.quit();
        case "sign-in":
          popup.show(tray.tray);
          await service.signIn({ session: action.session, method: "browser" });
          return;
        case "sign-out":
          return service.signOut({ session: action.session });
        case "open-console":
          return service.openConsole({ role: action.role });
        case "copy-credentials":
          await service.copyCredentials({ role: action.role, format: "bash" });
          return;
        case "copy-console-link":
          await service.copyConsoleLink({ role: action.role });
          return;
      }
    } catch (error) {
      platform.notify({
        title: "SSO Tray",
        body: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const settings = (await service.getState()).settings;
  app.setLoginItemSettings({ openAtLogin: settings.startAtLogin });
  if (settings.globalShortcut) {
    const registered = globalShortcut.register(settings.globalShortcut, () => {
      popup.show(tray.tray);
      send("focusSearch", null);
    });
    if (!registered)
      platform.notify({
        title: "SSO Tray",
        body: `The shortcut ${settings.globalShortcut} is taken by another app; choose another in Settings.`,
      });
  }
  service.on("settings", (next) => app.setLoginItemSettings({ openAtLogin: next.startAtLogin }));

  app.on("second-instance", () => popup.show(tray.tray));
  app.on("window-all-closed", () => undefined); // the tray keeps running
  app.on("will-quit", () => globalShortcut.unregisterAll());
  if (normalWindow) popup.show();
}
