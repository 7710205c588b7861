// The first sync of a large directory, at the portal's rate: the account names are there to find
// long before the roles are, and the account the user picks gets its roles ahead of the rest.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
let app: App;
const SESSION = "sim-acme";

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    // About 16 s of role listings at 20 calls/s: long enough to pick accounts in the middle.
    startSimulator({ accounts: 300, rolesPerAccount: 2, seed: 8, portalRateLimit: 20 }),
  ]);
  app = await App.open(browser, { sim });
  await app.addSession(sim.startUrl, sim.region, "browser");
  await app.waitForSessionState(SESSION, "signed-in");
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
  await sim?.close();
});

const syncing = () => app.page.locator(".sync");

describe("accounts first, demand first", () => {
  it("shows a selected account's roles mid-sync, and says the one picked is ready", async () => {
    // Names first: accounts listed, their roles still to come. Of those on screen, pick the one
    // the portal listed last: the sync would reach its roles last.
    await app.page.locator("[role=option][data-state=pending]").first().waitFor();
    // Once every name is in: while the list still grows, a name sorted in above an account can
    // push it out of the rows the virtual list draws between looking and clicking.
    await syncing()
      .filter({ hasText: /accounts? ha(ve|s) (their|its) roles/ })
      .waitFor();
    // Where Enter would go may be a stand-in ("roles…"): it is not a role, and not drawn as one
    // chosen, however the keys reach it.
    const standIn = app.page.locator("[role=option][data-state=pending][aria-selected=true]");
    if ((await standIn.count()) === 0) await app.search.press("ArrowDown");
    const looks = await app.page.evaluate(() => {
      const chosen = document.querySelector(
        "[role=option][data-state=pending][aria-selected=true]",
      );
      const other = document.querySelector(
        "[role=option][data-state=pending][aria-selected=false]",
      );
      const background = (e: Element | null) => (e ? getComputedStyle(e).backgroundColor : "");
      return { chosen: background(chosen), other: background(other) };
    });
    if (looks.chosen) expect(looks.chosen).toBe(looks.other);
    const onScreen = await app.page
      .locator("[role=option][data-state=pending]")
      .evaluateAll((chips) => chips.map((c) => c.getAttribute("data-account-id")));
    const position = Math.max(
      ...onScreen.map((id) => sim.accounts().findIndex((a) => a.accountId === id)),
    );
    const account = sim.accounts()[position]!;
    const accountId = account.accountId;
    await app.page
      .locator(`[role=option][data-state=pending][data-account-id="${accountId}"]`)
      .click();

    const roles = [...account.roles].sort();
    await app.waitForRole(accountId, roles[0]!);
    await app.waitForRole(accountId, roles[1]!);
    // Ahead of the queue: the sync had not listed the roles of the accounts before it yet.
    const listed = sim.requestLog().filter((r) => r.api === "ListAccountRoles").length;
    expect(listed).toBeLessThan(position);
    // The selection moved from the stand-in to the account's first role.
    await expect
      .poll(() =>
        app.page.locator("[role=option][aria-selected=true]").getAttribute("data-role-name"),
      )
      .toBe(roles[0]);
    await expect(syncing().isVisible()).resolves.toBe(true);
    await expect
      .poll(() => syncing().textContent())
      .toMatch(/\d+ of 300 accounts (have their|has its) roles; the one you picked is ready/);
    await app.screenshot("picked-mid-sync");
  });

  it("fetches the roles of an account a search narrows to, while the sync goes on", async () => {
    // The last account the portal listed: the sync reaches its roles last.
    const account = sim.accounts().at(-1)!;
    await app.typeSearch(account.accountId);
    await app.waitForRole(account.accountId, [...account.roles].sort()[0]!);
    await expect(syncing().isVisible()).resolves.toBe(true);
    const listings = sim.requestLog().filter((r) => r.api === "ListAccountRoles");
    expect(listings.filter((r) => r.accountId === account.accountId)).toHaveLength(1);
    // Long before the sync reached it: most accounts still had their roles to come.
    expect(listings.length).toBeLessThan(250);
  });

  it("ends with every account and role and no throttled call", async () => {
    await app.typeSearch("");
    await app.waitForSyncDone(600, 60_000);
    expect(sim.requestLog().filter((r) => r.status === 429)).toEqual([]);
  });
});
