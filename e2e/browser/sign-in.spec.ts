// First run in the browser: add a session, sign in through the browser and with a device code,
// and see a session that ended ask to be signed in again.
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
    startSimulator({ accounts: 6, rolesPerAccount: 2, seed: 7 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe("first run", () => {
  it("checks the start URL as it is typed, then signs in through the browser and lists every account", async () => {
    const app = await App.open(browser, { sim });
    try {
      const url = app.page.getByLabel("AWS access portal URL (start URL)");
      await url.fill("acme");
      await expect(app.page.locator("#start-url-hint").textContent()).resolves.toContain(
        "did you mean https://acme.awsapps.com/start?",
      );
      await expect(
        app.page.getByRole("button", { name: "Sign in with the browser" }).isDisabled(),
      ).resolves.toBe(true);
      await app.page.getByRole("searchbox", { name: "Identity Center region" }).fill("eu-w");
      await app.screenshot("sign-in");

      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      expect(await app.home.readConfig()).toContain(
        `[sso-session sim-acme]\nsso_start_url = ${sim.startUrl}\n`,
      );
      const [first] = sim.accounts();
      await app.waitForRole(first!.accountId, first!.roles[0]!);
      await app.waitForSyncDone(sim.accounts().reduce((n, a) => n + a.roles.length, 0));
      expect(await app.page.evaluate(() => document.activeElement?.id)).toBe("search");
      expect(await app.cspViolations()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it("shows a device code large with its countdown, and signs in once the code is approved", async () => {
    sim.setOptions({ deviceApproval: "visit" });
    const app = await App.open(browser, { sim });
    try {
      await app.addSession(sim.startUrl, sim.region, "device");
      const code = app.page.locator(".device-code");
      await code.waitFor();
      const userCode = (await code.textContent()) ?? "";
      expect(userCode).toMatch(/^[A-Z0-9-]{4,}$/);
      // A sign-in under way is said as one, and there are no list keys to hint at yet.
      await expect
        .poll(() => app.page.locator(".session .badge").textContent())
        .toBe("Signing in…");
      await expect(app.page.locator("footer kbd").count()).resolves.toBe(0);
      await expect(app.page.locator(".device .countdown").textContent()).resolves.toMatch(
        /^Expires in \d+:\d\d|^Expires in \d+ min/,
      );
      await app.screenshot("sign-in-device-code");
      // Copied through main: the page itself has no clipboard permission in the app.
      await app.page.getByRole("button", { name: "Copy code" }).click();
      // The label changes once main has answered, after the clipboard is written: wait for it,
      // then the clipboard holds the code for sure.
      await app.page.getByRole("button", { name: "Copied" }).waitFor();
      expect(app.clipboard()).toBe(userCode);

      const complete = await app.page.getAttribute(
        "[data-verification-uri-complete]",
        "data-verification-uri-complete",
      );
      expect(complete).toContain(encodeURIComponent(userCode).replace(/%2D/g, "-"));
      // "Open in browser" hands the device page to the platform's browser, which approves it.
      await app.page.getByRole("button", { name: "Open in browser" }).click();
      await app.waitForSessionState("sim-acme", "signed-in");
      await code.waitFor({ state: "detached" });
    } finally {
      sim.setOptions({ deviceApproval: { afterPolls: 1 } });
      await app.close();
    }
  });

  it("shows the new session while its sign-in runs, and a cancelled sign-in leaves nothing in ~/.aws/config", async () => {
    sim.setOptions({ deviceApproval: "visit" });
    const app = await App.open(browser, { sim });
    try {
      const before = await app.home.readConfig();
      await app.addSession(sim.startUrl, sim.region, "device");
      await app.page.locator(".device-code").waitFor();
      await app.session("sim-acme").waitFor();
      expect(await app.home.readConfig()).toBe(before);

      await app.page.getByRole("button", { name: "Cancel" }).click();
      // Back to the first-run form: the session was never written, so there is none.
      await app.page.getByLabel("AWS access portal URL (start URL)").waitFor();
      await app.session("sim-acme").waitFor({ state: "detached" });
      expect(await app.home.readConfig()).toBe(before);
      expect((await app.service.getState()).sessions).toEqual([]);
    } finally {
      sim.setOptions({ deviceApproval: { afterPolls: 1 } });
      await app.close();
    }
  });

  it("shows 'Sign in again' once, on the session, when it has ended, and signing in again clears it", async () => {
    const app = await App.open(browser, { sim });
    try {
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      const [first] = sim.accounts();
      const chip = await app.waitForRole(first!.accountId, first!.roles[0]!);

      sim.revokeAllTokens();
      await chip.click();
      await app.page.getByRole("button", { name: "Copy credentials" }).click();
      await app.waitForSessionState("sim-acme", "sign-in-needed");
      const banner = await app.waitForBanner("This session has ended");
      // Said once, on the session's own line: no second banner above the list.
      await expect.poll(() => app.page.getByRole("alert").count()).toBe(1);
      await expect(app.session("sim-acme").getByRole("alert").count()).resolves.toBe(1);
      await app.screenshot("session-ended");

      await banner.getByRole("button", { name: "Sign in again" }).click();
      await app.waitForSessionState("sim-acme", "signed-in");
      await app.page.locator(".session .banner").waitFor({ state: "detached" });
      // What was said about the ended session went with it.
      await expect.poll(() => app.page.getByRole("alert").count()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
