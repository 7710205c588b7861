// Every file and folder SSO Tray reads or writes, resolved once from the environment at the edge
// (the CLI's entry, the app's start, a test's fixture) and handed down, so that a rule such as
// "AWS_CONFIG_FILE wins over ~/.aws/config" lives here and nowhere else. The AWS files follow the
// variables the AWS CLI honours; our own folder follows each platform's convention, and the app and
// the CLI resolve the same one, so an account list cached by one is shown at once by the other.
import path from "node:path";

export type Env = Record<string, string | undefined>;

export interface Locations {
  /** The user's home folder: HOME, else USERPROFILE, else the OS's answer. */
  readonly home: string;
  /** AWS_CONFIG_FILE, else ~/.aws/config. */
  readonly awsConfig: string;
  /** AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
  readonly awsCredentials: string;
  /** The SSO token and client-registration cache the AWS CLI v2 and botocore share. */
  readonly ssoCache: string;
  /** The AWS CLI's cache of role credentials it got through SSO. */
  readonly awsCliCache: string;
  /** SSO Tray's own folder: SSOTRAY_HOME, else the platform's place for per-user app data. */
  readonly data: string;
  /** settings.json in the data folder. */
  readonly settings: string;
  /**
   * account-access.json beside it: each session's account access manager tenant. Apart from
   * settings.json because `ssotray login --tenant-id` writes it while the app may hold settings.
   */
  readonly accountAccessTenants: string;
  /** Sign-ins kept encrypted with the system keychain, one file each. */
  readonly keychainSignIns: string;
  /** Sign-ins held while the token cache could not take them. */
  readonly heldSignIns: string;
  /** Account lists and role credentials cached by SSO Tray. */
  readonly cache: string;
  /** Refresh failures every process reports until a new sign-in. */
  readonly signInFailures: string;
  /** The XDG autostart entry that starts the app at login on Linux. */
  readonly autostartEntry: string;
  /**
   * Where Install command line tool links `ssotray`: ~/.local/bin (Linux), /usr/local/bin
   * (macOS), a folder of ours that the user's PATH gets (Windows, a .cmd that runs it).
   */
  readonly cliLink: string;
}

function homeOf(env: Env): string {
  // node:os only when asked: `credential-process` resolves these on its cached path, where loading
  // the module costs more than the rest of its work (cli/fast-credential-process.ts).
  return env.HOME || env.USERPROFILE || process.getBuiltinModule("node:os").homedir();
}

function expandHome(file: string, home: string): string {
  return file === "~" || file.startsWith("~/") ? path.join(home, file.slice(1)) : file;
}

function dataFolder(env: Env, platform: NodeJS.Platform, home: string): string {
  if (env.SSOTRAY_HOME) return path.resolve(env.SSOTRAY_HOME);
  if (platform === "darwin") return path.join(home, "Library", "Application Support", "SSO Tray");
  if (platform === "win32") {
    const appData = env.APPDATA || path.win32.join(home, "AppData", "Roaming");
    return path.win32.join(appData, "SSO Tray");
  }
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, ".config");
  return path.join(base, "ssotray");
}

export function resolveLocations(
  env: Env,
  platform: NodeJS.Platform = process.platform,
): Locations {
  const home = homeOf(env);
  const data = dataFolder(env, platform, home);
  // Our folder under %APPDATA% takes Windows separators; SSOTRAY_HOME keeps the one it was given.
  const inData = platform === "win32" && !env.SSOTRAY_HOME ? path.win32.join : path.join;
  const cache = inData(data, "cache");
  return {
    home,
    awsConfig: env.AWS_CONFIG_FILE
      ? expandHome(env.AWS_CONFIG_FILE, home)
      : path.join(home, ".aws", "config"),
    awsCredentials: env.AWS_SHARED_CREDENTIALS_FILE
      ? expandHome(env.AWS_SHARED_CREDENTIALS_FILE, home)
      : path.join(home, ".aws", "credentials"),
    ssoCache: path.join(home, ".aws", "sso", "cache"),
    awsCliCache: path.join(home, ".aws", "cli", "cache"),
    data,
    settings: inData(data, "settings.json"),
    accountAccessTenants: inData(data, "account-access.json"),
    keychainSignIns: inData(data, "sign-ins"),
    heldSignIns: inData(data, "held-sign-ins"),
    cache,
    signInFailures: inData(cache, "sign-in-failures.json"),
    // The autostart spec reads XDG_CONFIG_HOME as it is given.
    autostartEntry: path.join(
      env.XDG_CONFIG_HOME || path.join(home, ".config"),
      "autostart",
      "sso-tray.desktop",
    ),
    cliLink:
      platform === "darwin"
        ? "/usr/local/bin/ssotray"
        : platform === "win32"
          ? path.win32.join(
              env.LOCALAPPDATA || path.win32.join(home, "AppData", "Local"),
              "ssotray",
              "bin",
              "ssotray.cmd",
            )
          : path.join(home, ".local", "bin", "ssotray"),
  };
}

/** A path as shown to a user: with ~ for the home folder. */
export function displayPath(file: string, locations: Pick<Locations, "home">): string {
  const home = locations.home;
  return file.startsWith(home + "/") ? `~${file.slice(home.length)}` : file;
}

/** A path from a config file, with a leading ~ meaning the home folder, as the AWS CLI reads it. */
export function expandHomePath(file: string, locations: Pick<Locations, "home">): string {
  return expandHome(file, locations.home);
}
