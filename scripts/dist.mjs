// `npm run dist` (after the build): electron-builder with electron-builder.yml. It downloads
// Electron and its own tools (NSIS, AppImage, fpm) on the first build; offline that used to end,
// after a minute of retries, in a stack trace. Here, a download that cannot start is found before
// electron-builder runs, and one that fails on the way ends in a few lines with the reason, the
// mirror and proxy variables, and no stack. Any other failure is electron-builder's to tell.
import { spawn } from "node:child_process";
import { lookup } from "node:dns/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** How long the look-up of the download host may take before it counts as unreachable. */
const LOOKUP_DEADLINE_MS = 5_000;
const DEFAULT_ELECTRON_HOST = "github.com";
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

const NETWORK_ERROR =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ENETUNREACH|EHOSTUNREACH|EPROTO|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED)\b|fetch failed|socket hang up|getaddrinfo|Client network socket disconnected/;

/** A proxy URL as it may be shown: its host, never a user name or password in it. */
export function shownProxy(/** @type {string | undefined} */ value) {
  if (!value) return "unset";
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "set, but not a URL";
  }
}

/**
 * What electron-builder was downloading when it failed for a network reason, and the reason;
 * undefined when its failure was anything else. `output`: everything it printed.
 * @returns {{ reason: string, downloading: string } | undefined}
 */
export function networkFailure(/** @type {string} */ output) {
  const lines = output.split(/\r?\n/);
  const errorAt = lines.findIndex((line) => /^\s*⨯ /.test(line));
  // From electron-builder's error line on (its stack follows it); without one, all of it.
  const told = errorAt === -1 ? lines : lines.slice(errorAt);
  if (!NETWORK_ERROR.test(told.join("\n"))) return undefined;
  const failure =
    errorAt === -1 ? (told.findLast((line) => NETWORK_ERROR.test(line)) ?? "") : told[0];
  // electron-builder's line: "⨯ <message>  failedTask=build stackTrace=<first line of the stack>"
  const reason = failure
    .replace(/^\s*⨯\s*/, "")
    .replace(/\s+(failedTask|stackTrace)=.*$/, "")
    .trim()
    .slice(0, 300);
  return {
    reason,
    downloading: whatWasDownloading(errorAt === -1 ? lines : lines.slice(0, errorAt)),
  };
}

function whatWasDownloading(/** @type {string[]} */ before) {
  const download = before.findLast((line) => /•\s+downloading\b/.test(line));
  const named = download && /\b(?:url|label)=(\S+)/.exec(download)?.[1];
  if (named) return named.split("/").pop() ?? named;
  const step = before.findLast((line) => /^\s*•\s/.test(line));
  const packaging =
    step && /•\s+packaging\b.*\bplatform=(\S+).*\barch=(\S+).*\belectron=(\S+)/.exec(step);
  if (packaging) return `Electron ${packaging[3]} for ${packaging[1]}-${packaging[2]}`;
  return "Electron or one of its tools (NSIS, AppImage, fpm)";
}

/** The few lines `npm run dist` prints instead of a stack when a download failed. */
export function downloadFailed(
  /** @type {{ reason: string, downloading: string }} */ failure,
  env = process.env,
) {
  const proxy = PROXY_VARIABLES.map((name) => env[name]).find((value) => value);
  const electronMirror = env.ELECTRON_MIRROR || "GitHub's releases";
  const toolsMirror = env.ELECTRON_BUILDER_BINARIES_MIRROR || "GitHub's releases";
  return `SSO Tray's installers were not built: electron-builder could not download ${failure.downloading}.
  It said: ${failure.reason}
  Electron comes from ELECTRON_MIRROR (now: ${electronMirror}); the tools that build the
  installers (NSIS, AppImage, fpm) from ELECTRON_BUILDER_BINARIES_MIRROR (now: ${toolsMirror}).
  Behind a firewall, set them to mirrors your network allows (e.g. https://npmmirror.com/mirrors/electron/
  and https://npmmirror.com/mirrors/electron-builder-binaries/); behind a proxy, set HTTPS_PROXY
  (now: ${shownProxy(proxy)}). Both downloads are cached: later builds need no network.
To try again:  npm run dist
`;
}

