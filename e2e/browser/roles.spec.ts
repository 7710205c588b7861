// The list at work: search and open a console, copy credentials, favourites that survive a
// reload and a restart, settings, and a sync that the portal throttles.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
let app: App;
const SESSION = "sim-acme";
const rolesIn = (s: Simulator) => s.accounts().reduce((n, a) => n + a.roles.length, 0);

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 40, rolesPerAccount: [1, 4], seed: 3 }),
  ]);
  app = await App.open(browser, { sim });
  await app.addSession(sim.startUrl, sim.region, "browser");
  await app.waitForSessionState(SESSION, "signed-in");
  await app.waitForSyncDone(rolesIn(sim));
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
  await sim?.close();
});

describe("the role list", () => {
  it("finds an account by a fragment of its name and opens the console for the selected role with Enter", async () => {
    const target = sim.accounts()[17]!;
    const role = target.roles[0]!;
    await app.typeSearch(target.accountName.slice(0, 6));
    await app.waitForRole(target.accountId, role);
    // Walk the selection down to the target's first role with the arrow keys.
    for (let i = 0; i < 50; i += 1) {
      const selected = app.page.locator("[role=option][aria-selected=true]");
      if (
        (await selected.getAttribute("data-account-id")) === target.accountId &&
        (await selected.getAttribute("data-role-name")) === role
      )
        break;
      await app.search.press("ArrowDown");
    }
    await app.screenshot("search-results");
    await app.search.press("Enter");

    const url = await app.waitForOpened((u) => u.includes("/federation"));
    const page = await (await fetch(url)).text();
    expect(page).toContain(`data-account-id="${target.accountId}"`);
    expect(page).toContain(`data-role-name="${role}"`);
  });

  it("ranks an exact account id first", async () => {
    const target = sim.accounts()[5]!;
    await app.typeSearch(target.accountId);
    const first = app.page.locator("[role=option]").first();
    await expect.poll(() => first.getAttribute("data-account-id")).toBe(target.accountId);
  });

  it("copies credentials in the chosen format and remembers the format", async () => {
    const target = sim.accounts()[2]!;
    await app.typeSearch(target.accountId);
    await (await app.waitForRole(target.accountId, target.roles[0]!)).click();

    await app.search.focus();
    await app.search.press("Control+c");
    await app.waitForStatus(/Copied bash credentials/);
    const bash = Object.fromEntries(
      [...app.clipboard().matchAll(/^export (\w+)=["']?([^"'\n]+)["']?$/gm)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    expect(bash.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(bash.AWS_SECRET_ACCESS_KEY).toBeTruthy();
    expect(bash.AWS_SESSION_TOKEN).toBeTruthy();

    await app.page.getByRole("button", { name: "More actions" }).click();
    const formatBox = app.page.getByRole("combobox", { name: "Credential format" });
    await formatBox.selectOption("json");
    // The select shows the store's format, which changes only once main has saved and returned the
    // new settings; Copy uses the format of that same render, so copying earlier copies bash.
    await expect.poll(() => formatBox.inputValue()).toBe("json");
    await app.page.getByRole("button", { name: "Copy credentials" }).click();
    await app.waitForStatus(/Copied JSON credentials/);
    const json = JSON.parse(app.clipboard()) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain(String(bash.AWS_ACCESS_KEY_ID));

    await app.page.getByRole("button", { name: "Show credentials" }).click();
    await app.page.getByRole("textbox").filter({ hasText: "" }).first().waitFor();
    await expect(app.page.locator(".revealed input").first().inputValue()).resolves.toBe(
      bash.AWS_ACCESS_KEY_ID,
    );
    await app.screenshot("role-actions");
    await app.page.getByRole("button", { name: "Hide credentials" }).click();
    await app.page.locator(".revealed").waitFor({ state: "detached" });

    await app.reload();
    await app.search.fill(target.accountId);
    await (await app.waitForRole(target.accountId, target.roles[0]!)).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await expect(
      app.page.getByRole("combobox", { name: "Credential format" }).inputValue(),
    ).resolves.toBe("json");
  });

  it("keeps favourites first across a reload and a new AppService", async () => {
    const target = sim.accounts()[30]!;
    const role = target.roles.at(-1)!;
    await app.typeSearch(target.accountId);
    await (await app.waitForRole(target.accountId, role)).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("button", { name: "Add to favourites" }).click();
    await app.page.getByRole("button", { name: "Remove from favourites" }).waitFor();
    await app.page.getByRole("button", { name: "Alias and colour" }).click();
    await app.page.getByLabel(`Alias for ${target.accountName}`).fill("billing-prod");
    await app.page.getByLabel("Colour").fill("#d04437");
    await app.page.getByRole("button", { name: "Save" }).click();
    await app.search.fill("");

    const firstChip = () => app.page.locator("[role=option]").first();
    const expectFavouriteFirst = async () => {
      await app.page.locator(".section-header", { hasText: "Favourites" }).waitFor();
      expect(await firstChip().getAttribute("data-account-id")).toBe(target.accountId);
      expect(await firstChip().getAttribute("data-role-name")).toBe(role);
    };
    await expectFavouriteFirst();
    await app.screenshot("list");

    await app.reload();
    await expectFavouriteFirst();
    await app.restartService();
    await expectFavouriteFirst();
    await app.typeSearch("billing-prod");
    await expect.poll(() => firstChip().getAttribute("data-account-id")).toBe(target.accountId);
  });

  it("shows the settings, previews the AWS CLI profiles it would write, then writes them", async () => {
    await app.page.getByRole("button", { name: "Settings" }).click();
    await app.page.getByRole("heading", { name: "Settings" }).waitFor();
    await expect(app.page.locator("[data-secret-storage]").textContent()).resolves.toContain(
      "is in ~/.aws/sso/cache, in plain text readable only by your user account",
    );
    // The browser harness's platform has no keychain: the opt-in says so and cannot be ticked.
    await expect(
      app.page.getByLabel("Keep my sign-in in the system keychain").isDisabled(),
    ).resolves.toBe(true);
    await app.screenshot("settings");
    await app.page.getByRole("button", { name: "Preview changes" }).click();
    await app.page.locator(".diff").waitFor();
    expect(await app.home.readConfig()).not.toContain("[profile ");
    // The config file's path wraps after a "/" only, never inside a name at its hyphen.
    const parts = await app.page.locator(".profiles-preview .path-part").evaluateAll((spans) =>
      spans.map((s) => {
        // The text's own boxes: a break at the <wbr> after it is the one allowed.
        const range = document.createRange();
        range.selectNodeContents(s.firstChild!);
        return range.getClientRects().length;
      }),
    );
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((lines) => lines === 1)).toBe(true);
    const summary = app.page.locator(".profiles-preview p").first();
    expect(await summary.evaluate((p) => p.scrollWidth <= p.clientWidth)).toBe(true);
    await app.screenshot("settings-profiles-preview");
    await app.page.getByRole("button", { name: "Write profiles" }).click();
    await app.page.getByText(/^Wrote /).waitFor();
    expect(await app.home.readConfig()).toContain("[profile ");

    // credential_process profiles need the command line tool: the app says so, links it, and
    // then writes lines naming the link.
    await app.page.getByLabel(/credential_process profiles/).check();
    await app.page.getByRole("button", { name: "Preview changes" }).click();
    await app.page.getByText(/not installed yet: choose Install command line tool/).waitFor();
    await app.page.getByRole("button", { name: "Install command line tool" }).click();
    const link = `${app.home.dir}/.local/bin/ssotray`;
    await app.page.getByText(`Linked ssotray as ${link}.`).waitFor();
    await app.page.getByRole("button", { name: "Preview changes" }).click();
    await app.page.getByRole("button", { name: "Write profiles" }).click();
    await app.page.getByText(/^Wrote /).waitFor();
    expect(await app.home.readConfig()).toContain(
      `credential_process = ${link} credential-process`,
    );
    await app.page.getByRole("button", { name: "Remove command line tool" }).click();
    await app.page.getByText(`Removed the ssotray link ${link}.`).waitFor();

    await app.page.getByLabel("Theme").selectOption("dark");
    await expect
      .poll(() => app.page.evaluate(() => document.documentElement.dataset.theme))
      .toBe("dark");
    await app.page.getByLabel("Theme").selectOption("system");
    await app.page.getByRole("button", { name: "Done" }).click();
    await app.search.waitFor();
    expect(await app.cspViolations()).toEqual([]);
  });
});

describe("a throttled portal", () => {
  it("still ends with every account and role", async () => {
    const slow = await startSimulator({
      accounts: 25,
      rolesPerAccount: 2,
      seed: 11,
      portalRateLimit: 6,
    });
    const throttled = await App.open(browser, { sim: slow });
    try {
      await throttled.addSession(slow.startUrl, slow.region, "browser");
      await throttled.page.locator("progress").first().waitFor();
      await throttled.waitForSyncDone(rolesIn(slow), 40_000);
      await expect(throttled.page.locator(".session .banner").count()).resolves.toBe(0);
      for (const account of slow.accounts().slice(0, 3)) {
        await throttled.typeSearch(account.accountId);
        await throttled.waitForRole(account.accountId, account.roles[0]!);
      }
    } finally {
      await throttled.close();
      await slow.close();
    }
  }, 60_000);
});
