// electron-updater's own code (feed parsing, version comparison, download and sha512 check)
// against a local feed, through UpdateService, as the app runs it on Linux, macOS and Windows:
// the feed names differ by platform (latest-linux.yml, latest-mac.yml, latest.yml), and so do
// the files. `electron` is a stand-in that follows Electron's documented API.
import { mkdir, mkdtemp, readFile, readdir, stat, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type * as ElectronUpdater from "electron-updater";
import type { AppUpdater } from "electron-updater";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { UpdateReady } from "../../shared/api.js";
import {
  electronForUpdater,
  installElectron,
  type ElectronStandIn,
} from "../../test-support/electron-for-updater.js";
import { UpdateFeed, releaseFiles } from "../../test-support/update-feed.js";
import { UpdateService } from "./update-service.js";
import { outcomeMessage } from "./update-policy.js";

const CURRENT = "1.4.0";
const CACHE_NAME = "sso-tray-updater";
type Updaters = typeof ElectronUpdater;

const PLATFORMS = [
  {
    platform: "linux",
    feed: "latest-linux.yml",
    make: (m: Updaters) => new m.AppImageUpdater(),
    file: (v: string) => releaseFiles(v)["latest-linux.yml"]![0]!,
  },
  {
    platform: "darwin",
    feed: "latest-mac.yml",
    make: (m: Updaters) => new m.MacUpdater(),
    // An Intel Mac takes the x64 zip, never the arm64 one.
    file: (v: string) => releaseFiles(v)["latest-mac.yml"]![0]!,
  },
  {
    platform: "win32",
    feed: "latest.yml",
    make: (m: Updaters) => new m.NsisUpdater(),
    file: (v: string) => releaseFiles(v)["latest.yml"]![0]!,
  },
] as const;

let feed: UpdateFeed;
let work: string;
beforeAll(async () => {
  feed = await UpdateFeed.start();
  work = await mkdtemp(path.join(os.tmpdir(), "ssotray-updater-"));
});
afterAll(async () => {
  await feed?.close();
  await rm(work, { recursive: true, force: true });
});

/** A packaged app's resources folder, whose app-update.yml names the feed. */
async function resourcesFor(url: string, name: string): Promise<string> {
  const folder = path.join(work, name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, "app-update.yml"),
    `provider: generic\nurl: ${url}\nupdaterCacheDirName: ${CACHE_NAME}\n`,
  );
  return folder;
}

/** Where electron-updater keeps downloads on each system (its getAppCacheDir). */
function updaterCaches(): string[] {
  return [
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), CACHE_NAME),
    path.join(os.homedir(), "Library", "Caches", CACHE_NAME),
    path.join(process.env.LOCALAPPDATA ?? path.join(os.homedir(), "AppData", "Local"), CACHE_NAME),
  ];
}

