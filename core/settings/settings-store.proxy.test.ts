import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSettings, proxyChoiceOf } from "./settings-store.js";
import { resolveLocations } from "../locations.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function saved(content: object) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-settings-"));
  dirs.push(dir);
  const env = { HOME: dir, SSOTRAY_HOME: path.join(dir, "data") };
  await mkdir(path.dirname(resolveLocations(env).settings), { recursive: true });
  await writeFile(resolveLocations(env).settings, JSON.stringify(content));
  return loadSettings(resolveLocations(env));
}

describe("the proxy in settings.json", () => {
  it("gives the network layer the saved choice", async () => {
    expect(proxyChoiceOf(await saved({}))).toEqual({ mode: "environment" });
    expect(proxyChoiceOf(await saved({ proxyMode: "none" }))).toEqual({ mode: "none" });
    expect(
      proxyChoiceOf(await saved({ proxyMode: "url", proxyUrl: "http://proxy.corp:3128" })),
    ).toEqual({ mode: "url", url: "http://proxy.corp:3128" });
  });

  it("falls back to the environment for a saved choice it cannot use, keeping the other settings", async () => {
    const damaged = await saved({
      proxyMode: "url",
      proxyUrl: "socks5://proxy.corp:1080",
      theme: "dark",
    });
    expect(damaged.proxyUrl).toBe("");
    expect(damaged.theme).toBe("dark");
    expect(proxyChoiceOf(damaged)).toEqual({ mode: "environment" });
    expect(proxyChoiceOf(await saved({ proxyMode: "tunnel" }))).toEqual({ mode: "environment" });
    expect(proxyChoiceOf(await saved({ proxyMode: "url" }))).toEqual({ mode: "environment" });
  });
});
