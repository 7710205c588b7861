// The Platform port on Electron: clipboard, the user's browser (https only), notifications with
// a "Sign in" action, and safeStorage for the rare secret the app keeps itself.
import { clipboard, Notification, safeStorage, shell } from "electron";
import { assertHttpsUrl, realClock } from "../../core/platform/node-platform.js";
import type { Platform } from "../../core/platform/platform.js";
import { secretStorageStatus } from "./secret-storage-status.js";

/**
 * Notifications on screen. Electron holds a shown Notification only weakly: without a reference
 * of ours it can be garbage-collected, and its click and action handlers (the expiry warning's
 * "Sign in") with it.
 */
const shown = new Set<Notification>();
const MAX_SHOWN = 20;

export function createElectronPlatform(): Platform {
  return {
    clock: realClock,
    clipboard: {
      readText: () => clipboard.readText(),
      writeText: (text) => clipboard.writeText(text),
    },
    async openInBrowser(url) {
      // Checklist item "Do not use shell.openExternal with untrusted content".
      assertHttpsUrl(url);
      await shell.openExternal(url);
    },
    notify(request) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title: request.title,
        body: request.body,
        ...(request.actionLabel
          ? { actions: [{ type: "button" as const, text: request.actionLabel }] }
          : {}),
      });
      if (request.onAction) {
        notification.on("action", request.onAction);
        notification.on("click", request.onAction);
      }
      const forget = () => shown.delete(notification);
      notification.on("close", forget);
      notification.on("failed", forget);
      shown.add(notification);
      // Some desktops never report a close: keep the newest few, not every one ever shown.
      if (shown.size > MAX_SHOWN) shown.delete(shown.values().next().value!);
      notification.show();
    },
    secrets: {
      status: () =>
        secretStorageStatus(
          process.platform,
          safeStorage.isEncryptionAvailable(),
          process.platform === "linux" ? safeStorage.getSelectedStorageBackend() : undefined,
        ),
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (data) => safeStorage.decryptString(data),
    },
  };
}
