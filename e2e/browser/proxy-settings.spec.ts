// The proxy choice in Settings: a URL is checked as it is typed in, saved only when usable, and
// the choice reaches the service that makes the calls.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { startTinyproxy, tinyproxyCommand, tinyproxyGate } from "../../test-support/tinyproxy.js";
import { App } from "../support/app.js";
import { launchChromium } from "../support/chromium.js";

let browser: Browser;
let sim: Simulator;

beforeAll(async () => {
  [browser, sim] = await Promise.all([
    launchChromium(),
    startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 23 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe("the proxy in Settings", () => {
  it("offers environment, none or a URL, refuses a URL it cannot use, and saves the choice", async () => {
    const app = await App.open(browser, { sim });
    try {
      const page = app.page;
      await app.addSession(sim.startUrl, sim.region, "browser");
      await app.waitForSessionState("sim-acme", "signed-in");
      await page.getByRole("button", { name: "Settings" }).click();
      const mode = page.getByLabel("Proxy for SSO Tray's calls to AWS");
      expect(await mode.inputValue()).toBe("environment");
      await expect.poll(() => page.getByText("uses its own proxy settings").count()).toBe(1);

      await mode.selectOption("url");
      const url = page.getByLabel("Proxy URL");
      await url.fill("proxy.example.com:3128");
      await url.press("Enter");
      await expect
        .poll(() => page.getByRole("alert").textContent())
        .toContain("must start with http:// or https://");
      const settings = async () => (await app.service.getState()).settings;
      expect((await settings()).proxyMode).toBe("environment");

      await url.fill("http://proxy.example.com:3128");
      await url.press("Enter");
      await expect.poll(async () => (await settings()).proxyMode).toBe("url");
      expect((await settings()).proxyUrl).toBe("http://proxy.example.com:3128");
      expect(await page.getByRole("alert").count()).toBe(0);

      await mode.selectOption("none");
      await expect.poll(async () => (await settings()).proxyMode).toBe("none");
    } finally {
      await app.close();
    }
  });

  it.skipIf(!tinyproxyCommand)(
    tinyproxyGate.title(
      "says on the sign-in screen that the browser uses its own proxy settings when SSO Tray's calls use a proxy",
    ),
    async () => {
      const proxy = await startTinyproxy();
      sim.setOptions({ deviceApproval: "visit" });
      const app = await App.open(browser, { sim });
      try {
        await app.service.updateSettings({ proxyMode: "url", proxyUrl: proxy.url });
        await app.addSession(sim.startUrl, sim.region, "device");
        await app.page.locator(".device-code").waitFor();
        await expect
          .poll(() => app.page.locator(".sign-in .hint").textContent())
          .toBe(
            `Your browser uses its own proxy settings for this page, not the proxy ${proxy.url} (from SSO Tray's Settings) that SSO Tray's calls go through.`,
          );
        // The code came through the proxy (plain HTTP here: forwarded, not tunnelled).
        expect((await proxy.requests()).join("\n")).toContain(`http://127.0.0.1:${sim.port}/`);
      } finally {
        sim.setOptions({ deviceApproval: { afterPolls: 1 } });
        await app.close();
        await proxy.stop();
      }
    },
  );
});
