// Settings → Diagnostics and Endpoints: the doctor checks on screen, a report copied with nothing
// secret in it, FIPS turned on for a session in its [sso-session], and its fallback regions set.
import type { Browser } from "playwright-core";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 33 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe("Diagnostics in Settings", () => {
  it("runs the checks, copies a masked report and sets FIPS for a session", async () => {
    const app = await App.open(browser, { sim });
    try {
      const page = app.page;
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      await page.getByRole("button", { name: "Settings" }).click();

      await page.getByRole("button", { name: "Run checks" }).click();
      const findings = page.getByRole("list", { name: "Diagnostics findings" });
      await expect.poll(() => findings.textContent()).toContain("signed in");
      expect(await findings.locator('[data-severity="error"]').count()).toBe(0);

      await page.getByRole("button", { name: "Copy report" }).click();
      await expect
        .poll(() => page.locator(".diagnostics").getByRole("status").textContent())
        .toContain("Report copied");
      expect(app.clipboard()).toContain("# SSO Tray doctor report");
      expect(app.clipboard()).toContain("sim-acme");
      const token = JSON.parse(await readFile(tokenFile(app), "utf8")) as { accessToken: string };
      expect(app.clipboard()).not.toContain(token.accessToken);

      const fips = page
        .locator(".session-endpoints .action-row", { hasText: "sim-acme" })
        .getByLabel("FIPS");
      await expect.poll(() => fips.isEnabled()).toBe(true);
      await fips.check();
      await expect
        .poll(() => readFile(app.home.configPath, "utf8"))
        .toMatch(/^use_fips_endpoint = true$/m);
    } finally {
      await app.close();
    }
  });

  it("sets a session's fallback regions, refusing another partition's as typed", async () => {
    const app = await App.open(browser, { sim });
    try {
      const page = app.page;
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      await page.getByRole("button", { name: "Settings" }).click();

      const order = page.locator('[data-region-order="sim-acme"]');
      await expect.poll(() => order.textContent()).toBe(`Regions in order: ${sim.region}`);
      const field = page.getByLabel(`Fallback regions after ${sim.region}`);
      const save = page.getByRole("button", { name: "Save regions" });
      await field.fill("eu-central-1, us-gov-west-1");
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator(".session-regions .hint-error").textContent()).toMatch(
        /us-gov-west-1 is not in aws/,
      );
      expect(await save.isDisabled()).toBe(true);

      await field.fill("eu-central-1, eu-north-1");
      expect(await field.getAttribute("aria-invalid")).toBe("false");
      await save.click();
      await expect
        .poll(() => order.textContent())
        .toBe(`Regions in order: ${sim.region} → eu-central-1 → eu-north-1`);
      expect(await readFile(app.home.configPath, "utf8")).toMatch(
        /^ssotray_fallback_regions = eu-central-1,eu-north-1$/m,
      );
    } finally {
      await app.close();
    }
  });
});

function tokenFile(app: App): string {
  // The AWS CLI's name for an sso-session's token file: the SHA-1 of the session's name.
  return path.join(
    app.home.cacheDir,
    `${createHash("sha1").update("sim-acme").digest("hex")}.json`,
  );
}
