// A long cached list shows its first screen from a small answer, then the whole list follows: the
// count, the search and the last account are all there, as if it had come in one piece.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    // More accounts than the first screen holds (FIRST_STATE in shared/api-client.ts).
    startSimulator({ accounts: 150, rolesPerAccount: 1, seed: 31, portalRateLimit: 10_000 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe("a long cached list on start", () => {
  it("paints the first screen, then holds every account", async () => {
    const app = await App.open(browser, { sim });
    try {
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      await app.waitForSyncDone(150);

      await app.restartService();
      await app.waitForSyncDone(150);
      // The page asked for the first screen and then for the rest.
      const marks = await app.page.evaluate(() =>
        ["sso:state-received", "sso:rest-received"].map(
          (name) => performance.getEntriesByName(name).length,
        ),
      );
      expect(marks).toEqual([1, 1]);
      const last = sim.accounts().at(-1)!;
      await app.typeSearch(last.accountName);
      await app.waitForRole(last.accountId, last.roles[0]!);
    } finally {
      await app.close();
    }
  });
});
