// The updater as dist-electron/main.js carries it: bundled by esbuild with everything it loads
// (the app ships no node_modules), electron-updater's updater for this system picked by its own
// `autoUpdater` on first use. Built into a folder with no node_modules anywhere above it, then
// run against the local feed with the `electron` stand-in.
import { build } from "esbuild";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules, createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UpdateReady } from "../../shared/api.js";
import { electronForUpdater, installElectron } from "../../test-support/electron-for-updater.js";
import { UpdateFeed } from "../../test-support/update-feed.js";
import type { AppUpdates, AppUpdatesDeps } from "./app-updates.js";
import type { UpdateMessage } from "./update-policy.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
let feed: UpdateFeed;
let work: string;
let uninstall: () => void;
let resources: string;
type Bundled = new (deps: AppUpdatesDeps) => AppUpdates;

/** A fresh copy of the bundle: electron-updater picks its updater once per load. */
async function loadBundle(name: string): Promise<Bundled> {
  const file = path.join(work, `${name}.js`);
  await copyFile(path.join(work, "updates.js"), file);
  return (createRequire(file)(file) as { AppUpdates: Bundled }).AppUpdates;
}

function appUpdates(Updates: Bundled, readies: UpdateReady[], said: UpdateMessage[] = []) {
  return new Updates({
    packaged: true,
    currentVersion: "1.4.0",
    signInsUnderWay: () => [],
    onReady: (update) => readies.push(update),
    say: (message) => said.push(message),
    log: () => undefined,
  });
}

beforeAll(async () => {
  feed = await UpdateFeed.start();
  work = await mkdtemp(path.join(os.tmpdir(), "ssotray-updater-bundle-"));
  // The options scripts/build-electron.mjs bundles main.js with.
  await build({
    absWorkingDir: repo,
    entryPoints: { updates: "electron/update/app-updates.ts" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "es2020",
    external: ["electron"],
    outdir: work,
    logLevel: "error",
  });
  await writeFile(path.join(work, "package.json"), '{ "type": "commonjs" }\n');
  resources = path.join(work, "resources");
  await mkdir(resources);
  await writeFile(
    path.join(resources, "app-update.yml"),
    `provider: generic\nurl: ${feed.url}\nupdaterCacheDirName: sso-tray-updater\n`,
  );
  (process as { resourcesPath?: string }).resourcesPath = resources;
  const appImage = path.join(work, "SSO-Tray-running.AppImage");
  await writeFile(appImage, "the running AppImage\n");
  process.env.APPIMAGE = appImage;
  uninstall = installElectron(
    electronForUpdater({
      version: "1.4.0",
      isPackaged: true,
      paths: { userData: path.join(work, "userData") },
      appPath: path.join(work, "app.asar"),
    }),
  );
});
afterAll(async () => {
  uninstall?.();
  delete process.env.APPIMAGE;
  await feed?.close();
  await rm(work, { recursive: true, force: true });
});

describe.runIf(process.platform === "linux")("the bundled updater", () => {
  it("loads electron-updater from the bundle alone, downloads, verifies and announces a newer release", async () => {
    const readies: UpdateReady[] = [];
    const said: UpdateMessage[] = [];
    const updates = appUpdates(await loadBundle("appimage"), readies, said);
    feed.serve({ kind: "release", release: { version: "1.4.0" } });
    await updates.check("manual");
    expect(said).toEqual([{ level: "info", text: "SSO Tray 1.4.0 is up to date." }]);

    feed.serve({ kind: "release", release: { version: "1.5.0", notes: "New tray item" } });
    await updates.check("automatic");
    expect(readies).toMatchObject([{ version: "1.5.0", notes: "New tray item" }]);
    expect(feed.requests).toContain("/SSO-Tray-1.5.0.AppImage");
    expect(updates.readyVersion).toBe("1.5.0");
    // What ran was the bundle alone: it requires nothing but Node's own modules and electron.
    const text = await readFile(path.join(work, "updates.js"), "utf8");
    const required = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
    const outside = [...required].filter(
      (name) => name !== "electron" && !builtinModules.includes(name.replace(/^node:/, "")),
    );
    expect(outside).toEqual([]);
  });

  it("updates a deb install with the release's .deb (electron-builder marks it in resources/package-type)", async () => {
    await writeFile(path.join(resources, "package-type"), "deb");
    const readies: UpdateReady[] = [];
    const updates = appUpdates(await loadBundle("deb"), readies);
    feed.serve({ kind: "release", release: { version: "1.6.0" } });
    await updates.check("automatic");
    expect(readies.map((r) => r.version)).toEqual(["1.6.0"]);
    expect(feed.requests).toContain("/sso-tray_1.6.0_amd64.deb");
    expect(feed.requests).not.toContain("/SSO-Tray-1.6.0.AppImage");
  });
});
