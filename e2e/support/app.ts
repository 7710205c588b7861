// The browser specs drive SSO Tray through this one class: the built renderer in Chromium, the
// real AppService (core + Node platform) in this process bound into the page, the simulator
// behind it, and an isolated HOME. Specs read as steps ("addSession", "waitForRole") rather than
// selectors.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import type { EventName, Events } from "../../shared/api.js";
import { AppService, type UpdateInstaller } from "../../core/service/service.js";
import { invokeCall } from "../../core/service/wire.js";
import { createNodePlatform, type NodePlatform } from "../../core/platform/node-platform.js";
import { tempHome, type TestHome } from "../../test-support/test-home.js";
import type { Simulator } from "../../simulator/index.js";
import { bridgeScript, builtRenderer } from "./build.js";
import { serveFolder, type StaticServer } from "./static-server.js";

/**
 * Where screenshots go: e2e/artifacts/screenshots (ignored by git) on every run, so a test run
 * leaves the tracked docs/screenshots alone; `npm run screenshots` points this at docs/screenshots
 * to refresh the documented ones.
 */
export const SCREENSHOT_DIR = process.env.SSOTRAY_SCREENSHOT_DIR
  ? path.resolve(process.env.SSOTRAY_SCREENSHOT_DIR)
  : fileURLToPath(new URL("../artifacts/screenshots/", import.meta.url));

export interface AppOptions {
  sim: Simulator;
  /** Reuse a home (and so its ~/.aws and settings) from an earlier App. */
  home?: TestHome;
  colorScheme?: "light" | "dark";
  /** The app's updater (electron/update), where a spec runs one. */
  updates?: UpdateInstaller;
}

/**
 * What the app's Node platform opens in "the browser": the OIDC authorize page is followed the way
 * a browser would (the simulator approves it and redirects to the app's loopback listener);
 * anything else (a device verification page, a console sign-in link) is only recorded, for the
 * spec to visit when it chooses.
 */
function testBrowser(seen: string[]): (url: string) => Promise<void> {
  return async (given) => {
    // The app hands a browser a one-time loopback address (core/browsers/handoff.ts): ask it
    // once, as a browser does, for the page behind it.
    let url = given;
    if (/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/.test(given)) {
      const res = await fetch(given, { redirect: "manual" });
      await res.arrayBuffer();
      url = res.headers.get("location") ?? given;
    }
    seen.push(url);
    // The authorize page (browser sign-in) and the device page (visiting it approves the code).
    if (!/\/(authorize|device)$/.test(new URL(url).pathname)) return;
    let next: string | null = url;
    for (let hops = 0; next && hops < 5; hops += 1) {
      const res: Response = await fetch(next, { redirect: "manual" });
      const location = res.headers.get("location");
      await res.arrayBuffer();
      next = location ? new URL(location, next).toString() : null;
    }
  };
}

