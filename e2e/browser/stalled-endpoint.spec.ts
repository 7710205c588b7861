// A portal or sign-in service that takes the connection and never answers: the app says so where
// the action was started (the session's list for a sync, the role's panel for a copy or a
// console) and recovers when tried again. The deadline per try is cut to 300 ms for the test.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempHome } from "../../test-support/test-home.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
let app: App;

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 4, rolesPerAccount: 2, seed: 23 }),
  ]);
  const home = await tempHome({ ...sim.env, SSOTRAY_NETWORK_TIMEOUT_MS: "300" });
  app = await App.open(browser, { sim, home });
  await app.addSession(sim.startUrl, sim.region, "browser");
  await app.waitForSessionState("sim-acme", "signed-in");
  await app.waitForSyncDone(8);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await browser?.close();
  await sim?.close();
});

describe("a stalled endpoint", () => {
  it("ends a refresh with the message in the session, keeps the list, and Try again recovers", async () => {
    sim.setOptions({ stall: ["/assignment/accounts"] });
    await app.page.getByRole("button", { name: "Refresh accounts" }).click();
    const banner = app.session("sim-acme").locator(".banner", { hasText: "did not answer" });
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(
      /The portal at http:\/\/127\.0\.0\.1:\d+ did not answer in 3 tries .*AWS_ENDPOINT_URL_SSO/,
    );
    await app.page.locator("#search-count", { hasText: "8 roles" }).waitFor();

    sim.setOptions({ stall: [] });
    await banner.getByRole("button", { name: "Try again" }).click();
    await banner.waitFor({ state: "detached" });
    await app.waitForSyncDone(8);
  });

  it("shows a failed copy or console in the role's own panel, and the next try works", async () => {
    const target = sim.accounts()[1]!;
    await app.typeSearch(target.accountId);
    await (await app.waitForRole(target.accountId, target.roles[0]!)).click();
    const panel = app.page.getByRole("region", { name: /^Actions for / });
    const problem = panel.getByRole("alert");

    sim.setOptions({ stall: ["portal"] });
    await panel.getByRole("button", { name: "Copy credentials" }).click();
    await expect(problem.textContent()).resolves.toMatch(
      /The portal at .* did not answer in 3 tries while getting credentials for role/,
    );
    sim.setOptions({ stall: ["federation"] });
    await panel.getByRole("button", { name: "Open console" }).click();
    await problem.filter({ hasText: "console sign-in service" }).waitFor();

    sim.setOptions({ stall: [] });
    await panel.getByRole("button", { name: "Copy credentials" }).click();
    await app.waitForStatus(/Copied bash credentials/);
    await problem.waitFor({ state: "detached" });
  });
});
