import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSettings, SettingsStore } from "./settings-store.js";
import { resolveLocations } from "../locations.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function locationsWith(content?: object) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-settings-"));
  dirs.push(dir);
  const locations = resolveLocations({ HOME: dir, SSOTRAY_HOME: path.join(dir, "data") });
  await mkdir(path.dirname(locations.settings), { recursive: true });
  if (content) await writeFile(locations.settings, JSON.stringify(content));
  return locations;
}

describe("Check for updates automatically", () => {
  it("is on for a new user and for a settings file from before the setting existed", async () => {
    expect((await loadSettings(await locationsWith())).checkForUpdates).toBe(true);
    const older = await loadSettings(await locationsWith({ theme: "dark", startAtLogin: true }));
    expect(older.checkForUpdates).toBe(true);
    expect(older.theme).toBe("dark");
  });

  it("stays off once turned off, and a value that is not a yes or no reads as on", async () => {
    const locations = await locationsWith();
    await new SettingsStore(locations).update({ checkForUpdates: false });
    expect((await loadSettings(locations)).checkForUpdates).toBe(false);
    expect(
      (await loadSettings(await locationsWith({ checkForUpdates: "no" }))).checkForUpdates,
    ).toBe(true);
  });
});
