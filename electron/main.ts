// Electron bootstrap only: single-instance lock, security rules, the page's scheme, the service,
// the tray, the popup, the IPC wiring, the global shortcut and the quit sequence. Everything with
// logic lives in the modules it calls.
import { app, dialog, globalShortcut, ipcMain } from "electron";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { AppState, EventName, Events } from "../shared/api.js";
import { cliToolInstalledText } from "../shared/cli-tool-text.js";
import type { Settings } from "../shared/model.js";
import { AppService } from "../core/service/service.js";
import { CALL_CHANNEL, dispatchIpcCall, EVENT_CHANNEL } from "./ipc/ipc-dispatch.js";
import { createElectronPlatform } from "./platform/electron-platform.js";
import { StartAtLogin } from "./platform/start-at-login.js";
import { applySecurityRestrictions } from "./security/security-restrictions.js";
import { GlobalShortcutBinding } from "./shortcut/global-shortcut.js";
import type { TrayAction } from "./tray/tray-menu.js";
import { TrayService } from "./tray/tray-service.js";
import { AppUpdates } from "./update/app-updates.js";
import { applyApplicationMenu } from "./window/application-menu.js";
import { PopupWindow } from "./window/popup-window.js";
import { APP_PAGE_URL } from "./window/renderer-files.js";
import { registerRendererScheme, serveRenderer } from "./window/renderer-protocol.js";
import { resolveLocations } from "../core/locations.js";
import {
  failOnUncaught,
  oneLine,
  outcomeExitCode,
  outcomeLine,
  runSelfTest,
  selfTestSteps,
  type SelfTestOutcome,
} from "./self-test/self-test.js";
import { shellProbe } from "./self-test/shell-probe.js";
import {
  makeThrowawayHome,
  removeThrowawayHome,
  SELF_TEST_FLAG,
  selfTestTarget,
  throwawayEnv,
} from "./self-test/throwaway-home.js";

/** electron-builder.yml's appId: Windows ties notifications to the installed shortcut by it. */
const APP_USER_MODEL_ID = "dev.ssotray.app";
/** How long quitting may wait to take a copied secret off the clipboard. */
const CLIPBOARD_CLEAR_DEADLINE_MS = 1000;

// Tray icons sit in resources/build/tray when packaged (electron-builder extraResources).
const resources = app.isPackaged ? process.resourcesPath : path.join(__dirname, "..");
// A development server's page would get the whole contract: never honoured in a packaged build.
const devUrl = app.isPackaged ? undefined : process.env.SSOTRAY_DEV_URL;
const pageUrl = devUrl || APP_PAGE_URL;
const normalWindow = process.argv.includes("--window") || process.env.SSOTRAY_WINDOW === "1";
// `--self-test` (electron/self-test/): every location inside a throwaway home of its own.
const selfTestHome = process.argv.includes(SELF_TEST_FLAG) ? makeThrowawayHome() : undefined;
const env = selfTestHome ? throwawayEnv(process.env, selfTestHome) : process.env;

// Before `ready`, as Electron requires.
registerRendererScheme();
// One settings/cache folder for the app and the CLI, set before the single-instance lock, which
// lives in it. setPath does not create the folder.
const locations = resolveLocations(env);
const userData = locations.data;
try {
  mkdirSync(userData, { recursive: true, mode: 0o700 });
} catch (error) {
  console.error(`SSO Tray cannot create its data folder ${userData}: ${String(error)}`);
}
app.setPath("userData", userData);
if (process.platform === "win32") app.setAppUserModelId(APP_USER_MODEL_ID);

const stopFailingOnUncaught = selfTestHome ? failOnUncaught(process, endSelfTest) : undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  if (process.platform === "darwin") app.dock?.hide(); // a menu-bar app: no dock icon
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      if (selfTestHome) return endSelfTest({ ok: false, step: "start-up", reason: oneLine(error) });
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      dialog.showErrorBox("SSO Tray could not start", message);
      app.exit(1);
    });
}

