// The Platform for the CLI and the tests: no desktop, so the clipboard is in memory (tests read
// it back), notifications are recorded, and nothing secret is ever stored by the app itself.
import { execFile } from "node:child_process";
import type {
  ClipboardPort,
  Clock,
  NotificationRequest,
  Platform,
  SecretStoragePort,
} from "./platform.js";

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

export class MemoryClipboard implements ClipboardPort {
  text = "";
  async readText(): Promise<string> {
    return this.text;
  }
  async writeText(text: string): Promise<void> {
    this.text = text;
  }
}

const noSecrets: SecretStoragePort = {
  status: () => "unavailable",
  encrypt: () => {
    throw new Error("This platform stores no secrets");
  },
  decrypt: () => {
    throw new Error("This platform stores no secrets");
  },
};

/** Only https pages go to a browser: never a file, a script or another app's URL scheme. */
export function assertHttpsUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Refusing to open '${url.slice(0, 100)}': it is not a web address`);
  }
  const loopbackHttp =
    parsed.protocol === "http:" &&
    (parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost");
  if (parsed.protocol !== "https:" && !loopbackHttp) {
    throw new Error(
      `Refusing to open '${url.slice(0, 100)}': only https addresses are opened in the browser`,
    );
  }
}

function systemOpen(url: string): Promise<void> {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["rundll32", ["url.dll,FileProtocolHandler", url]]
        : ["xdg-open", [url]];
  return new Promise((resolve, reject) =>
    execFile(command, args, (error) =>
      error
        ? reject(new Error(`Could not open the browser (${error.message}); open ${url} yourself`))
        : resolve(),
    ),
  );
}

export interface NodePlatform extends Platform {
  clipboard: MemoryClipboard;
  notifications: NotificationRequest[];
  opened: string[];
}

export function createNodePlatform(
  options: { clock?: Clock; open?: (url: string) => Promise<void> } = {},
): NodePlatform {
  const notifications: NotificationRequest[] = [];
  const opened: string[] = [];
  const open = options.open ?? systemOpen;
  return {
    clock: options.clock ?? realClock,
    clipboard: new MemoryClipboard(),
    notifications,
    opened,
    async openInBrowser(url) {
      assertHttpsUrl(url);
      opened.push(url);
      await open(url);
    },
    notify(request) {
      notifications.push(request);
    },
    secrets: noSecrets,
  };
}