describe.each(PLATFORMS)("updates on $platform, from $feed", (target) => {
  const realPlatform = Object.getOwnPropertyDescriptor(process, "platform")!;
  let standIn: ElectronStandIn;
  let uninstall: () => void;
  let feedResources: string;
  let underWay: string[];
  let readies: UpdateReady[];
  let installFailures: string[];
  let made: AppUpdater[];

  beforeAll(async () => {
    // electron-updater picks the feed and the file by process.platform, as in the real app.
    Object.defineProperty(process, "platform", { ...realPlatform, value: target.platform });
    standIn = electronForUpdater({
      version: CURRENT,
      isPackaged: true,
      paths: { userData: path.join(work, `userData-${target.platform}`) },
      appPath: path.join(work, "app.asar"),
    });
    uninstall = installElectron(standIn);
    feedResources = await resourcesFor(feed.url, `resources-${target.platform}`);
    // The AppImage being run, which the Linux updater replaces (and reads for a differential
    // download, which finds no block map in it and falls back to the whole file).
    const appImage = path.join(work, "SSO-Tray-running.AppImage");
    await writeFile(appImage, "the running AppImage\n");
    process.env.APPIMAGE = appImage;
  });
  afterAll(() => {
    uninstall();
    Object.defineProperty(process, "platform", realPlatform);
    delete process.env.APPIMAGE;
  });
  beforeEach(async () => {
    (process as { resourcesPath?: string }).resourcesPath = feedResources;
    underWay = [];
    readies = [];
    installFailures = [];
    made = [];
    standIn.quits = 0;
    standIn.autoUpdater.calls.length = 0;
    await Promise.all(updaterCaches().map((dir) => rm(dir, { recursive: true, force: true })));
  });
  afterEach(() => {
    for (const updater of made) updater.removeAllListeners();
    standIn.autoUpdater.removeAllListeners();
  });

  /** `downgrades`: electron-updater's allowDowngrade stays on whatever it is told. */
  function service(downgrades = false): UpdateService {
    return new UpdateService({
      createUpdater: async () => {
        const updater = target.make(await import("electron-updater"));
        if (downgrades)
          Object.defineProperty(updater, "allowDowngrade", { get: () => true, set: () => {} });
        made.push(updater);
        return updater;
      },
      currentVersion: CURRENT,
      packaged: true,
      signInsUnderWay: () => underWay,
      onReady: (update) => readies.push(update),
      onInstallFailed: (message) => installFailures.push(message),
      checkDeadlineMs: 1500,
    });
  }

  it("downloads a newer release, checks its sha512, and announces it with its notes", async () => {
    feed.serve({
      kind: "release",
      release: { version: "1.5.0", notes: "<p>Faster sign-in &amp; a <b>new</b> tray item</p>" },
    });
    const outcome = await service().check();
    expect(outcome).toEqual({
      kind: "ready",
      update: {
        version: "1.5.0",
        notes: "Faster sign-in & a new tray item",
        releaseDate: "2026-12-01T10:00:00.000Z",
      },
    });
    expect(readies.map((r) => r.version)).toEqual(["1.5.0"]);
    expect(feed.requests).toContain(`/${target.feed}`);
    expect(feed.requests).toContain(`/${target.file("1.5.0")}`);
    // Only this platform's feed and file.
    for (const other of PLATFORMS.filter((p) => p !== target)) {
      expect(feed.requests).not.toContain(`/${other.feed}`);
      expect(feed.requests).not.toContain(`/${other.file("1.5.0")}`);
    }
    expect(feed.requests).not.toContain(`/SSO-Tray-1.5.0-arm64.zip`);
  });

  it("takes nothing when the feed offers the version already running", async () => {
    feed.serve({ kind: "release", release: { version: CURRENT } });
    const outcome = await service().check();
    expect(outcome).toEqual({ kind: "up-to-date", offered: CURRENT });
    expect(feed.requests).toEqual([`/${target.feed}`]);
    expect(readies).toEqual([]);
    // electron-updater was told to download nothing itself, install nothing on quit, and never
    // downgrade.
    expect(made[0]).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowDowngrade: false,
      disableWebInstaller: true,
    });
    expect(outcomeMessage(outcome, "manual", CURRENT)?.text).toBe(
      `SSO Tray ${CURRENT} is up to date.`,
    );
  });

  it("never goes back to an older release", async () => {
    feed.serve({ kind: "release", release: { version: "1.3.9" } });
    expect(await service().check()).toEqual({ kind: "up-to-date", offered: "1.3.9" });
    expect(feed.requests).toEqual([`/${target.feed}`]);
    expect(readies).toEqual([]);
  });

  it("never goes back even when electron-updater would allow a downgrade (a channel switch turns it on)", async () => {
    feed.serve({ kind: "release", release: { version: "1.3.9" } });
    const outcome = await service(true).check();
    expect(outcome).toEqual({ kind: "up-to-date", offered: "1.3.9" });
    expect(feed.requests).toEqual([`/${target.feed}`]);
    expect(readies).toEqual([]);
  });

  it("discards a download that does not match the feed's sha512 and announces nothing", async () => {
    feed.serve({ kind: "release", release: { version: "1.6.0", tampered: true } });
    const updates = service();
    const outcome = await updates.check();
    expect(outcome).toMatchObject({ kind: "failed", failure: "checksum" });
    expect(feed.requests).toContain(`/${target.file("1.6.0")}`);
    expect(readies).toEqual([]);
    // Nothing of it is left to install.
    await expect(updates.install()).rejects.toThrow(/No update is ready/);
    const cache = updaterCaches().find((dir) => dir.includes(CACHE_NAME))!;
    const left = await readdir(path.join(cache, "pending")).catch(() => []);
    expect(left.filter((name) => name.includes("1.6.0"))).toEqual([]);
    expect(outcomeMessage(outcome, "automatic", CURRENT)?.level).toBe("warning");
  });

  it("refuses a release whose files carry no sha512, without downloading it", async () => {
    feed.serve({ kind: "release", release: { version: "1.6.1", withoutSha512: true } });
    const outcome = await service().check();
    expect(outcome).toMatchObject({ kind: "refused", version: "1.6.1" });
    expect(outcome.kind === "refused" && outcome.problem).toMatch(/sha512/);
    expect(feed.requests).toEqual([`/${target.feed}`]);
    expect(readies).toEqual([]);
  });

  it("ends a check the feed never answers at its deadline, quietly, and checks afresh next time", async () => {
    feed.serve({ kind: "hang" });
    const updates = service();
    const outcome = await updates.check();
    expect(outcome).toMatchObject({ kind: "failed", failure: "deadline" });
    expect(outcomeMessage(outcome, "automatic", CURRENT)).toBeUndefined();
    expect(outcomeMessage(outcome, "manual", CURRENT)?.text).toMatch(
      /^Could not check for updates: The update feed did not answer within \d+ s\. Try again later\.$/,
    );
    feed.serve({ kind: "release", release: { version: "1.5.1" } });
    expect(await updates.check()).toMatchObject({ kind: "ready", update: { version: "1.5.1" } });
  });

  it("stays quiet with no network, and says one short line when asked", async () => {
    // Port 1 is privileged and unused: a connection there is refused, as offline.
    (process as { resourcesPath?: string }).resourcesPath = await resourcesFor(
      "http://127.0.0.1:1/",
      `offline-${target.platform}`,
    );
    const outcome = await service().check();
    expect(outcome).toMatchObject({ kind: "failed", failure: "offline" });
    expect(outcomeMessage(outcome, "automatic", CURRENT)).toBeUndefined();
    expect(outcomeMessage(outcome, "manual", CURRENT)).toEqual({
      level: "info",
      text: "Could not check for updates: no connection. Try again when online.",
    });
    expect(readies).toEqual([]);
  });

  it("restarts into a ready update only on request, and never during a sign-in", async () => {
    feed.serve({ kind: "release", release: { version: "1.7.0" } });
    const updates = service();
    expect((await updates.check()).kind).toBe("ready");
    underWay = ["acme"];
    await expect(updates.install()).rejects.toThrow(
      "A sign-in to 'acme' is under way: finish or cancel it, then choose Restart to update.",
    );
    expect(standIn.quits).toBe(0);
    expect(standIn.autoUpdater.calls).not.toContain("checkForUpdates");
    underWay = [];
    if (target.platform === "darwin") {
      // On macOS the install is Squirrel's: it is handed the verified zip and asked to install.
      await updates.install();
      expect(standIn.autoUpdater.calls).toContain("checkForUpdates");
      standIn.autoUpdater.emit("update-downloaded");
      expect(standIn.autoUpdater.calls).toContain("quitAndInstall");
      expect(installFailures).toEqual([]);
    }
    if (target.platform === "linux") {
      // The verified AppImage takes the running one's place, is started, and the app quits.
      const running = process.env.APPIMAGE!;
      await updates.install();
      expect(await readFile(running, "utf8")).toContain(target.file("1.7.0"));
      await expect
        .poll(() =>
          stat(`${running}.started`).then(
            () => true,
            () => false,
          ),
        )
        .toBe(true);
      await expect.poll(() => standIn.quits).toBe(1);
      expect(installFailures).toEqual([]);
    }
  });

  if (target.platform === "darwin")
    it("says so when Squirrel refuses the install, as it does for an unsigned app", async () => {
      feed.serve({ kind: "release", release: { version: "1.7.1" } });
      const updates = service();
      expect((await updates.check()).kind).toBe("ready");
      await updates.install();
      standIn.autoUpdater.emit(
        "error",
        new Error("Could not get code signature for running application"),
      );
      expect(installFailures).toEqual(["Could not get code signature for running application"]);
      expect(standIn.autoUpdater.calls).not.toContain("quitAndInstall");
    });
});