/** The folders @electron/get and electron-builder keep downloads in, on this platform. */
function cacheRoots(env = process.env) {
  // os.homedir() is HOME outside Windows; read from `env`, so the caches of the env given.
  const home = (process.platform !== "win32" && env.HOME) || os.homedir();
  const local = env.LOCALAPPDATA || path.join(home, "AppData", "Local");
  const xdg = env.XDG_CACHE_HOME || path.join(home, ".cache");
  const byPlatform = {
    darwin: [
      path.join(home, "Library", "Caches", "electron"),
      path.join(home, "Library", "Caches", "electron-builder"),
    ],
    win32: [path.join(local, "electron", "Cache"), path.join(local, "electron-builder", "Cache")],
  };
  return [
    env.ELECTRON_CACHE,
    env.ELECTRON_BUILDER_CACHE,
    ...(byPlatform[/** @type {"darwin" | "win32"} */ (process.platform)] ?? [
      path.join(xdg, "electron"),
      path.join(xdg, "electron-builder"),
    ]),
  ].filter((dir) => dir !== undefined && dir !== "");
}

/** Whether a zip of this Electron version is in a download cache (found a few folders down). */
export function electronZipCached(/** @type {string} */ version, env = process.env) {
  const name = new RegExp(`^electron-v${version.replaceAll(".", "\\.")}-.+\\.zip$`);
  const search = (/** @type {string} */ dir, /** @type {number} */ depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    return entries.some((entry) =>
      entry.isDirectory()
        ? depth > 0 && search(path.join(dir, entry.name), depth - 1)
        : name.test(entry.name),
    );
  };
  return cacheRoots(env).some((dir) => search(dir, 3));
}

/**
 * Before a minute of electron-builder's retries: when Electron is not cached and no proxy is
 * set, the host it comes from must at least resolve. A failure to say, or undefined.
 */
export async function preflight(env = process.env, electronVersion = installedElectronVersion()) {
  if (PROXY_VARIABLES.some((name) => env[name])) return undefined;
  if (electronVersion && electronZipCached(electronVersion, env)) return undefined;
  let host = DEFAULT_ELECTRON_HOST;
  if (env.ELECTRON_MIRROR) {
    try {
      host = new URL(env.ELECTRON_MIRROR).hostname;
    } catch {
      return {
        reason: `ELECTRON_MIRROR is not a URL (got '${env.ELECTRON_MIRROR}')`,
        downloading: `Electron ${electronVersion ?? ""}`.trim(),
      };
    }
  }
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`looking up ${host} took over ${LOOKUP_DEADLINE_MS / 1000} s`)),
      LOOKUP_DEADLINE_MS,
    );
  });
  try {
    await Promise.race([lookup(host), deadline]);
    return undefined;
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error).code;
    return {
      reason: code ? `getaddrinfo ${code} ${host}` : /** @type {Error} */ (error).message,
      downloading: `Electron ${electronVersion ?? ""}`.trim(),
    };
  } finally {
    clearTimeout(timer);
  }
}

function installedElectronVersion() {
  try {
    const manifest = path.join(root, "node_modules", "electron", "package.json");
    return /** @type {{ version: string }} */ (JSON.parse(readFileSync(manifest, "utf8"))).version;
  } catch {
    return undefined;
  }
}

/**
 * Runs electron-builder with `args`, passing its output through as it comes until its error
 * marker (⨯); from there it is held, to be printed as it was unless it is a download failure.
 * @returns {Promise<number>} the exit status
 */
export function runElectronBuilder(/** @type {string[]} */ args, env = process.env) {
  const cli = path.join(root, "node_modules", "electron-builder", "cli.js");
  if (!existsSync(cli)) {
    process.stderr.write("electron-builder is not installed: run npm install first\n");
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, "--config", "electron-builder.yml", ...args], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let all = "";
    /** @type {Array<[NodeJS.WriteStream, string]>} */
    const held = [];
    let holding = false;
    for (const [from, to] of /** @type {const} */ ([
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ])) {
      from.setEncoding("utf8");
      let partial = "";
      from.on("data", (/** @type {string} */ chunk) => {
        all += chunk;
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          if (/^\s*⨯ /.test(line)) holding = true;
          if (holding) held.push([to, `${line}\n`]);
          else to.write(`${line}\n`);
        }
      });
      from.on("end", () => {
        if (partial) held.push([to, partial]);
      });
    }
    child.on("error", (error) => {
      process.stderr.write(`electron-builder could not be started: ${error.message}\n`);
      resolve(1);
    });
    child.on("close", (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      const failure = status === 0 ? undefined : networkFailure(all);
      if (failure) process.stderr.write(downloadFailed(failure, env));
      else for (const [to, text] of held) to.write(text);
      resolve(status);
    });
  });
}

// `dist.mjs --preflight` runs before the build (package.json), so an offline machine hears it at
// once; `dist.mjs [electron-builder options]` runs electron-builder after it.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--preflight") {
    const early = await preflight();
    if (early) process.stderr.write(downloadFailed(early));
    process.exit(early ? 1 : 0);
  }
  process.exit(await runElectronBuilder(process.argv.slice(2)));
}
