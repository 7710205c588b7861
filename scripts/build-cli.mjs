// Bundles the `ssotray` command into dist-cli/: ESM for Node, with code splitting so that the
// entry chunk holds only the credential-process fast path; commander and the AWS SDK sit in
// chunks that are loaded on demand (see cli/main.ts).
import { build } from "esbuild";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const defaultOutdir = path.join(root, "dist-cli");

/** `outdir`: elsewhere than dist-cli/, for a test that must not race another one rebuilding it. */
export async function buildCli({ quiet = false, outdir = defaultOutdir } = {}) {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { ssotray: "cli/main.ts" },
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: false,
    legalComments: "none",
    metafile: true,
    logLevel: quiet ? "error" : "warning",
    // Bundled CommonJS packages (proper-lockfile and what it loads) call require() for Node
    // built-ins and may read __filename; ESM has neither, so each chunk gets its own. Built-ins
    // come from process.getBuiltinModule, and node:module's createRequire only for anything
    // else: every chunk runs this banner, the credential-process fast path's too, and loading
    // node:module there pulls in some twenty internal modules (fs/promises, readline, watchers).
    // node:url is one Node's ES-module loader has already loaded.
    banner: {
      js: [
        'import { fileURLToPath as __ssotrayFileURLToPath } from "node:url";',
        "const require = (id) => process.getBuiltinModule(id) ??",
        'process.getBuiltinModule("node:module").createRequire(import.meta.url)(id);',
        "const __filename = __ssotrayFileURLToPath(import.meta.url);",
      ].join(" "),
    },
  });
  return result;
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
