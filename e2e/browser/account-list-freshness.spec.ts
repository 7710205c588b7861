// The Settings field for how long `ssotray` trusts the cached account list when it looks an
// account up by name: checked as it is typed, saved only when usable, and obeyed by the CLI,
// which reads the same settings file.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { runCli } from "../../cli/program.js";
import { loadSettings } from "../../core/settings/settings-store.js";
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
      const onDisk = async () =>
        (await loadSettings(app.home.locations, () => undefined)).accountListFreshHours;

      await page.getByRole("button", { name: "Settings" }).click();
      const field = page.getByLabel(/Trust the account list for this many hours/);
      expect(await field.inputValue()).toBe("24");
      // Said in the user's words, with an example of what it changes.
      expect(await page.locator('label[for="account-list-fresh"]').textContent()).not.toMatch(
        /cached|younger/,
      );
      expect(await page.locator("#account-list-fresh-hint").textContent()).toMatch(
        /ssotray creds --account/,
      );

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
      await expect.poll(async () => (await settings()).accountListFreshHours).toBe(0);
      // What ssotray reads is the file, written after the service has taken the value.
      await expect.poll(onDisk).toBe(0);
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
      await expect.poll(async () => (await settings()).accountListFreshHours).toBe(48);
      await expect.poll(onDisk).toBe(48);
      expect(await creds()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
