// Where SSO Tray keeps its own files. The app and the CLI resolve the same folder, so an account
// list cached by one is shown at once by the other.
import os from "node:os";
import path from "node:path";

export type Env = Record<string, string | undefined>;

function home(env: Env): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

/** SSOTRAY_HOME wins; otherwise the platform's usual place for per-user application data. */
export function dataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.SSOTRAY_HOME) return path.resolve(env.SSOTRAY_HOME);
  if (platform === "darwin")
    return path.join(home(env), "Library", "Application Support", "SSO Tray");
  if (platform === "win32") {
    const appData = env.APPDATA || path.win32.join(home(env), "AppData", "Roaming");
    return path.win32.join(appData, "SSO Tray");
  }
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home(env), ".config");
  return path.join(base, "ssotray");
}

export function cacheDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const join = platform === "win32" && !env.SSOTRAY_HOME ? path.win32.join : path.join;
  return join(dataDir(env, platform), "cache");
}
