// Consoles side by side: where a console opens (a session's browser profile, a rule's Firefox
// container), what the role's panel says when none opened, and the `ssotray exec` line copied for
// a role. Stand-in browsers on the service's PATH record how they were started.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome } from "../../test-support/test-home.js";
import { containerLink } from "../../core/browsers/launch-command.js";
import { standIns, type StandIns } from "../../test-support/stand-in-browser.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
let app: App;
let browsers: StandIns;
const SESSION = "sim-acme";

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 8, rolesPerAccount: 2, seed: 21 }),
  ]);
  browsers = standIns();
  // The stand-ins alone on PATH: no real browser may be found, or started.
  const home = await tempHome({ ...sim.env, PATH: browsers.bin });
  app = await App.open(browser, { sim, home });
  await app.addSession(sim.startUrl, sim.region, "browser");
  await app.waitForSessionState(SESSION, "signed-in");
  await app.waitForSyncDone(16);
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
  await sim?.close();
  browsers?.cleanup();
});

async function selectRole(accountId: string, roleName: string): Promise<void> {
  await app.typeSearch(accountId);
  await (await app.waitForRole(accountId, roleName)).click();
}

async function openSettings(): Promise<void> {
  await app.page.getByRole("button", { name: "Settings" }).click();
  await app.page.getByRole("heading", { name: "Where consoles open" }).waitFor();
}

async function closeSettings(): Promise<void> {
  await app.page.getByRole("button", { name: "Done" }).click();
}

describe("consoles side by side", () => {
  it("copies an ssotray exec line for the chosen role from More", async () => {
    const target = sim.accounts()[1]!;
    await selectRole(target.accountId, target.roles[1]!);
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("button", { name: "Copy exec line" }).click();
    await app.waitForStatus(/Copied an ssotray exec line/);
    expect(app.clipboard()).toBe(
      `ssotray exec --session "${SESSION}" --account "${target.accountId}" --role "${target.roles[1]}" -- `,
    );
  });

  it("opens the session's consoles in the browser profile chosen in Settings", async () => {
    browsers.program("chromium");
    await openSettings();
    const row = app.page.getByRole("group", { name: `Consoles of ${SESSION}` });
    await row.getByLabel("Open consoles in").selectOption("chromium");
    await row.getByLabel("Browser profile").fill("Profile 2");
    await row.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(async () => (await app.service.getState()).settings.consoleBrowsers.sessions[SESSION])
      .toEqual({ kind: "browser", browser: "chromium", profile: "Profile 2" });
    await closeSettings();

    const target = sim.accounts()[2]!;
    await selectRole(target.accountId, target.roles[0]!);
    await app.page.getByRole("button", { name: "Open console" }).click();
    await app.waitForStatus(/Opened the console/);
    const [profile, url] = browsers.starts().at(-1)!;
    expect(profile).toBe("--profile-directory=Profile 2");
    expect(await (await fetch(url!)).text()).toContain(`data-account-id="${target.accountId}"`);
  });

  it("sends accounts whose name matches a rule to a Firefox container", async () => {
    browsers.program("firefox");
    const target = sim.accounts()[5]!;
    const word = target.accountName.split("-")[0]!;
    await openSettings();
    const rule = app.page.getByRole("group", { name: "New rule" });
    // A hint, not a value: the placeholder is drawn apart from typed text.
    const placeholder = await rule
      .getByLabel("Account name contains")
      .evaluate((input: HTMLInputElement) => ({
        text: input.placeholder,
        hint: getComputedStyle(input, "::placeholder").fontStyle,
        typed: getComputedStyle(input).fontStyle,
      }));
    expect(placeholder.text).toBe("e.g. prod");
    expect(placeholder.hint).not.toBe(placeholder.typed);
    await rule.getByLabel("Account name contains").fill(word);
    await rule.getByLabel("Open consoles in").selectOption("container");
    // A container is named on its own: no browser profile beside it.
    await rule.getByLabel("Browser profile").waitFor({ state: "detached" });
    // The fields of the row are one width (the portal's tick box apart).
    const widths = await rule
      .locator("input:not([type=checkbox]), select")
      .evaluateAll((fields) => fields.map((f) => Math.round(f.getBoundingClientRect().width)));
    expect(new Set(widths).size).toBe(1);
    await rule.getByLabel("Container name").fill("-bad");
    await expect
      .poll(() => rule.getByRole("alert").textContent())
      .toMatch(/A container name is 1 to 64 characters/);
    await rule.getByLabel("Container name").fill("prod");
    await rule.getByRole("button", { name: "Add rule" }).click();
    await app.page
      .getByRole("list", { name: "Rules" })
      .getByText(`Accounts whose name contains “${word}”: Firefox, container 'prod'`)
      .waitFor();
    await closeSettings();

    await selectRole(target.accountId, target.roles[1]!);
    await app.page.getByRole("button", { name: "Open console" }).click();
    await app.waitForStatus(/Opened the console/);
    const [target_] = browsers.starts().at(-1)!;
    const url = new URLSearchParams(target_!.slice("ext+container:".length)).get("url")!;
    expect(target_).toBe(containerLink("prod", url));
    expect(await (await fetch(url)).text()).toContain(`data-role-name="${target.roles[1]}"`);
  });

  it("says in the role's panel when the browser did not open", async () => {
    browsers.program("chromium", { status: 1 });
    const target = sim.accounts()[3]!;
    await selectRole(target.accountId, target.roles[0]!);
    await app.page.getByRole("button", { name: "Open console" }).click();
    await expect
      .poll(() => app.page.locator(".banner-error").first().textContent())
      .toMatch(
        /The console did not open in Chromium, profile 'Profile 2': .*exited with status 1.*Copy its link from More/,
      );
  });
});
