// The Settings field for how long `ssotray` trusts the cached account list when it looks an
// account up by name: checked as it is typed, saved only when usable, and obeyed by the CLI,
// which reads the same settings file.
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { runCli } from "../../cli/program.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 29 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe("the account list's freshness in Settings", () => {
  it("refuses a value out of range, saves a whole number, and ssotray lists the accounts by it", async () => {
    const app = await App.open(browser, { sim });
    try {
      const page = app.page;
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      await app.waitForSyncDone(3);
      const settings = async () => (await app.service.getState()).settings;
      const saved = async () =>
        (
          JSON.parse(await readFile(app.home.locations.settings, "utf8").catch(() => "{}")) as {
            accountListFreshHours?: number;
          }
        ).accountListFreshHours;

      await page.getByRole("button", { name: "Settings" }).click();
      const field = page.getByLabel(/ssotray finds accounts by name in a cached list younger than/);
      expect(await field.inputValue()).toBe("24");

      for (const wrong of ["721", "1.5", ""]) {
        await field.fill(wrong);
        await field.press("Enter");
        expect(await field.getAttribute("aria-invalid")).toBe("true");
        await expect
          .poll(() => page.locator("#account-list-fresh-hint").textContent())
          .toBe("Give a whole number from 0 to 720.");
      }
      expect((await settings()).accountListFreshHours).toBe(24);

      await field.fill("0");
      await field.press("Enter");
      // ssotray reads the file, which the app writes a moment after it holds the new value.
      await expect.poll(saved).toBe(0);
      expect(await field.getAttribute("aria-invalid")).toBe("false");

      // The sync just cached a complete list; 0 hours means ssotray lists the accounts anyway.
      const account = sim.accounts()[1]!;
      const creds = async () => {
        sim.clearRequestLog();
        let stderr = "";
        const code = await runCli(
          ["creds", "--account", account.accountName, "--role", account.roles[0]!],
          app.home.env,
          { stdout: () => {}, stderr: (t) => void (stderr += t), stderrIsTTY: false },
        );
        expect(code, stderr).toBe(0);
        return sim.requestLog().filter((r) => r.api === "ListAccounts").length;
      };
      expect(await creds()).toBe(1);

      await field.fill("48");
      await field.blur();
      await expect.poll(saved).toBe(48);
      expect(await creds()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
