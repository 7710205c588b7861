// Accessibility: axe-core's rules on every main screen in light and dark, and a whole journey from
// first run to copied credentials with the keyboard alone, focus visible at every stop.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;
let axeSource: string;

beforeAll(async () => {
  [browser, sim, axeSource] = await Promise.all([
    launchChromium(),
    startSimulator({
      accounts: 8,
      rolesPerAccount: 2,
      seed: 21,
      accountAccessTenant: "aa-sim",
      entitledRoles: 2,
    }),
    readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8"),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Every rule axe finds broken on the page as it is now, in both colour schemes. The page's
 * Content-Security-Policy allows no inline script, so axe arrives through evaluation, which the
 * policy does not govern.
 */
async function axeFindings(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await page.evaluate(async (source) => {
      const w = window as unknown as {
        axe?: {
          run(context: Document): Promise<{
            passes: unknown[];
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: unknown[] }>;
            }>;
          }>;
        };
      };
      if (!w.axe) (0, eval)(source);
      const result = await w.axe!.run(document);
      // A run that checked nothing would pass vacuously.
      if (result.passes.length < 10)
        throw new Error(`axe checked only ${result.passes.length} rules`);
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      }));
    }, axeSource);
    for (const v of violations as Violation[]) {
      found.push(`${scheme}: ${v.id} (${v.impact}) ${v.help}: ${v.targets.join(", ")}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

describe("axe", () => {
  it("finds nothing on the first-run, list, role, menus and settings screens, light or dark", async () => {
    const app = await App.open(browser, { sim });
    try {
      await app.page.getByLabel("AWS access portal URL (start URL)").waitFor();
      const findings = await axeFindings(app.page);
      // With an account access tenant: its entitled roles are marked in the list.
      await app.addSession(sim.startUrl, sim.region, "browser", { tenantId: "aa-sim" });
      await app.waitForSessionState("sim-acme", "signed-in");
      await app.waitForSyncDone(18);
      findings.push(...(await axeFindings(app.page)));
      await app.typeSearch(sim.accounts()[2]!.accountName.slice(0, 5));
      findings.push(...(await axeFindings(app.page)));
      // A role chosen, its actions on its row with the "more" menu open, and the session's menu.
      await app.page.locator("[role=option]").first().click();
      await app.page.getByRole("button", { name: "More actions" }).click();
      await app.page.getByRole("button", { name: "Copy link" }).waitFor();
      await app.page.getByRole("button", { name: "Session menu for sim-acme" }).click();
      await app.page.getByRole("button", { name: "Sign in with a device code" }).waitFor();
      findings.push(...(await axeFindings(app.page)));
      // The menu's tenant form, saying what is wrong with what was typed.
      await app.page.getByRole("button", { name: "Change account access tenant…" }).click();
      await app.page.getByLabel("Account access tenant id", { exact: true }).fill("AA");
      await app.page.getByText(/A tenant id looks like/).waitFor();
      findings.push(...(await axeFindings(app.page)));
      await app.page.keyboard.press("Escape");
      // An entitled role chosen, its ARN in its actions.
      await app.typeSearch("entitlement");
      await app.page.locator("[role=option][data-role-arn]").first().click();
      await app.page.locator(".role-actions .role-arn").waitFor();
      findings.push(...(await axeFindings(app.page)));
      await app.page.getByRole("button", { name: "Settings" }).click();
      await app.page.getByRole("heading", { name: "Settings" }).waitFor();
      findings.push(...(await axeFindings(app.page)));
      expect(findings).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

/** What has focus, and whether it shows: an outline or a ring drawn with box-shadow. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { name: "(nothing)", visible: false };
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const name =
      element.getAttribute("aria-label") ??
      (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
      element.textContent?.trim() ??
      element.tagName;
    return { name, visible: outlined || style.boxShadow !== "none" };
  });
}

/** Presses Tab until `name` has focus, checking every control passed on the way shows its focus. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    expect(now.visible, `focus on "${now.name}" is not visible`).toBe(true);
    if (now.name === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe("the keyboard alone", () => {
  it("adds a session, signs in, finds a role and copies its credentials, focus always visible", async () => {
    const app = await App.open(browser, { sim });
    try {
      const page = app.page;
      // The start URL box has focus on first run.
      await expect.poll(() => focused(page).then((f) => f.name)).toContain("start URL");
      await page.keyboard.type(sim.startUrl);
      await tabTo(page, "Identity Center region");
      await page.keyboard.type(sim.region);
      await tabTo(page, "Sign in with the browser");
      await page.keyboard.press("Enter");
      await app.waitForSessionState("sim-acme", "signed-in");
      await app.waitForSyncDone(16);

      // The search box has focus on the list; arrows move the selection.
      const target = sim.accounts()[3]!;
      await expect.poll(() => focused(page).then((f) => f.name)).toContain("Search");
      await page.keyboard.type(target.accountId);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowUp");
      await expect
        .poll(() =>
          page.locator("[role=option][aria-selected=true]").getAttribute("data-account-id"),
        )
        .toBe(target.accountId);
      await tabTo(page, "Copy credentials");
      await page.keyboard.press("Enter");
      await expect.poll(() => app.clipboard()).toMatch(/AWS_ACCESS_KEY_ID/);
      expect(await app.cspViolations()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
