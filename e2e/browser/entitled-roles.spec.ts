// Account access manager roles in the app: a session added with a tenant lists its entitled roles
// beside the permission sets, marked, found by the search, with credentials that STS knows as the
// entitled role and consoles that sign in through federation (the access portal does not list
// them); the session's menu names, changes and removes the tenant.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
const SESSION = "sim-acme";
const ENTITLED = 4;
const rolesIn = (s: Simulator) => s.accounts().reduce((n, a) => n + a.roles.length, 0);
/** The entitled roles the list shows, each once (a favourite or recent one shows twice). */
const entitledShown = (app: App) =>
  app.page
    .locator("[role=option][data-role-arn]")
    .evaluateAll((chips) => new Set(chips.map((c) => c.getAttribute("data-role-arn"))).size);
/** The simulator's entitled roles: spread over its accounts, every other one without a name. */
const arnOf = (i: number) => {
  const account = sim.accounts()[i % sim.accounts().length]!;
  return `arn:aws:iam::${account.accountId}:role/entitled/Entitled${i}`;
};

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({
      accounts: 6,
      rolesPerAccount: 2,
      seed: 29,
      accountAccessTenant: "aa-sim",
      entitledRoles: ENTITLED,
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

/** The credentials a bash export block holds. */
function exported(text: string): Record<string, string> {
  return Object.fromEntries(
    [...text.matchAll(/^export (\w+)=["']?([^"'\n]+)["']?$/gm)].map((m) => [m[1]!, m[2]!]),
  );
}

describe("a session with an account access tenant", () => {
  let app: App;
  beforeAll(async () => {
    app = await App.open(browser, { sim });
    // A tenant id the form refuses says why, and keeps the session from being added.
    await app.page.getByLabel("Account access tenant id (optional)").fill("AA-Sim");
    await app.page.getByText(/A tenant id looks like aa-example/).waitFor();
    await app.addSession(sim.startUrl, sim.region, "browser", { tenantId: "aa-sim" });
    await app.waitForSessionState(SESSION, "signed-in");
    await app.waitForSyncDone(rolesIn(sim) + ENTITLED);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists the entitled roles beside the permission sets, marked, with their ARN", async () => {
    const entitled = app.page.locator("[role=option][data-role-arn]");
    await expect.poll(() => entitled.count()).toBe(ENTITLED);
    for (let i = 0; i < ENTITLED; i += 1) {
      const chip = app.entitledChip(arnOf(i));
      await expect(chip.textContent()).resolves.toMatch(new RegExp(`^Entitled${i} entitlement$`));
      await expect(chip.getAttribute("title")).resolves.toContain(arnOf(i));
      // In its account's card, after that account's permission sets.
      const card = chip.locator("xpath=ancestor::div[contains(@class,'account')][1]");
      const accountId = sim.accounts()[i % sim.accounts().length]!.accountId;
      await expect(card.getAttribute("data-account-id")).resolves.toBe(accountId);
      const roles = await card
        .locator("[role=option]")
        .evaluateAll((chips) =>
          chips.map((c) => (c.hasAttribute("data-role-arn") ? "entitled" : "permission set")),
        );
      expect(roles.indexOf("entitled")).toBeGreaterThan(roles.lastIndexOf("permission set"));
    }
    await app.screenshot("entitled-roles");
    expect(await app.cspViolations()).toEqual([]);
  });

  it("finds an entitled role by its name, by the word entitlement and by its ARN", async () => {
    await app.typeSearch("entitled2");
    await app.entitledChip(arnOf(2)).waitFor();
    await expect.poll(() => app.page.locator("[role=option]").count()).toBe(1);
    await app.typeSearch("entitlement");
    await expect.poll(() => app.page.locator("[role=option]").count()).toBe(ENTITLED);
    await expect(app.page.locator("[role=option][data-role-arn]").count()).resolves.toBe(ENTITLED);
    await app.typeSearch(arnOf(3));
    await expect.poll(() => app.page.locator("[role=option]").count()).toBe(1);
    await app.entitledChip(arnOf(3)).waitFor();
  });

  it("copies credentials that STS knows as the entitled role, in bash and JSON, and shows them", async () => {
    const arn = arnOf(1);
    const accountId = arn.split(":")[4]!;
    await app.typeSearch("Entitled1");
    await app.entitledChip(arn).click();
    // The actions name the role by its ARN.
    await app.page.locator(".role-actions .role-arn", { hasText: arn }).waitFor();
    await app.page.getByRole("button", { name: "Copy credentials" }).click();
    await app.waitForStatus(/Copied bash credentials for Entitled1 in .* \(entitlement\)/);
    const keys = exported(app.clipboard());
    expect(keys.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const sts = new STSClient({
      region: sim.region,
      endpoint: sim.env.AWS_ENDPOINT_URL_STS,
      credentials: {
        accessKeyId: keys.AWS_ACCESS_KEY_ID!,
        secretAccessKey: keys.AWS_SECRET_ACCESS_KEY!,
        sessionToken: keys.AWS_SESSION_TOKEN!,
      },
    });
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe(accountId);
      expect(identity.Arn).toMatch(
        new RegExp(`^arn:aws:sts::${accountId}:assumed-role/Entitled1/`),
      );
    } finally {
      sts.destroy();
    }

    await app.page.getByRole("button", { name: "More actions" }).click();
    const formatBox = app.page.getByRole("combobox", { name: "Credential format" });
    await formatBox.selectOption("json");
    await expect.poll(() => formatBox.inputValue()).toBe("json");
    await app.page.getByRole("button", { name: "Copy credentials" }).click();
    await app.waitForStatus(/Copied JSON credentials for Entitled1/);
    expect(app.clipboard()).toContain(keys.AWS_ACCESS_KEY_ID!);
    await formatBox.selectOption("bash");
    await expect.poll(() => formatBox.inputValue()).toBe("bash");

    await app.page.getByRole("button", { name: "Show credentials" }).click();
    await expect
      .poll(() => app.page.getByLabel("AWS_ACCESS_KEY_ID").inputValue())
      .toBe(keys.AWS_ACCESS_KEY_ID);
    await app.page.getByRole("button", { name: "Hide credentials" }).click();

    await app.page.getByRole("button", { name: "Copy exec line" }).click();
    await app.waitForStatus(/Copied an ssotray exec line for Entitled1/);
    expect(app.clipboard()).toContain("--role-arn");
    expect(app.clipboard()).toContain(arn);
  });

  it("opens consoles through federation, and says why where Settings choose the portal", async () => {
    await app.service.updateSettings({
      consoleBrowsers: { sessions: { [SESSION]: { kind: "default", viaPortal: true } }, rules: [] },
    });
    const arn = arnOf(0);
    const accountId = arn.split(":")[4]!;
    await app.typeSearch("Entitled0");
    await app.entitledChip(arn).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("note").filter({ hasText: "No access portal link" }).waitFor();
    await app.page.getByRole("button", { name: "Copy link" }).click();
    await app.waitForStatus(/Copied a console link for Entitled0/);
    expect(app.clipboard()).toContain(`${sim.url}/federation`);
    expect(app.clipboard()).not.toContain("#/console");
    await app.screenshot("entitled-role-actions");

    await app.page.getByRole("button", { name: "Open console" }).click();
    const url = await app.waitForOpened((u) => u.includes("/federation"));
    const page = await (await fetch(url)).text();
    expect(page).toContain(`data-account-id="${accountId}"`);

    // A permission set in the same account still gets the portal's link.
    const account = sim.accounts().find((a) => a.accountId === accountId)!;
    await app.typeSearch(accountId);
    await (await app.waitForRole(accountId, account.roles[0]!)).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await expect(app.page.getByRole("note").count()).resolves.toBe(0);
    await app.page.getByRole("button", { name: "Copy link" }).click();
    await app.waitForStatus(/Copied an access portal console link/);
    expect(app.clipboard()).toContain("#/console?account_id=");
    await app.service.updateSettings({ consoleBrowsers: { sessions: {}, rules: [] } });
  });

  it("keeps an entitled role as a favourite across a reload and a new AppService", async () => {
    const arn = arnOf(2);
    await app.typeSearch("Entitled2");
    await app.entitledChip(arn).click();
    await app.page.getByRole("button", { name: "More actions" }).click();
    await app.page.getByRole("button", { name: "Add to favourites" }).click();
    await app.page.getByRole("button", { name: "Remove from favourites" }).waitFor();
    await app.search.fill("");
    await app.page.locator(".section-header", { hasText: "Favourites" }).waitFor();
    const first = app.page.locator("[role=option]").first();
    await expect.poll(() => first.getAttribute("data-role-arn")).toBe(arn);
    await app.reload();
    await expect.poll(() => first.getAttribute("data-role-arn")).toBe(arn);
    // A new AppService shows them from the cache it keeps beside the account lists.
    await app.restartService();
    await expect.poll(() => first.getAttribute("data-role-arn")).toBe(arn);
    await expect.poll(() => entitledShown(app)).toBe(ENTITLED);
  });

  it("shows, checks, removes and names the tenant in the session's menu", async () => {
    const menu = app.page.getByRole("button", { name: `Session menu for ${SESSION}` });
    await menu.click();
    await app.page.locator(".popover [data-tenant]", { hasText: "aa-sim" }).waitFor();
    await app.screenshot("session-menu-with-tenant");
    await app.page.getByRole("button", { name: "Change account access tenant…" }).click();
    const field = app.page.getByLabel("Account access tenant id", { exact: true });
    await field.fill("aa_wrong");
    await app.page.getByText(/A tenant id looks like aa-example/).waitFor();
    await expect(app.page.getByRole("button", { name: "Save" }).isDisabled()).resolves.toBe(true);
    await app.screenshot("session-menu-tenant");
    await app.page.getByRole("button", { name: "Cancel" }).click();

    await app.page.getByRole("button", { name: "Remove account access tenant" }).click();
    await expect.poll(() => entitledShown(app)).toBe(0);
    await app.page.locator("#search-count", { hasText: `${rolesIn(sim)} roles` }).waitFor();
    expect((await app.service.getState({})).sessions[0]?.accountAccessTenant).toBeUndefined();

    await menu.click();
    await expect(app.page.locator(".popover [data-tenant]").count()).resolves.toBe(0);
    await app.page.getByRole("button", { name: "Set account access tenant…" }).click();
    await field.fill("aa-sim");
    await app.page.getByRole("button", { name: "Save" }).click();
    // The sign-in asked for the account access scopes already: the roles come back without one,
    // and no word of a new sign-in stays on screen.
    await expect.poll(() => entitledShown(app)).toBe(ENTITLED);
    await expect
      .poll(() =>
        app
          .session(SESSION)
          .getByText(/Sign in again to get the account access/)
          .count(),
      )
      .toBe(0);
    expect((await app.service.getState({})).sessions[0]?.accountAccessTenant).toBe("aa-sim");
  });
});

describe("a tenant named for a session signed in without one", () => {
  it("asks for a new sign-in, which brings the account access scopes and the entitled roles", async () => {
    const app = await App.open(browser, { sim });
    try {
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState(SESSION, "signed-in");
      await app.waitForSyncDone(rolesIn(sim));
      await expect(entitledShown(app)).resolves.toBe(0);

      await app.page.getByRole("button", { name: `Session menu for ${SESSION}` }).click();
      await app.page.getByRole("button", { name: "Set account access tenant…" }).click();
      await app.page.getByLabel("Account access tenant id", { exact: true }).fill("aa-sim");
      await app.page.getByRole("button", { name: "Save" }).click();
      const note = app
        .session(SESSION)
        .getByRole("status")
        .filter({ hasText: /Sign in again to get the account access scopes for tenant aa-sim/ });
      await note.waitFor();
      await app.screenshot("session-tenant-set");
      await note.getByRole("button", { name: "Sign in again" }).click();
      await app.waitForSessionState(SESSION, "signed-in");
      await expect.poll(() => entitledShown(app)).toBe(ENTITLED);
      await note.waitFor({ state: "detached" });
    } finally {
      await app.close();
    }
  });
});

describe("entitled roles in accounts the portal does not list", () => {
  let other: Simulator;
  let app: App;
  beforeAll(async () => {
    other = await startSimulator({
      accounts: 3,
      rolesPerAccount: 1,
      seed: 31,
      accountAccessTenant: "aa-sim",
      entitledRoles: 1,
      entitledElsewhere: 2,
    });
    app = await App.open(browser, { sim: other });
    await app.addSession(other.startUrl, other.region, "browser", { tenantId: "aa-sim" });
    await app.waitForSessionState(SESSION, "signed-in");
    await app.waitForSyncDone(rolesIn(other) + 3);
  });
  afterAll(async () => {
    await app?.close();
    await other?.close();
  });

  it("shows each in an account of its own, named by the entitlement or else by its id", async () => {
    const expected = [
      ["999999990000", "shared-services-0", "Elsewhere0"],
      ["999999990001", "999999990001", "Elsewhere1"],
    ] as const;
    for (const [accountId, name, role] of expected) {
      const chip = app.entitledChip(`arn:aws:iam::${accountId}:role/${role}`);
      const card = chip.locator("xpath=ancestor::div[contains(@class,'account')][1]");
      await expect(card.getAttribute("data-account-id")).resolves.toBe(accountId);
      await expect(card.textContent()).resolves.toContain(name);
      // Its only role is the entitlement: the portal has no permission set there.
      await expect(card.locator("[role=option]").count()).resolves.toBe(1);
    }
  });
});
