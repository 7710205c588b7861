// Where Electron's binary is, and getting it when it is missing. Electron's npm package (from 45)
// downloads its binary on first use, not at install time: `require("electron")` runs the package's
// own install.js. We run that same installer ourselves, so that a failed download ends in a few
// lines saying what to do instead of a stack trace and advice to delete node_modules/electron.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const electronDir = path.join(root, "node_modules", "electron");

/** The binary's path, or undefined when it is not installed. Honours ELECTRON_OVERRIDE_DIST_PATH. */
export function electronBinary(env = process.env) {
  const pathFile = path.join(electronDir, "path.txt");
  const name = existsSync(pathFile) ? readFileSync(pathFile, "utf8").trim() : undefined;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, "dist");
  const binary = path.join(dist, name || "electron");
  return (name || env.ELECTRON_OVERRIDE_DIST_PATH) && existsSync(binary) ? binary : undefined;
}

/** How often a download in progress says it is still going, on a terminal. */
const HEARTBEAT_MS = 10_000;

/**
 * Runs Electron's installer (node_modules/electron/install.js) and resolves with the binary, or
 * with the installer's own reason when it failed (its stack frames left out, so that the reason
 * is said once, in the message); `timeoutMs` ends a download that stalls.
 * @param {{ env?: NodeJS.ProcessEnv, stderr?: NodeJS.WritableStream, timeoutMs?: number }} [options]
 * @returns {Promise<{ binary: string } | { reason: string }>}
 */
export function installElectron({ env = process.env, stderr = process.stderr, timeoutMs } = {}) {
  const installer = path.join(electronDir, "install.js");
  if (!existsSync(installer))
    return Promise.resolve({
      reason: "node_modules/electron/install.js is missing: run npm install first",
    });
  const tty = "isTTY" in stderr && stderr.isTTY === true;
  stderr.write(
    "Electron's binary is not installed yet: downloading it with Electron's own installer (first start only)…\n",
  );
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [installer], {
      cwd: electronDir,
      env,
      stdio: ["ignore", "inherit", "pipe"],
    });
    let output = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (/** @type {string} */ chunk) => (output += chunk));
    // The installer's own progress bar draws only on a terminal of its own, which a pipe is not.
    const heartbeat = tty
      ? setInterval(
          () =>
            stderr.write(`  …still downloading (${Math.round((Date.now() - started) / 1000)} s)\n`),
          HEARTBEAT_MS,
        )
      : undefined;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            output += `\nThe download did not finish within ${Math.round(timeoutMs / 1000)} s`;
            child.kill("SIGTERM");
          }, timeoutMs);
    const finish = (/** @type {string | undefined} */ failure) => {
      clearInterval(heartbeat);
      clearTimeout(timer);
      const binary = electronBinary(env);
      if (failure === undefined && binary) return resolve({ binary });
      resolve({ reason: failure ?? installerReason(output) });
    };
    child.on("error", (error) => finish(error.message));
    child.on("close", (code, signal) =>
      finish(
        code === 0 && electronBinary(env)
          ? undefined
          : installerReason(output) ||
              `the installer ended with ${signal ?? `exit status ${code}`} and left no binary`,
      ),
    );
  });
}

/** What the installer said went wrong: its last error line, without the stack frames. */
function installerReason(/** @type {string} */ output) {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("at "));
  return (lines.findLast((line) => /error|fail|did not/i.test(line)) ?? lines.at(-1) ?? "").slice(
    0,
    500,
  );
}

/** The binary, installing it first when it is missing; or the lines to print when that failed. */
export async function ensureElectron(options = {}) {
  const binary = electronBinary(options.env);
  if (binary) return { binary };
  const result = await installElectron(options);
  return "binary" in result ? result : { message: electronInstallFailed(result.reason) };
}

export function electronInstallFailed(/** @type {string} */ reason) {
  return `SSO Tray cannot start: Electron's installer could not download its binary.
  The installer said: ${reason}
To try again:  npm start   (or by hand: node node_modules/electron/install.js)
  Behind a firewall, set ELECTRON_MIRROR to a mirror your network allows
  (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/); behind a proxy, set
  HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1.
Meanwhile the command line works without it: \`npm run demo\` keeps a local simulator running
  and prints the ssotray command to try against it.
`;
}
