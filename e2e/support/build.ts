// Builds what the browser specs load, once per test process: the renderer exactly as
// `npm run build:renderer` does (into a temporary folder, so parallel spec files never race on
// dist/), and the bridge bundle injected in place of the Electron preload.
import { build as esbuild } from "esbuild";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));

let renderer: Promise<string> | undefined;
let bridge: Promise<string> | undefined;

/** The folder holding the built index.html and assets. */
export function builtRenderer(): Promise<string> {
  renderer ??= (async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), "ssotray-renderer-"));
    const { build } = await import("vite");
    // vitest sets NODE_ENV=test, which would give React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    await build({
      configFile: path.join(repo, "vite.config.ts"),
      logLevel: "warn",
      mode: "production",
      build: { outDir, emptyOutDir: true },
    }).finally(() => {
      process.env.NODE_ENV = nodeEnv;
    });
    return outDir;
  })();
  return renderer;
}

/** The bridge as one classic script for page.addInitScript. */
export function bridgeScript(): Promise<string> {
  bridge ??= esbuild({
    entryPoints: [path.join(repo, "e2e/support/browser-bridge.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome120",
    write: false,
    logLevel: "silent",
  }).then((result) => result.outputFiles[0]?.text ?? "");
  return bridge;
}
