import { rm, writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { tempHome } from "../../test-support/test-home.js";
import { loadSettings, SettingsStore } from "../settings/settings-store.js";
import { safeProfileName } from "./profile-names.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("names written to ~/.aws/config", () => {
  it("lose the characters that show as nothing, so what is written is what was seen", () => {
    expect(safeProfileName("team-sand\u200bbox")).toBe("team-sandbox");
    expect(safeProfileName("pay\u00adments\u{E0041}-\u2060Admin")).toBe("payments-admin");
  });

  it("takes an alias without its invisible characters, from the app and from the file", async () => {
    const home = await tempHome();
    dirs.push(home.dir);
    const store = new SettingsStore(home.locations);
    const saved = await store.setAccountDecoration("111111111111", {
      alias: "sand\u200bbox\u3164",
    });
    expect(saved.accounts["111111111111"]?.alias).toBe("sandbox");
    await writeFile(
      home.locations.settings,
      JSON.stringify({ accounts: { "222222222222": { alias: "prod\u2060uction\u00ad" } } }),
    );
    expect((await loadSettings(home.locations)).accounts["222222222222"]?.alias).toBe("production");
    const hidden = await store.setAccountDecoration("111111111111", { alias: "\u200b\u2060" });
    expect(hidden.accounts["111111111111"]).toBeUndefined();
  });
});
