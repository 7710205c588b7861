// Where each platform installs the browsers a console can open in: names on PATH (Linux), app
// bundles in /Applications or ~/Applications (macOS), and the Program Files and per-user folders
// of their installers (Windows). Looked up only when a console is to open in a named browser.
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import type { BrowserName } from "../../shared/console-browser.js";

type Env = Record<string, string | undefined>;

export interface LocateOptions {
  platform: NodeJS.Platform;
  env: Env;
  /** Whether a file (an executable, or a macOS bundle folder) is there; tests pass their own. */
  exists?: (file: string) => boolean;
}

const LINUX_NAMES: Record<BrowserName, string[]> = {
  chrome: ["google-chrome", "google-chrome-stable"],
  chromium: ["chromium", "chromium-browser"],
  edge: ["microsoft-edge", "microsoft-edge-stable"],
  brave: ["brave-browser", "brave"],
  firefox: ["firefox", "firefox-esr"],
};

const MAC_BUNDLES: Record<BrowserName, string[]> = {
  chrome: ["Google Chrome.app"],
  chromium: ["Chromium.app"],
  edge: ["Microsoft Edge.app"],
  brave: ["Brave Browser.app"],
  firefox: ["Firefox.app"],
};

/** Relative to %ProgramFiles%, %ProgramFiles(x86)% and %LOCALAPPDATA% (per-user installs). */
const WINDOWS_PATHS: Record<BrowserName, string[]> = {
  chrome: ["Google\\Chrome\\Application\\chrome.exe"],
  chromium: ["Chromium\\Application\\chrome.exe"],
  edge: ["Microsoft\\Edge\\Application\\msedge.exe"],
  brave: ["BraveSoftware\\Brave-Browser\\Application\\brave.exe"],
  firefox: ["Mozilla Firefox\\firefox.exe"],
};

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile() || statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export interface BrowserLocation {
  /** An executable to run, or (macOS) an app bundle to hand to `open -na`. */
  path: string;
  kind: "executable" | "mac-bundle";
}

/** Every place looked in, in order: what the "not found" message lists. */
export function browserCandidates(browser: BrowserName, options: LocateOptions): string[] {
  const { env, platform } = options;
  if (platform === "darwin") {
    const roots = [
      "/Applications",
      ...(env.HOME ? [path.posix.join(env.HOME, "Applications")] : []),
    ];
    return roots.flatMap((root) => MAC_BUNDLES[browser].map((b) => path.posix.join(root, b)));
  }
  if (platform === "win32") {
    const roots = [env.ProgramFiles, env["ProgramFiles(x86)"], env.LOCALAPPDATA].filter(
      (r): r is string => Boolean(r),
    );
    return roots.flatMap((root) => WINDOWS_PATHS[browser].map((p) => path.win32.join(root, p)));
  }
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((d) => path.isAbsolute(d));
  return LINUX_NAMES[browser].flatMap((name) => dirs.map((dir) => path.posix.join(dir, name)));
}

export class BrowserNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrowserNotFoundError";
  }
}

const WHERE: Record<string, string> = {
  darwin: "in /Applications or ~/Applications",
  win32: "in Program Files or your user's AppData\\Local",
};

export function locateBrowser(
  browser: BrowserName,
  label: string,
  options: LocateOptions,
): BrowserLocation {
  const exists = options.exists ?? isExecutable;
  const found = browserCandidates(browser, options).find((file) => exists(file));
  if (found)
    return { path: found, kind: options.platform === "darwin" ? "mac-bundle" : "executable" };
  const where =
    WHERE[options.platform] ?? `on your PATH (looked for ${LINUX_NAMES[browser].join(", ")})`;
  throw new BrowserNotFoundError(
    `${label} is not installed where SSO Tray looks for it (${where}).`,
  );
}
