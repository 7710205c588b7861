// The list has the room: in the 420×640 popup, with one session, at least nine accounts show with
// no role chosen and seven with a role's actions open on its row; the keys work on that row; each
// account says its environment; the wider window lays accounts out in columns.
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
    startSimulator({ accounts: 40, rolesPerAccount: [1, 4], seed: 3 }),
  ]);
  app = await App.open(browser, { sim });
  await app.addSession(sim.startUrl, sim.region, "browser");
  await app.waitForSessionState(SESSION, "signed-in");
  await app.waitForSyncDone(sim.accounts().reduce((n, a) => n + a.roles.length, 0));
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
  await sim?.close();
});

describe("the popup's list", () => {
  it("shows at least nine accounts with no role chosen, and seven with a role's actions on its row", async () => {
    const idle = await app.visibleRows();
    expect(idle.actions).toBe(false);
    expect(idle.accounts).toBeGreaterThanOrEqual(9);
    // The session takes one line.
    const session = await app.session(SESSION).boundingBox();
    expect(session?.height).toBeLessThanOrEqual(32);

    // A role of the third account on screen.
    const chip = app.page.locator(".account").nth(2).locator("[role=option]").first();
    const accountId = await chip.getAttribute("data-account-id");
    await chip.click();
    const actions = app.page.getByRole("region", { name: /^Actions for / });
    await actions.getByRole("button", { name: "Open console" }).waitFor();
    // The actions sit right under the chosen account.
    const row = await app.page.locator(`.account[data-account-id="${accountId}"]`).boundingBox();
    const panel = await actions.boundingBox();
    expect(Math.abs(panel!.y - (row!.y + row!.height))).toBeLessThanOrEqual(2);
    const chosen = await app.visibleRows();
    expect(chosen.actions).toBe(true);
    expect(chosen.accounts).toBeGreaterThanOrEqual(7);
    console.info(
      `visible account rows at 420×640: ${idle.accounts} idle, ${chosen.accounts} with a role chosen`,
    );
    await app.screenshot("list-role-chosen");
  });

  it("opens the other actions with →, leaves them with Escape, and keeps Enter and Ctrl+C", async () => {
    const target = sim.accounts()[4]!;
    const role = target.roles[0]!;
    await app.typeSearch(target.accountId);
    await app.waitForRole(target.accountId, role);
    await app.search.press("ArrowRight");
    const copyLink = app.page.getByRole("button", { name: "Copy link" });
    await expect.poll(() => copyLink.evaluate((b) => b === document.activeElement)).toBe(true);
    for (const name of ["Show credentials", "☆ Add to favourites", "Alias and colour"]) {
      await app.page.getByRole("button", { name }).waitFor();
    }
    await app.page.getByRole("combobox", { name: "Credential format" }).waitFor();
    await app.page.getByRole("combobox", { name: "Console region" }).waitFor();
    await app.screenshot("role-more-actions");

    await app.page.keyboard.press("Escape");
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe("search");
    await expect(copyLink.count()).resolves.toBe(0);

    await app.search.press("Control+c");
    await app.waitForStatus(/Copied bash credentials/);
    expect(app.clipboard()).toMatch(/AWS_ACCESS_KEY_ID/);
    await app.search.press("Enter");
    const url = await app.waitForOpened((u) => u.includes("/federation"));
    expect(await (await fetch(url)).text()).toContain(`data-account-id="${target.accountId}"`);
  });

  it("tags each account with the environment its name says, production marked apart", async () => {
    await app.search.fill("");
    await expect.poll(() => app.page.locator(".account").count()).toBeGreaterThan(9);
    const tags = await app.page.locator(".account").evaluateAll((rows) =>
      rows.map((r) => ({
        name: r.querySelector(".account-name")?.textContent ?? "",
        tag: r.querySelector(".env-tag")?.textContent ?? "",
        stripe: getComputedStyle(r).borderInlineStartColor,
      })),
    );
    expect(tags.length).toBeGreaterThan(0);
    for (const { name, tag } of tags) {
      if (/-prod$/.test(name)) expect(tag).toBe("prod");
      if (/-preprod$/.test(name)) expect(tag).toBe("staging");
    }
    const prod = tags.filter((t) => t.tag === "prod");
    const other = tags.filter((t) => t.tag !== "prod");
    expect(prod.length).toBeGreaterThan(0);
    expect(other.length).toBeGreaterThan(0);
    // Production gets a coloured edge no other account has by default.
    expect(new Set(prod.map((t) => t.stripe)).size).toBe(1);
    expect(other.map((t) => t.stripe)).not.toContain(prod[0]!.stripe);
  });

  it("takes the user's word for an account's environment over what its name says", async () => {
    const target = sim.accounts().find((a) => !/-(prod|preprod)$/.test(a.accountName))!;
    const row = app.page.locator(`.account[data-account-id="${target.accountId}"]`);
    await app.search.fill(target.accountId);
    await (await app.waitForRole(target.accountId, target.roles[0]!)).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("button", { name: "Alias and colour" }).click();
    await app.page.getByLabel("Environment").selectOption("prod");
    await app.page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.getAttribute("data-environment")).toBe("prod");
    await expect(row.locator(".env-tag").textContent()).resolves.toBe("prod");
    // Back to what the name says.
    await app.page.getByRole("button", { name: "Alias and colour" }).click();
    await app.page.getByLabel("Environment").selectOption("");
    await app.page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.getAttribute("data-environment")).not.toBe("prod");
    await app.search.fill("");
  });

  it("lays each account out on one line, with its e-mail, in the wider window", async () => {
    await app.page.setViewportSize({ width: 960, height: 640 });
    try {
      const first = app.page.locator(".account").first();
      await first.locator(".account-email").waitFor({ state: "visible" });
      const name = await first.locator(".account-name").boundingBox();
      const chips = await first.locator(".chips").boundingBox();
      // Roles beside the name, not under it.
      expect(chips!.x).toBeGreaterThan(name!.x + name!.width);
      expect(chips!.y).toBeLessThan(name!.y + name!.height);
      const wide = await app.visibleRows();
      expect(wide.accounts).toBeGreaterThanOrEqual(12);
      await app.screenshot("window");
    } finally {
      await app.page.setViewportSize({ width: 420, height: 640 });
    }
  });
});
