// Bundles the Electron main process and the preload into dist-electron/ as CommonJS (.js files,
// with a package.json saying so, because electronegativity reads only .js). The preload
// runs sandboxed, where only `electron` can be required, so everything else is bundled into it.
import { build } from "esbuild";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist-electron");

/** `into`: another folder for the bundles (tests stage an app layout of their own). */
export async function buildElectron(into = outdir) {
  await rm(into, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: "cjs",
    platform: "node",
    // ES2020 syntax: Electron runs it as well, and electronegativity's parser cannot read class
    // private fields, which it would otherwise meet in bundled dependencies.
    target: "es2020",
    external: ["electron"],
    outdir: into,
    legalComments: "none",
    logLevel: "warning",
  };
  await build({ ...common, entryPoints: { main: "electron/main.ts" } });
  await build({ ...common, entryPoints: { preload: "electron/preload.ts" } });
  // The project is ESM; these bundles are CommonJS, as Electron's main and sandboxed preload want.
  await writeFile(path.join(into, "package.json"), '{ "type": "commonjs" }\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
}
