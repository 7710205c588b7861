// `node scripts/self-test-packaged.mjs`: starts the app that `electron-builder --dir` left in
// release/ with `--self-test`, against a simulator of its own, and ends with the app's exit status.
// The app creates its tray and window, loads the renderer and calls the simulator through the real
// IPC; it exits 0, or non-zero naming what failed. CI runs this on Linux (under xvfb-run when
// there is no display), macOS and Windows after packaging.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** electron-builder.yml's productName, and the Linux executable electron-builder derives from package.json's name. */
export const PRODUCT_NAME = "SSO Tray";
export const LINUX_EXECUTABLE = "sso-tray";

const SIMULATOR_DEADLINE_MS = 60_000;
const SELF_TEST_DEADLINE_MS = 180_000;

/**
 * Where `electron-builder --dir` puts the app's executable for a platform and architecture,
 * relative to its output folder: x64, its default, has no suffix (release/linux-unpacked,
 * release/mac), any other architecture does (release/linux-arm64-unpacked, release/mac-arm64).
 * @param {string} platform process.platform's value
 * @param {string} arch process.arch's value
 */
export function packagedAppPath(platform, arch) {
  const suffix = arch === "x64" ? "" : `-${arch}`;
  switch (platform) {
    case "linux":
      return path.join(`linux${suffix}-unpacked`, LINUX_EXECUTABLE);
    case "darwin":
      return path.join(`mac${suffix}`, `${PRODUCT_NAME}.app`, "Contents", "MacOS", PRODUCT_NAME);
    case "win32":
      return path.join(`win${suffix}-unpacked`, `${PRODUCT_NAME}.exe`);
    default:
      throw new Error(
        `electron-builder does not package for ${platform}: run this on Linux, macOS or Windows`,
      );
  }
}

/**
 * The packaged app's executable in `releaseDir`, or an error naming where it was looked for and
 * what the folder holds instead.
 */
export function findPackagedApp(
  /** @type {string} */ releaseDir,
  platform = process.platform,
  arch = process.arch,
) {
  const executable = path.join(releaseDir, packagedAppPath(platform, arch));
  if (existsSync(executable)) return executable;
  const found = existsSync(releaseDir)
    ? readdirSync(releaseDir).sort().join(", ") || "nothing"
    : "no such folder";
  throw new Error(
    `No packaged app at ${executable} (${releaseDir} holds: ${found}). ` +
      "Build it first: npm run build && npx electron-builder --dir --publish never",
  );
}

/**
 * What `npm run simulator` printed once it is ready: its start URL, region and the variables it
 * asks a shell to export (its endpoints and a throwaway HOME); undefined until all are there.
 * @param {string} output
 * @returns {{ startUrl: string, region: string, env: Record<string, string> } | undefined}
 */
export function simulatorSession(output) {
  const start = /^start URL: (\S+)\s+region: (\S+)$/m.exec(output);
  const exports = /^export (.+)$/m.exec(output);
  if (!start || !exports) return undefined;
  /** @type {Record<string, string>} */
  const env = {};
  for (const pair of exports[1].trim().split(" ")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.+)$/.exec(pair);
    // A value with a space (a temporary folder under a user name with one) cannot be told apart.
    if (!match)
      throw new Error(`The simulator's export line has a part that is not NAME=value: '${pair}'`);
    env[match[1]] = match[2];
  }
  for (const name of ["HOME", "SSOTRAY_HOME", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC"])
    if (!env[name]) throw new Error(`The simulator did not print ${name} in its export line`);
  return { startUrl: start[1], region: start[2], env };
}

/**
 * The command that starts the app: as root on Linux Chromium's sandbox refuses to start without
 * --no-sandbox, and with no display there it runs under xvfb-run.
 * @param {string} executable
 * @param {{ platform?: string, uid?: number, display?: string }} [host]
 * @returns {[string, string[]]}
 */
export function selfTestCommand(executable, host = {}) {
  const args = ["--self-test"];
  if (host.platform !== "linux") return [executable, args];
  if (host.uid === 0) args.push("--no-sandbox");
  return host.display
    ? [executable, args]
    : ["xvfb-run", ["--auto-servernum", executable, ...args]];
}

/** Starts the simulator CLI and resolves once it has printed its session. */
function startSimulator() {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "simulator/cli.ts",
      "--port",
      "0",
      "--accounts",
      "5",
      "--device-approval",
      "after-polls:1",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(
          `The simulator did not start within ${SIMULATOR_DEADLINE_MS / 1000} s; it printed: ${output || "nothing"}`,
        ),
      );
    }, SIMULATOR_DEADLINE_MS);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (/** @type {string} */ chunk) => {
      output += chunk;
      try {
        const session = simulatorSession(output);
        if (!session) return;
        clearTimeout(timer);
        resolve({ child, session });
      } catch (error) {
        clearTimeout(timer);
        child.kill();
        reject(error);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The simulator exited (${code}) before it was ready; it printed: ${output || "nothing"}`,
        ),
      );
    });
  });
}

/** Runs the app's self-test; resolves with its exit status, or a reason when it never finished. */
function runSelfTest(/** @type {string} */ executable, /** @type {Record<string, string>} */ env) {
  const [command, args] = selfTestCommand(executable, {
    platform: process.platform,
    uid: process.getuid?.(),
    display: process.env.DISPLAY,
  });
  if (command === "xvfb-run" && spawnSync("xvfb-run", ["--help"]).error)
    return Promise.resolve({
      code: 1,
      reason: "there is no display and no xvfb-run: install xvfb (apt-get install xvfb)",
    });
  console.log(`Starting ${[command, ...args].join(" ")}`);
  // Piped, not inherited: a Windows GUI executable writes nowhere a console would show otherwise.
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({ code: 1, reason: `it did not exit within ${SELF_TEST_DEADLINE_MS / 1000} s` });
    }, SELF_TEST_DEADLINE_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 1, reason: `it could not be started: ${error.message}` });
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(
        code === 0
          ? { code: 0 }
          : {
              code: code || 1,
              reason: `it ended with ${signal ?? `exit status ${code}`} (its own message is above)`,
            },
      );
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let executable;
  try {
    // `--release DIR`: another output folder than release/ (the tests' stand-in app).
    const at = process.argv.indexOf("--release");
    const releaseDir =
      at > 0 && process.argv[at + 1]
        ? path.resolve(process.argv[at + 1])
        : path.join(root, "release");
    executable = findPackagedApp(releaseDir);
  } catch (error) {
    console.error(`self-test: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  /** @type {{ child: import("node:child_process").ChildProcess, session: NonNullable<ReturnType<typeof simulatorSession>> }} */
  let simulator;
  try {
    simulator = /** @type {typeof simulator} */ (await startSimulator());
  } catch (error) {
    console.error(`self-test: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { session } = simulator;
  const result = await runSelfTest(executable, {
    ...session.env,
    SSOTRAY_SELF_TEST_START_URL: session.startUrl,
    SSOTRAY_SELF_TEST_REGION: session.region,
  });
  simulator.child.kill("SIGTERM");
  // The simulator removes its HOME when it stops; on Windows it is ended without that chance.
  const home = session.env.HOME;
  if (
    home &&
    path.dirname(home) === os.tmpdir() &&
    path.basename(home).startsWith("ssotray-sim-home-")
  )
    rmSync(home, { recursive: true, force: true });
  if (result.code === 0) console.log(`self-test: the packaged app at ${executable} passed`);
  else console.error(`self-test: the packaged app at ${executable} failed: ${result.reason}`);
  process.exit(result.code);
}
