// Settings → Chained roles: a role ARN assumed from one of the portal's roles is written to
// ~/.aws/config as the AWS CLI reads it, listed in Settings, and drawn right after the role it
// starts from, acting as the chained role.
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
let app: App;
const SESSION = "sim-acme";
const TARGET = "arn:aws:iam::222222222222:role/ops/Deploy";

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({
      accounts: 4,
      rolesPerAccount: 2,
      seed: 33,
      chainRoles: ["arn:aws:iam::222222222222:role/*"],
    }),
  ]);
  app = await App.open(browser, { sim });
  await app.addSession(sim.startUrl, sim.region, "browser");
  await app.waitForSessionState(SESSION, "signed-in");
  await app.waitForSyncDone(8);
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
  await sim?.close();
});

describe("Settings → Chained roles", () => {
  it("adds a chained role only once its fields are right, and lists it under its source role", async () => {
    const source = sim.accounts()[2]!;
    await app.page.getByRole("button", { name: "Settings" }).click();
    const form = app.page.getByRole("group", { name: "New chained role" });
    const add = form.getByRole("button", { name: "Add chained role" });
    await form.getByLabel("From account id").fill(source.accountId);
    await form.getByLabel("From role").fill(source.roles[0]!);
    await form.getByLabel("Role ARN to assume").fill("arn:aws:iam::222222222222:user/Deploy");
    expect(await add.isDisabled()).toBe(true);
    await form.getByLabel("Role ARN to assume").fill(TARGET);
    await form.getByLabel("Role session name").fill("deployer");
    await form.getByLabel("External id").fill("ext-7");
    await add.click();
    await app.waitForStatus(/Added the chained role arn:aws:iam::222222222222:role\/ops\/Deploy/);
    const listed = app.page.getByRole("list", { name: "Chained roles" });
    await expect(listed.textContent()).resolves.toContain(
      `Deploy-222222222222: ${TARGET}, from ${source.roles[0]} in ${source.accountId}`,
    );
    const config = await readFile(app.home.locations.awsConfig, "utf8");
    expect(config).toContain(
      `[profile Deploy-222222222222]\nrole_arn = ${TARGET}\nsource_profile = ${SESSION}-${source.accountId}-${source.roles[0]}\nrole_session_name = deployer\nexternal_id = ext-7\n`,
    );
    await app.page.getByRole("button", { name: "Done" }).click();
    // In the list right after the role it starts from, and acting as the chained role.
    const chip = app.page.locator('[role=option][data-profile="Deploy-222222222222"]').first();
    await chip.waitFor();
    await expect(chip.getAttribute("data-account-id")).resolves.toBe(source.accountId);
  });
});
