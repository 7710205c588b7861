// Updates in the window: the setting, and a release that the real updater (electron-updater
// against a local feed, `electron` stood in for) downloaded and verified, offered with what is
// new and installed on "Restart to update" only, never while a sign-in is under way.
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { loadSettings } from "../../core/settings/settings-store.js";
import { AppUpdates } from "../../electron/update/app-updates.js";
import {
  electronForUpdater,
  installElectron,
  type ElectronStandIn,
} from "../../test-support/electron-for-updater.js";
import { UpdateFeed } from "../../test-support/update-feed.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
let feed: UpdateFeed;
let work: string;
let standIn: ElectronStandIn;
let uninstall: () => void;

beforeAll(async () => {
  [browser, sim, feed] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 31 }),
    UpdateFeed.start(),
  ]);
  work = await mkdtemp(path.join(os.tmpdir(), "ssotray-updates-spec-"));
  const resources = path.join(work, "resources");
  await mkdir(resources);
  await writeFile(
    path.join(resources, "app-update.yml"),
    `provider: generic\nurl: ${feed.url}\nupdaterCacheDirName: sso-tray-updater\n`,
  );
  (process as { resourcesPath?: string }).resourcesPath = resources;
  process.env.APPIMAGE = path.join(work, "SSO-Tray.AppImage");
  await writeFile(process.env.APPIMAGE, "the running AppImage\n");
  standIn = electronForUpdater({
    version: "1.4.0",
    isPackaged: true,
    paths: { userData: path.join(work, "userData") },
    appPath: path.join(work, "app.asar"),
  });
  uninstall = installElectron(standIn);
});
afterAll(async () => {
  uninstall?.();
  delete process.env.APPIMAGE;
  await browser?.close();
  await sim?.close();
  await feed?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.runIf(process.platform === "linux")("updates in the window", () => {
  it("checks for updates automatically unless Settings say not to, and saves the choice", async () => {
    const app = await App.open(browser, { sim });
    try {
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      await app.page.getByRole("button", { name: "Settings" }).click();
      const box = app.page.getByLabel("Check for updates automatically");
      expect(await box.isChecked()).toBe(true);
      const onDisk = async () =>
        (await loadSettings(app.home.locations, () => undefined)).checkForUpdates;
      // The box shows what the service saved: it changes once the call has answered.
      await box.click();
      await expect.poll(() => box.isChecked()).toBe(false);
      await expect.poll(onDisk).toBe(false);
      await box.click();
      await expect.poll(() => box.isChecked()).toBe(true);
      await expect.poll(onDisk).toBe(true);
    } finally {
      await app.close();
    }
  });

  it("shows what is new and restarts into it only when asked, and not during a sign-in", async () => {
    sim.setOptions({ deviceApproval: "visit" });
    // The updater and the app know each other, as in electron/main.ts.
    const opened: { app?: App } = {};
    const updates = new AppUpdates({
      packaged: true,
      currentVersion: "1.4.0",
      signInsUnderWay: () => opened.app?.service.signInsUnderWay() ?? [],
      onReady: (update) => opened.app?.emit("updateReady", update),
      say: () => undefined,
      log: () => undefined,
    });
    const app = await App.open(browser, { sim, updates });
    opened.app = app;
    try {
      const page = app.page;
      await app.addSession(sim.startUrl, sim.region, "device");
      await page.locator(".device-code").waitFor();

      feed.serve({
        kind: "release",
        release: {
          version: "1.5.0",
          notes: "<ul><li>Check for updates</li><li>Faster list</li></ul>",
        },
      });
      await updates.check("automatic");
      const banner = page.getByRole("region", { name: "Update ready" });
      await banner.getByText("SSO Tray 1.5.0 is ready to install.").waitFor();
      expect(await banner.locator(".update-notes").innerText()).toBe(
        "• Check for updates\n• Faster list",
      );
      await app.screenshot("update-ready");

      const running = process.env.APPIMAGE!;
      await banner.getByRole("button", { name: "Restart to update" }).click();
      await app.waitForBanner(
        "A sign-in to 'sim-acme' is under way: finish or cancel it, then choose Restart to update.",
      );
      expect(await readFile(running, "utf8")).toBe("the running AppImage\n");
      expect(standIn.quits).toBe(0);

      await page.getByRole("button", { name: "Cancel" }).click();
      await expect.poll(() => app.service.signInsUnderWay()).toEqual([]);
      await banner.getByRole("button", { name: "Restart to update" }).click();
      await expect.poll(() => standIn.quits).toBe(1);
      expect(await readFile(running, "utf8")).toContain("SSO-Tray-1.5.0.AppImage");
    } finally {
      sim.setOptions({ deviceApproval: { afterPolls: 1 } });
      await app.close();
    }
  });
});
