// Bundles the `ssotray` command into dist-cli/: ESM for Node. The entry, ssotray.mjs, is one
// file that holds the credential-process fast path and imports only Node built-ins, so that the
// cached answer loads two ES modules (bin/ssotray.mjs and it) rather than an entry and the chunks
// it shares: each module costs its own resolve, read and compile on a path that should cost no
// more than Node's start. Everything else, commander and the AWS SDK included, is program.mjs,
// split into chunks loaded on demand (see cli/main.ts). The few small core modules the fast path
// uses are in both; none of them keeps state.
import { build } from "esbuild";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const defaultOutdir = path.join(root, "dist-cli");

/**
 * cli/main.ts's `import("./program.js")` and `import("./completion/values.js")`: program.mjs and
 * complete.mjs beside it, built on their own; bundled into the entry, their imports (node:crypto
 * among them) would load with every cached answer.
 */
const besideEntry = { "./program.js": "./program.mjs", "./completion/values.js": "./complete.mjs" };
const programBesideEntry = {
  name: "program-beside-entry",
  setup(build) {
    build.onResolve({ filter: /^\.\/(program|completion\/values)\.js$/ }, (args) =>
      args.importer.endsWith(path.join("cli", "main.ts"))
        ? { path: besideEntry[args.path], external: true }
        : undefined,
    );
  },
};

/** `outdir`: elsewhere than dist-cli/, for a test that must not race another one rebuilding it. */
export async function buildCli({ quiet = false, outdir = defaultOutdir } = {}) {
  await rm(outdir, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    sourcemap: false,
    legalComments: "none",
    metafile: true,
    logLevel: quiet ? "error" : "warning",
    // Bundled CommonJS packages (proper-lockfile and what it loads) call require() for Node
    // built-ins and may read __filename; ESM has neither, so each chunk gets its own. Built-ins
    // come from process.getBuiltinModule, and node:module's createRequire only for anything
    // else: the entry runs this banner too, and loading node:module there pulls in some twenty
    // internal modules (fs/promises, readline, file watchers). Node's ES-module loader has
    // already loaded node:url.
    banner: {
      js: [
        'import { fileURLToPath as __ssotrayFileURLToPath } from "node:url";',
        "const require = (id) => process.getBuiltinModule(id) ??",
        'process.getBuiltinModule("node:module").createRequire(import.meta.url)(id);',
        "const __filename = __ssotrayFileURLToPath(import.meta.url);",
      ].join(" "),
    },
  };
  const program = await build({
    ...common,
    entryPoints: { program: "cli/program.ts", complete: "cli/completion/values.ts" },
    chunkNames: "chunks/[name]-[hash]",
    splitting: true,
  });
  const entry = await build({
    ...common,
    entryPoints: { ssotray: "cli/main.ts" },
    plugins: [programBesideEntry],
  });
  return {
    ...entry,
    errors: [...program.errors, ...entry.errors],
    warnings: [...program.warnings, ...entry.warnings],
    metafile: {
      inputs: { ...program.metafile.inputs, ...entry.metafile.inputs },
      outputs: { ...program.metafile.outputs, ...entry.metafile.outputs },
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildCli();
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".mjs"));
  for (const [file, info] of outputs) {
    console.log(
      `${path.relative(root, path.join(root, file)).padEnd(48)} ${(info.bytes / 1024).toFixed(1)} KiB`,
    );
  }
}
