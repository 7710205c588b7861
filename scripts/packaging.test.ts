// `electron-builder --dir` with a stand-in Electron distribution (its `electronDist` option): a
// shell script where Electron's binary would be. It checks what this machine can: app.asar holds
// main, preload and the renderer and nothing of node_modules (all three are bundles), and the
// resources hold the command-line executable and the tray icons. Fuses are left out: flipping
// them needs a real Electron binary, as does signing (docs/contributing.md, "Packaging").
import { execFile } from "node:child_process";
import {
  accessSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { listPackage } from "@electron/asar";
import { build, Platform } from "electron-builder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildElectron } from "./build-electron.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(path.join(root, "node_modules", "electron", "package.json"), "utf8")) as {
    version: string;
  }
).version;

let project: string;
let unpacked: string;
beforeAll(async () => {
  // A project of its own, so that no other test's build of dist-electron/ races this one.
  project = mkdtempSync(path.join(os.tmpdir(), "ssotray-packaging-"));
  // electron-builder.yml goes in as the config below only: found in the project too, its lists
  // would be taken twice.
  cpSync(path.join(root, "package.json"), path.join(project, "package.json"));
  cpSync(path.join(root, "build"), path.join(project, "build"), { recursive: true });
  await buildElectron(path.join(project, "dist-electron"));
  await run(
    path.join(root, "node_modules", ".bin", "vite"),
    [
      "build",
      "--logLevel",
      "error",
      "--outDir",
      path.join(project, "dist", "renderer"),
      "--emptyOutDir",
    ],
    { cwd: root },
  );
  await run(process.execPath, [
    path.join(root, "scripts", "package-cli.mjs"),
    path.join(project, "release", "cli"),
  ]);
  // What electron-builder copies from a distribution: the binary, its version and licences.
  const dist = path.join(project, "electron-dist");
  mkdirSync(path.join(dist, "resources"), { recursive: true });
  writeFileSync(path.join(dist, "electron"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  writeFileSync(path.join(dist, "version"), ELECTRON_VERSION);
  writeFileSync(path.join(dist, "LICENSE"), "");
  writeFileSync(path.join(dist, "LICENSES.chromium.html"), "");

  await build({
    projectDir: project,
    targets: Platform.LINUX.createTarget("dir"),
    config: {
      extends: path.join(root, "electron-builder.yml"),
      electronDist: dist,
      electronVersion: ELECTRON_VERSION,
      // Only a real Electron binary has the fuse sentinel to flip.
      electronFuses: null,
      directories: { output: path.join(project, "out"), buildResources: "build" },
    },
  });
  unpacked = path.join(project, "out", "linux-unpacked");
}, 300_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("the packaged app (electron-builder --dir, stand-in Electron)", () => {
  it("has app.asar with main, preload and the renderer, and nothing of node_modules", () => {
    const asar = path.join(unpacked, "resources", "app.asar");
    const entries = listPackage(asar, { isPack: false }).map((e) => e.replaceAll("\\", "/"));
    expect(entries).toEqual(
      expect.arrayContaining([
        "/dist-electron/main.js",
        "/dist-electron/preload.js",
        "/dist/renderer/index.html",
        "/package.json",
      ]),
    );
    expect(entries.some((e) => /^\/dist\/renderer\/assets\/.*\.js$/.test(e))).toBe(true);
    expect(entries.filter((e) => e.includes("node_modules"))).toEqual([]);
    const size = statSync(asar).size;
    console.log(`app.asar: ${(size / 1024 / 1024).toFixed(2)} MiB, ${entries.length} entries`);
    // ~3 MiB of bundles, of which ~0.6 MiB is the updater (electron-updater, js-yaml, sax,
    // fs-extra, semver), unminified like the rest.
    expect(size).toBeLessThan(4 * 1024 * 1024);
    const manifest = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as {
      main?: string;
    };
    expect(manifest.main).toBeUndefined();
  });

  it("names GitHub Releases as its update feed in resources/app-update.yml", () => {
    // What electron-updater reads in the installed app (electron/update/).
    const feed = readFileSync(path.join(unpacked, "resources", "app-update.yml"), "utf8");
    expect(feed).toMatch(/^owner: sso-tray$/m);
    expect(feed).toMatch(/^repo: sso-tray$/m);
    expect(feed).toMatch(/^provider: github$/m);
    expect(feed).toMatch(/^updaterCacheDirName: \S+$/m);
  });

  it("has the command-line executable and every tray icon in its resources", () => {
    const cli = path.join(unpacked, "resources", "cli", "ssotray");
    accessSync(cli, constants.X_OK);
    expect(statSync(cli).size).toBe(statSync(path.join(project, "release", "cli", "ssotray")).size);
    const icons = readdirSync(path.join(root, "build", "tray")).sort();
    expect(icons.length).toBeGreaterThan(0);
    expect(readdirSync(path.join(unpacked, "resources", "build", "tray")).sort()).toEqual(icons);
  });
});
