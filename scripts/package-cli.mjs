// `npm run package:cli`: the `ssotray` command as one executable, release/cli/ssotray
// (ssotray.exe on Windows), that runs with no Node.js and no node_modules. It is Node's own
// single executable application: the CLI bundled into one CommonJS file (an SEA runs exactly one
// script, and its require() reaches only Node's built-ins, so no lazily loaded chunks), prepared
// as a blob by `node --experimental-sea-config`, and injected into a copy of this Node's binary
// with postject. The startup code cache is built in, which keeps `credential-process` quick.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

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
 * Builds the executable; `outdir` elsewhere than release/cli/ for a test that must not race
 * another build. Resolves with the executable's path.
 */
export async function packageCli({
  outdir = path.join(root, "release", "cli"),
  quiet = false,
} = {}) {
  const work = path.join(outdir, ".sea");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const script = path.join(work, "ssotray.cjs");
  const program = path.join(work, "program.cjs");
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
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
  const blob = path.join(work, "ssotray.blob");
  const config = path.join(work, "sea-config.json");
  writeFileSync(
    config,
    JSON.stringify({
      main: script,
      output: blob,
      assets: { "program.cjs": program },
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
    }),
  );
  execFileSync(process.execPath, ["--experimental-sea-config", config], {
    stdio: quiet ? "ignore" : "inherit",
  });
  const executable = path.join(outdir, process.platform === "win32" ? "ssotray.exe" : "ssotray");
  rmSync(executable, { force: true });
  copyFileSync(process.execPath, executable);
  chmodSync(executable, 0o755);
  if (process.platform === "darwin")
    execFileSync("codesign", ["--remove-signature", executable], { stdio: "ignore" });
  const postject = createRequire(import.meta.url)("postject");
  await postject.inject(executable, "NODE_SEA_BLOB", readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    ...(process.platform === "darwin" ? { machoSegmentName: "NODE_SEA" } : {}),
  });
  // Ad hoc: macOS runs no unsigned binary on Apple silicon; a release signs it for real.
  if (process.platform === "darwin")
    execFileSync("codesign", ["--sign", "-", executable], { stdio: "ignore" });
  rmSync(work, { recursive: true, force: true });
  return executable;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // An output folder of its own may follow (tests build one beside their other files).
  const outdir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const executable = await packageCli(outdir ? { outdir } : {});
  console.log(
    `${path.relative(root, executable)}  ${(statSync(executable).size / 1024 / 1024).toFixed(1)} MiB`,
  );
}