/**
 * The `ssotray` executable the app carries (electron-builder.yml extraResources), or in a
 * development build the one `npm run package:cli` made, where it did.
 */
function cliExecutable(): string | undefined {
  const name = process.platform === "win32" ? "ssotray.exe" : "ssotray";
  const file = app.isPackaged
    ? path.join(process.resourcesPath, "cli", name)
    : path.join(__dirname, "..", "release", "cli", name);
  return existsSync(file) ? file : undefined;
}

async function start(): Promise<void> {
  applySecurityRestrictions();
  applyApplicationMenu();
  serveRenderer(path.join(__dirname, "..", "dist", "renderer"));
  const platform = createElectronPlatform();
  const popup = new PopupWindow(
    pageUrl,
    path.join(__dirname, "preload.js"),
    normalWindow,
    !app.isPackaged,
  );
  const updates: AppUpdates = new AppUpdates({
    packaged: app.isPackaged,
    currentVersion: app.getVersion(),
    signInsUnderWay: (): string[] => service.signInsUnderWay(),
    onReady: (update) => {
      send("updateReady", update);
      platform.notify({
        title: `SSO Tray ${update.version} is ready`,
        body: "Choose Restart to update in the tray menu or the window.",
      });
      refreshTrayQuietly();
    },
    say: ({ level, text }) => {
      platform.notify({ title: "SSO Tray", body: text });
      send("notice", { level, message: text });
    },
    log: (message) => console.log(message),
  });
  const service = new AppService({
    env,
    locations,
    platform,
    appInfo: {
      version: app.getVersion(),
      platform: process.platform as "darwin" | "win32" | "linux",
    },
    windowControl: popup,
    cliTool: { executable: cliExecutable() },
    updates,
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
  /** Said where the user looks: a notification, and the notice bar when the popup opens. */
  const report = (message: string) => {
    platform.notify({ title: "SSO Tray", body: message });
    send("notice", { level: "warning", message });
  };

  const tray = new TrayService(
    path.join(resources, "build", "tray"),
    (action) => void onTrayAction(action),
  );
  const accountNames = new Map<string, string>();
  let quitting = false;
  let clipboardHandled = false;
  const refreshTray = async (): Promise<AppState> => {
    const state = await service.getState();
    if (quitting) return state;
    for (const list of state.accounts)
      for (const a of list.accounts)
        accountNames.set(`${list.session}\u0000${a.accountId}`, a.accountName);
    const cliTool = await service.cliToolStatus().catch(() => undefined);
    tray.update(state.sessions, state.settings, accountNames, cliTool, {
      ...(updates.readyVersion ? { readyVersion: updates.readyVersion } : {}),
    });
    return state;
  };
  const refreshTrayQuietly = () =>
    void refreshTray().catch((error: unknown) => console.error("Tray refresh failed:", error));

  const shortcut = new GlobalShortcutBinding(
    globalShortcut,
    () => {
      popup.show(tray.tray);
      send("focusSearch", null);
    },
    report,
  );
  const startAtLogin = new StartAtLogin(locations.autostartEntry, report);
  const applySettings = (settings: Settings) => {
    // These are the user's, not the data folder's: a self-test beside the running app would take
    // its shortcut away and on macOS and Windows turn its login item off (and it checks for no
    // update: see updates.start below).
    if (selfTestHome) return;
    shortcut.apply(settings.globalShortcut);
    void startAtLogin.apply(settings.startAtLogin);
    updates.setEnabled(settings.checkForUpdates);
  };

  const unsubscribe = service.onAny((name, payload) => {
    send(name, payload);
    if (name === "settings") applySettings(payload as Events["settings"]);
    if (
      name === "sessions" ||
      name === "settings" ||
      (name === "accounts" && (payload as Events["accounts"]).complete)
    )
      refreshTrayQuietly();
  });
  // Time left in the tooltip and menu moves on even when nothing else changes.
  const clock = setInterval(refreshTrayQuietly, 60_000);
  clock.unref();

  async function onTrayAction(action: TrayAction): Promise<void> {
    try {
      switch (action.kind) {
        case "open":
          popup.show(tray.tray);
          return;
        case "quit":
          app.quit();
          return;
        case "sign-in":
          popup.show(tray.tray);
          await service.signIn({ session: action.session, method: "browser" });
          return;
        case "sign-out":
          await service.signOut({ session: action.session });
          return;
        case "open-console":
          await service.openConsole({ role: action.role });
          return;
        case "copy-credentials":
          await service.copyCredentials({ role: action.role, format: "bash" });
          return;
        case "copy-console-link":
          await service.copyConsoleLink({ role: action.role });
          return;
        case "copy-exec-line":
          await service.copyExecLine({ role: action.role });
          return;
        case "install-cli-tool": {
          const status = await service.installCliTool();
          platform.notify({ title: "SSO Tray", body: cliToolInstalledText(status) });
          refreshTrayQuietly();
          return;
        }
        case "remove-cli-tool": {
          const status = await service.removeCliTool();
          platform.notify({ title: "SSO Tray", body: `Removed the ssotray link ${status.link}.` });
          refreshTrayQuietly();
          return;
        }
        case "check-for-updates":
          await updates.check("manual");
          refreshTrayQuietly();
          return;
        case "install-update":
          await updates.install();
          return;
      }
    } catch (error) {
      platform.notify({
        title: "SSO Tray",
        body: error instanceof Error ? error.message : String(error),
      });
    }
  }

  app.on("second-instance", () => popup.show(tray.tray));
  app.on("window-all-closed", () => undefined); // the tray keeps running
  const stopListening = () => {
    if (quitting) return;
    quitting = true;
    clearInterval(clock);
    updates.stop();
    unsubscribe();
  };
  const shutDown = () => {
    globalShortcut.unregisterAll();
    service.dispose();
    tray.destroy();
  };
  app.on("before-quit", (event) => {
    // However the quit began (the tray, Cmd+Q, SIGTERM, logout), the window must now close.
    popup.allowClose();
    stopListening();
    // A secret we copied leaves with us. Wait for the asynchronous clipboard only then, and
    // briefly: holding every quit would also hold a logout or shutdown.
    if (clipboardHandled || !service.holdsCopiedSecret()) return;
    clipboardHandled = true;
    event.preventDefault();
    const deadline = new Promise<void>((resolve) =>
      setTimeout(resolve, CLIPBOARD_CLEAR_DEADLINE_MS),
    );
    void Promise.race([service.clearCopiedSecret().catch(() => undefined), deadline]).then(() =>
      app.quit(),
    );
  });
  app.on("will-quit", shutDown);

  applySettings((await refreshTray()).settings);
  // A self-test asks GitHub for no update.
  if (!selfTestHome) updates.start();
  if (normalWindow) popup.show();
  if (selfTestHome) {
    const outcome = await runSelfTest(
      selfTestSteps(
        shellProbe(tray.tray, popup.window, popup.loaded, pageUrl),
        selfTestTarget(process.env),
      ),
    );
    // app.exit skips before-quit and will-quit: what they would do is done here.
    stopListening();
    shutDown();
    endSelfTest(outcome);
  }
}

/**
 * Says the self-test's one line and exits with its status: app.exit, because app.quit always
 * exits 0. The lock goes first, then the throwaway home that held it.
 */
let selfTestEnded = false;
function endSelfTest(outcome: SelfTestOutcome): void {
  if (selfTestEnded) return;
  selfTestEnded = true;
  stopFailingOnUncaught?.();
  app.releaseSingleInstanceLock();
  if (selfTestHome) removeThrowawayHome(selfTestHome);
  (outcome.ok ? process.stdout : process.stderr).write(outcomeLine(outcome));
  app.exit(outcomeExitCode(outcome));
}