export class App {
  service!: AppService;
  platform!: NodePlatform;
  /** What the browser was sent to, past the one-time loopback addresses. */
  readonly seen: string[] = [];
  private unsubscribe: (() => void) | undefined;

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly server: StaticServer,
    readonly home: TestHome,
    readonly sim: Simulator,
    private readonly updates: UpdateInstaller | undefined,
  ) {}

  static async open(browser: Browser, options: AppOptions): Promise<App> {
    const [root, bridge] = await Promise.all([builtRenderer(), bridgeScript()]);
    const server = await serveFolder(root);
    const home = options.home ?? (await tempHome(options.sim.env));
    const cli = path.join(home.dir, "SSO Tray", "resources", "cli", "ssotray");
    await mkdir(path.dirname(cli), { recursive: true });
    await writeFile(cli, "#!/bin/sh\necho 0.1.0\n", { mode: 0o755 });
    const context = await browser.newContext({
      viewport: { width: 420, height: 640 },
      deviceScaleFactor: 1,
      colorScheme: options.colorScheme ?? "light",
      reducedMotion: "reduce",
    });
    // Fail a step in seconds with the locator's name, long before the test's own timeout.
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const app = new App(page, context, server, home, options.sim, options.updates);
    app.startService();
    // Results and events cross as JSON text: Playwright serialises structured values object by
    // object, which for a 5,000-account list costs half a second that Electron's IPC does not.
    await page.exposeBinding("__ssoInvoke", async (_source, name: unknown, input: unknown) =>
      JSON.stringify(await invokeCall(app.service, name, input)),
    );
    await page.addInitScript({ content: bridge });
    await page.goto(server.url);
    return app;
  }

  /** A fresh AppService on the same home, as after restarting the app. */
  async restartService(): Promise<void> {
    this.stopService();
    this.startService();
    await this.reload();
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }

  private startService(): void {
    this.platform = createNodePlatform({ open: testBrowser(this.seen) });
    this.service = new AppService({
      env: this.home.env,
      locations: this.home.locations,
      platform: this.platform,
      warn: () => {},
      // The app's resources: an ssotray stand-in that knows --version, linked into this home.
      cliTool: {
        executable: path.join(this.home.dir, "SSO Tray", "resources", "cli", "ssotray"),
        platform: "linux",
        env: { HOME: this.home.dir, PATH: path.join(this.home.dir, ".local", "bin") },
      },
      ...(this.updates ? { updates: this.updates } : {}),
    });
    this.unsubscribe = this.service.onAny((event: EventName, payload: unknown) =>
      this.emit(event, payload as Events[typeof event]),
    );
  }

  /** An event to the page, as the main process sends those it has beside the service's. */
  emit<E extends EventName>(event: E, payload: Events[E]): void {
    // Events keep their order: Playwright sends evaluations one after another.
    this.page
      .evaluate(
        ([name, json]) =>
          (window as unknown as { __ssoEmit?: (e: string, p: unknown) => void }).__ssoEmit?.(
            name,
            JSON.parse(json) as unknown,
          ),
        [event, JSON.stringify(payload)] as const,
      )
      .catch(() => undefined);
  }

  private stopService(): void {
    this.unsubscribe?.();
    this.service.dispose();
  }

  async close(): Promise<void> {
    this.stopService();
    await this.context.close();
    await this.server.close();
  }

  // ---- steps -----------------------------------------------------------------------------------

  get search(): Locator {
    return this.page.locator("#search");
  }

  /** `tenantId`: the form's optional account access tenant id; `fips`, `dualStack`: its boxes. */
  async addSession(
    startUrl: string,
    region: string,
    method: "browser" | "device",
    options: { tenantId?: string; fips?: boolean; dualStack?: boolean } = {},
  ): Promise<void> {
    await this.page.getByLabel("AWS access portal URL (start URL)").fill(startUrl);
    await this.page.getByRole("searchbox", { name: "Identity Center region" }).fill(region);
    await this.page.getByRole("listbox", { name: "Identity Center region" }).selectOption(region);
    if (options.tenantId !== undefined)
      await this.page.getByLabel("Account access tenant id (optional)").fill(options.tenantId);
    if (options.fips) await this.page.getByRole("checkbox", { name: "FIPS" }).check();
    if (options.dualStack) await this.page.getByRole("checkbox", { name: /Dual-stack/ }).check();
    await this.page
      .getByRole("button", {
        name: method === "browser" ? "Sign in with the browser" : "Use a device code",
      })
      .click();
  }

  async typeSearch(query: string): Promise<void> {
    await this.search.fill("");
    await this.search.pressSequentially(query);
  }

  /** The chip of an entitled role (account access manager), by its ARN. */
  entitledChip(roleArn: string): Locator {
    return this.page.locator(`[role=option][data-role-arn="${roleArn}"]`).first();
  }

  chip(accountId: string, roleName: string): Locator {
    return this.page
      .locator(`[role=option][data-account-id="${accountId}"][data-role-name="${roleName}"]`)
      .first();
  }

  /**
   * The account rows wholly inside the list's visible area, and whether the selected role's
   * actions row is among what shows.
   */
  async visibleRows(): Promise<{ accounts: number; actions: boolean }> {
    return this.page.evaluate(() => {
      const list = document.getElementById("role-list");
      if (!list) return { accounts: 0, actions: false };
      const box = list.getBoundingClientRect();
      const inside = (e: Element) => {
        const r = e.getBoundingClientRect();
        return r.height > 0 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
      };
      return {
        accounts: [...list.querySelectorAll(".account")].filter(inside).length,
        actions: [...list.querySelectorAll(".role-actions")].some(inside),
      };
    });
  }

  session(name: string): Locator {
    return this.page.locator(`section.session[data-session="${name}"]`);
  }

  /** The clipboard of the Node platform (what the app copied). */
  clipboard(): string {
    return this.platform.clipboard.text;
  }

  /** URLs the app asked the platform to open in a browser (the pages behind one-time addresses). */
  opened(): string[] {
    return this.seen;
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(
      () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
    );
  }

  // ---- waits -----------------------------------------------------------------------------------

  async waitForSessionState(name: string, state: string, timeout = 15_000): Promise<void> {
    await this.session(name)
      .and(this.page.locator(`[data-state="${state}"]`))
      .waitFor({ timeout });
  }

  async waitForRole(accountId: string, roleName: string, timeout = 15_000): Promise<Locator> {
    const chip = this.chip(accountId, roleName);
    await chip.waitFor({ timeout });
    return chip;
  }

  /** Until no session is syncing (the progress bar is gone) and the count shows `roles`. */
  async waitForSyncDone(roles: number, timeout = 30_000): Promise<void> {
    await this.page.locator(".sync").first().waitFor({ state: "detached", timeout });
    await this.page.locator("#search-count", { hasText: `${roles} roles` }).waitFor({ timeout });
  }

  async waitForBanner(text: string | RegExp, timeout = 15_000): Promise<Locator> {
    const banner = this.page.locator(".banner", { hasText: text }).first();
    await banner.waitFor({ timeout });
    return banner;
  }

  async waitForStatus(text: string | RegExp, timeout = 15_000): Promise<void> {
    try {
      await this.page.getByRole("status").filter({ hasText: text }).first().waitFor({ timeout });
    } catch (error) {
      // Say what the page showed instead, so a failure names its cause.
      const shown = await this.page.getByRole("status").allTextContents();
      const banners = await this.page.locator(".banner").allTextContents();
      throw new Error(
        `No status matching ${String(text)} within ${timeout} ms; status: ${JSON.stringify(shown)}, banners: ${JSON.stringify(banners)}, clipboard: ${this.clipboard().length} characters (${(error as Error).message.split("\n")[0]})`,
      );
    }
  }

  async waitForOpened(predicate: (url: string) => boolean, timeout = 15_000): Promise<string> {
    const until = Date.now() + timeout;
    for (;;) {
      const url = this.seen.find(predicate);
      if (url) return url;
      if (Date.now() > until)
        throw new Error(`Nothing matching was opened; opened: ${this.seen.join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // ---- screenshots -----------------------------------------------------------------------------

  /** Writes NAME-light.png and NAME-dark.png of the page as it is now into SCREENSHOT_DIR. */
  async screenshot(name: string): Promise<void> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    for (const scheme of ["light", "dark"] as const) {
      await this.page.emulateMedia({ colorScheme: scheme });
      await this.page.screenshot({
        path: path.join(SCREENSHOT_DIR, `${name}-${scheme}.png`),
        animations: "disabled",
        caret: "initial",
      });
    }
    await this.page.emulateMedia({ colorScheme: "light" });
  }
}
