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
    for (const name of ["Show credentials", "Add to favourites", "Alias and colour"]) {
      await app.page.getByRole("button", { name }).waitFor();
    }
    await app.page.getByRole("combobox", { name: "Credential format" }).waitFor();
    await app.page.getByRole("combobox", { name: "Console region" }).waitFor();
    await app.screenshot("role-more-actions");

    await app.page.keyboard.press("Escape");
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe("search");
    await copyLink.waitFor({ state: "detached" });

    await app.search.press("Control+c");
    await app.waitForStatus(/Copied bash credentials/);
    expect(app.clipboard()).toMatch(/AWS_ACCESS_KEY_ID/);
    await app.search.press("Enter");
    const url = await app.waitForOpened((u) => u.includes("/federation"));
    expect(await (await fetch(url)).text()).toContain(`data-account-id="${target.accountId}"`);
  });

  it("keeps six accounts or more in view with a role's More panel and its credentials open", async () => {
    await app.search.fill("");
    await expect.poll(() => app.page.locator(".account").count()).toBeGreaterThan(9);
    await app.page.locator(".account").nth(2).locator("[role=option]").first().click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("button", { name: "Show credentials" }).click();
    await app.page.getByRole("group", { name: "Role credentials" }).waitFor();
    const open = await app.visibleRows();
    console.info(`visible account rows at 420×640 with the credentials shown: ${open.accounts}`);
    expect(open.accounts).toBeGreaterThanOrEqual(6);
    expect(open.actions).toBe(true);
    // One way to hide them, and the copy of an exec line beside it.
    await expect(app.page.getByRole("button", { name: /^Hide/ }).count()).resolves.toBe(1);
    await app.page.getByRole("button", { name: "Copy exec line" }).waitFor();
    await app.page.getByRole("button", { name: "Hide credentials" }).click();
    await app.page.locator(".revealed").waitFor({ state: "detached" });
    await app.page.getByRole("button", { name: "More actions" }).click();
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

  it("shows the search box's placeholder whole, beside the count", async () => {
    await app.search.fill("");
    const fit = await app.search.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement("canvas").getContext("2d")!;
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return {
        text: context.measureText(input.placeholder).width,
        room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
        scrollWidth: input.scrollWidth,
        clientWidth: input.clientWidth,
      };
    });
    expect(fit.text).toBeLessThanOrEqual(fit.room);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  });

  it("shows the whole name on the chosen row and in a tooltip, and the real name beside an alias", async () => {
    const target = sim.accounts()[6]!;
    const alias = "shared-services-networking-hub-for-every-region-prod";
    const row = app.page.locator(`.account[data-account-id="${target.accountId}"]`);
    await app.search.fill(target.accountId);
    await (await app.waitForRole(target.accountId, target.roles[0]!)).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("button", { name: "Alias and colour" }).click();
    await app.page.getByLabel(`Alias for ${target.accountName}`).fill(alias);
    await app.page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.locator(".account-name").textContent()).toBe(alias);
    for (const width of [420, 960]) {
      await app.page.setViewportSize({ width, height: 640 });
      // Chosen: every letter of the alias and of the portal's name shows.
      const whole = await row.evaluate((r) =>
        [".account-name", ".account-real-name"].map((s) => {
          const e = r.querySelector(s) as HTMLElement;
          return { text: e.textContent, cut: e.scrollWidth > e.clientWidth, width: e.clientWidth };
        }),
      );
      expect(whole[0]).toMatchObject({ text: alias, cut: false });
      expect(whole[1]).toMatchObject({ text: target.accountName, cut: false });
      expect(await row.locator(".account-title").getAttribute("title")).toContain(
        `${alias} (${target.accountName})`,
      );
    }
    await app.page.setViewportSize({ width: 420, height: 640 });
    // Not chosen: the alias may be cut, but the real name keeps a share of the line beside it.
    await app.search.fill("");
    await app.search.fill(target.accountId);
    await app.page.keyboard.press("Escape");
    await app.search.fill(alias.slice(0, 12));
    await expect.poll(() => row.count()).toBe(1);
    const real = await row.locator(".account-real-name").boundingBox();
    expect(real!.width).toBeGreaterThanOrEqual(60);
    // The alias goes again, for the tests after this one.
    await (await app.waitForRole(target.accountId, target.roles[0]!)).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("button", { name: "Alias and colour" }).click();
    await app.page.getByLabel(`Alias for ${target.accountName}`).fill("");
    await app.page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.locator(".account-real-name").count()).toBe(0);
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
      // Environment and e-mail in columns that line up from row to row; each e-mail cut in the
      // middle, so its end and domain show.
      const cells = await app.page.locator(".account").evaluateAll((rows) =>
        rows.map((r) => {
          const box = (s: string) => (r.querySelector(s) as HTMLElement).getBoundingClientRect();
          return {
            env: box(".env-cell").left,
            email: box(".account-email").left,
            emailRight: box(".account-email").right,
            tailRight: box(".email-tail").right,
            tail: r.querySelector(".email-tail")?.textContent ?? "",
          };
        }),
      );
      expect(new Set(cells.map((c) => Math.round(c.env))).size).toBe(1);
      expect(new Set(cells.map((c) => Math.round(c.email))).size).toBe(1);
      for (const c of cells) {
        expect(c.tailRight).toBeLessThanOrEqual(c.emailRight + 1);
        expect(c.tail).toMatch(/^.{8}@example\.com$/);
      }
      await app.screenshot("window");
    } finally {
      await app.page.setViewportSize({ width: 420, height: 640 });
    }
  });
});
