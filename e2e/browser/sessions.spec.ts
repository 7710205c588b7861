// Two IAM Identity Center sessions side by side: a section each, a filter to one, a search across
// both. (One simulator stands behind both start URLs, so both list the same accounts.)
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 4, rolesPerAccount: 2, seed: 17 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe("several sessions", () => {
  it("lists each session's accounts under its own heading, filters to one, and searches across both", async () => {
    const app = await App.open(browser, { sim });
    try {
      const page = app.page;
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      await app.waitForSyncDone(8);

      await page.getByRole("button", { name: "Settings" }).click();
      await page.getByRole("button", { name: "Add a session" }).click();
      await page.getByRole("heading", { name: "Add a session" }).waitFor();
      await app.addSession("https://sim-beta.awsapps.com/start", sim.region, "browser");
      await app.waitForSessionState("sim-beta", "signed-in");
      await app.waitForSyncDone(16);

      const headers = () => page.locator(".section-header").allTextContents();
      await expect.poll(headers).toEqual(["sim-acme", "sim-beta"]);
      await app.screenshot("two-sessions");
      const sessionsShown = () =>
        page
          .locator(".account")
          .evaluateAll((cards) => [...new Set(cards.map((c) => c.getAttribute("data-session")))]);

      await page.getByLabel("Show accounts of").selectOption("sim-beta");
      await page.locator("#search-count", { hasText: "8 roles" }).waitFor();
      await expect.poll(sessionsShown).toEqual(["sim-beta"]);
      // One session shown: no heading needed.
      expect(await headers()).toEqual([]);

      await page.getByLabel("Show accounts of").selectOption("");
      await page.locator("#search-count", { hasText: "16 roles" }).waitFor();
      const target = sim.accounts()[1]!;
      await app.typeSearch(target.accountId);
      await expect
        .poll(() =>
          page
            .locator(`.account[data-account-id="${target.accountId}"]`)
            .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-session")).sort()),
        )
        .toEqual(["sim-acme", "sim-beta"]);
    } finally {
      await app.close();
    }
  });

  it("ticks FIPS in the Add session form: the new [sso-session] has it, and Settings shows it on", async () => {
    const app = await App.open(browser, { sim });
    try {
      const page = app.page;
      await app.addSession(sim.startUrl, sim.region, "browser", { fips: true });
      await app.waitForSessionState("sim-acme", "signed-in");
      const config = await app.home.readConfig();
      const section = config.slice(config.indexOf("[sso-session sim-acme]"));
      expect(section).toMatch(/^use_fips_endpoint = true$/m);
      expect(section).not.toMatch(/use_dualstack_endpoint/);

      await page.getByRole("button", { name: "Settings" }).click();
      const endpoints = page.getByRole("region", { name: "Endpoints" });
      await expect
        .poll(() => endpoints.getByRole("checkbox", { name: "FIPS" }).isChecked())
        .toBe(true);
      expect(await endpoints.getByRole("checkbox", { name: "Dual-stack" }).isChecked()).toBe(false);
    } finally {
      await app.close();
    }
  });
});
