// One headless Chromium per spec file: Debian's build at /usr/bin/chromium, never a downloaded one.
// It runs with a HOME and XDG folders of its own (Chromium writes ~/.config/chromium, ~/.cache and
// dconf's ~/.cache/dconf even with a separate profile), removed when it closes.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-chromium-home-"));
  const folder = (name: string) => {
    const dir = path.join(home, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: folder(".config"),
    XDG_CACHE_HOME: folder(".cache"),
    XDG_DATA_HOME: folder(".local/share"),
    XDG_RUNTIME_DIR: folder("run"),
    TMPDIR: os.tmpdir(),
  };
  for (const name of ["DISPLAY", "LANG", "TZ"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      env,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    browser.on("disconnected", () => rmSync(home, { recursive: true, force: true }));
    return browser;
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}
