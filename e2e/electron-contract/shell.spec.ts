// The built Electron main process and preload, unchanged, against Electron's documented rules
// (fake-electron.ts), with the real AppService inside and the simulator behind it. What only a
// real Electron run can show (Chromium loading the page, the native tray, OS notifications) stays
// with e2e/electron/app.spec.ts.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Api, CallName } from "../../shared/api.js";
import { CALL_NAMES } from "../../shared/call-names.js";
import type { SignInPrompt } from "../../shared/model.js";
import { popupPosition } from "../../electron/window/popup-position.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { ElectronShell, type ShellOptions } from "./electron-shell.js";
import type { FakeMenu } from "./fake-electron.js";

const DEFAULT_SHORTCUT = "CommandOrControl+Shift+A";

let sim: Simulator;
let shell: ElectronShell | undefined;
const homes: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    accounts: 4,
    rolesPerAccount: 2,
    deviceApproval: { afterPolls: 2 },
  });
});
afterAll(async () => {
  await sim?.close();
  await Promise.all(homes.map((dir) => rm(dir, { recursive: true, force: true })));
});
afterEach(async () => {
  const ended = shell;
  shell = undefined;
  if (!ended) return;
  await ended.close();
  // Any unhandled rejection in the main process fails the scenario, and so does touching a
  // destroyed object, even where the app caught the error.
  expect(ended.rejections.map(String)).toEqual([]);
  expect(ended.world.destroyedUses).toEqual([]);
});

interface Home {
  dir: string;
  dataDir: string;
  env: Record<string, string>;
}

async function newHome(): Promise<Home> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-contract-home-"));
  homes.push(dir);
  const dataDir = path.join(dir, "data", "ssotray");
  return {
    dir,
    dataDir,
    env: {
      HOME: dir,
      USERPROFILE: dir,
      SSOTRAY_HOME: dataDir,
      XDG_CONFIG_HOME: path.join(dir, ".config"),
      AWS_CONFIG_FILE: path.join(dir, ".aws", "config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, ".aws", "credentials"),
      ...sim.env,
    },
  };
}

async function launch(options: Partial<ShellOptions> = {}, home?: Home): Promise<ElectronShell> {
  const where = home ?? (await newHome());
  shell = await ElectronShell.launch({ ...options, env: { ...where.env, ...options.env } });
  return shell;
}

function trayMenu(s: ElectronShell): FakeMenu {
  const menu = s.world.trays[0]?.contextMenu;
  if (!menu) throw new Error("The tray has no context menu");
  return menu;
}

describe("the Electron shell, built, against Electron's rules", () => {
  it("first run on Linux: page over app://, preload, tray, shortcut, lock in the data folder", async () => {
    const home = await newHome();
    const s = await launch({}, home);
    const { world } = s;
    const order = (entry: string) => world.log.indexOf(entry);
    expect(order("protocol.registerSchemesAsPrivileged")).toBeLessThan(order("ready"));
    expect(order("app.setPath(userData)")).toBeLessThan(order("app.requestSingleInstanceLock"));
    expect(world.lockedAt).toBe(home.dataDir);
    expect((await stat(home.dataDir)).isDirectory()).toBe(true);

    const [load] = world.pageLoads;
    expect(load).toMatchObject({ url: "app://sso-tray/index.html", ok: true });
    expect(load!.assets.map((a) => a.status)).toEqual(load!.assets.map(() => 200));
    expect(load!.assets.some((a) => a.type?.startsWith("text/javascript"))).toBe(true);
    expect(load!.assets.some((a) => a.type?.startsWith("text/css"))).toBe(true);
    expect(s.window.webContents.preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: true,
    });
    expect(s.window.webContents.preloadError).toBeUndefined();
    // The preload only forwards calls: no schema library in it.
    const preload = await readFile(s.window.webContents.preferences.preload!, "utf8");
    expect(preload.length).toBeLessThan(20_000);

    const state = await s.page.getState({});
    expect(state).toMatchObject({ sessions: [], info: { platform: "linux" } });
    const tray = world.trays[0]!;
    expect(tray.image.isEmpty()).toBe(false);
    expect(trayMenu(s).labels()).toContain("Quit SSO Tray");
    expect([...world.shortcuts.keys()]).toEqual([DEFAULT_SHORTCUT]);
    expect(world.applicationMenu).toBeNull();
    expect(world.notifications).toEqual([]);
    expect(s.window.visible).toBe(false);
    await expect(
      stat(path.join(home.dir, ".config", "autostart", "sso-tray.desktop")),
    ).rejects.toThrow(/ENOENT/);
  });

  it("--window opens an ordinary window at once", async () => {
    const s = await launch({ argv: ["--window"] });
    expect(s.window.visible).toBe(true);
    expect(s.window.options).toMatchObject({ frame: true, resizable: true });
    // Wide enough for the browsing layout, which starts at 700 px.
    expect(s.window.options.width).toBeGreaterThanOrEqual(700);
  });

  it("a stored shortcut Electron cannot parse does not stop start-up", async () => {
    const home = await newHome();
    await mkdir(home.dataDir, { recursive: true });
    await writeFile(
      path.join(home.dataDir, "settings.json"),
      JSON.stringify({ globalShortcut: "CommandOrControl+Shift" }),
    );
    const s = await launch({}, home);
    expect(s.world.app.listenerCount("second-instance")).toBe(1);
    expect(s.world.app.listenerCount("will-quit")).toBe(1);
    expect([...s.world.shortcuts.keys()]).toEqual([DEFAULT_SHORTCUT]);
    expect(s.world.errorBoxes).toEqual([]);
  });

  it("a shortcut this platform's Electron refuses is reported, and start-up goes on", async () => {
    const s = await launch({ refusedShortcuts: [DEFAULT_SHORTCUT] });
    expect(s.world.shortcuts.size).toBe(0);
    expect(s.notificationBodies()).toEqual([
      expect.stringMatching(
        /CommandOrControl\+Shift\+A cannot be used .*choose another in Settings/,
      ),
    ]);
    expect(s.world.app.listenerCount("will-quit")).toBe(1);
  });

  it("a shortcut another app holds is reported once, and one chosen in Settings works at once", async () => {
    const s = await launch({ takenShortcuts: [DEFAULT_SHORTCUT] });
    expect(s.notificationBodies()).toEqual([
      `The shortcut ${DEFAULT_SHORTCUT} is taken by another app; choose another in Settings.`,
    ]);
    await expect(
      s.page.updateSettings({ globalShortcut: "CommandOrControl+Shift" }),
    ).rejects.toThrow(/needs a key after its modifiers/);
    await s.page.updateSettings({ globalShortcut: "Alt+Shift+S" });
    await s.waitFor("the new shortcut", () => s.world.shortcuts.has("Alt+Shift+S"));
    s.world.pressShortcut("Alt+Shift+S");
    expect(s.window.visible).toBe(true);
    // Other settings changes neither retry the old shortcut nor report anything again.
    await s.page.updateSettings({ theme: "dark" });
    await s.settle();
    expect(s.notificationBodies()).toHaveLength(1);
    await s.page.updateSettings({ globalShortcut: "" });
    await s.waitFor("no shortcut", () => s.world.shortcuts.size === 0);
  });

  it("a second instance shows the running one's popup", async () => {
    const s = await launch();
    s.world.app.emit("second-instance", { preventDefault() {} }, [], "/");
    expect(s.window.visible).toBe(true);
  });

  it("with the lock held elsewhere it quits before making any window or tray", async () => {
    const s = await launch({ lockAvailable: false });
    await s.waitFor("the exit", () => s.world.exitCode !== undefined);
    expect(s.world.windows).toEqual([]);
    expect(s.world.trays).toEqual([]);
  });

  it("packaged: page, preload and icons from the packaged layout; no dev URL, no DevTools", async () => {
    const s = await launch({
      packaged: true,
      env: { SSOTRAY_DEV_URL: "http://127.0.0.1:9/not-ours.html" },
    });
    expect(s.world.pageLoads.map((l) => [l.url, l.ok])).toEqual([
      ["app://sso-tray/index.html", true],
    ]);
    expect(s.window.webContents.preferences.devTools).toBe(false);
    expect(s.window.webContents.preferences.preload).toMatch(
      /resources[/\\]app\.asar[/\\]dist-electron/,
    );
    const icon = s.world.trays[0]!.image;
    expect(icon.file.startsWith(s.staged.resourcesPath!)).toBe(true);
    expect(icon.isEmpty()).toBe(false);
    expect((await s.page.getState({})).sessions).toEqual([]);
    for (const url of [
      "app://sso-tray/../package.json",
      "app://sso-tray/%2e%2e/dist-electron/main.js",
      "app://sso-tray/..%2f..%2fbuild/tray/tray-signed-in.png",
      "app://elsewhere/index.html",
    ])
      expect((await s.world.fetch(url)).status, url).toBe(404);
  });

  it("macOS: no dock icon; a left click opens only the popup, beside the tray; the menu is on right click", async () => {
    const display = {
      bounds: { x: 0, y: 0, width: 1440, height: 900 },
      workArea: { x: 0, y: 25, width: 1440, height: 875 },
    };
    const trayBounds = { x: 1200, y: 0, width: 22, height: 24 };
    const s = await launch({ platform: "darwin", display, trayBounds });
    expect(s.world.log).toContain("dock.hide");
    expect(s.world.applicationMenu?.labels()).toEqual(["Edit"]);
    const tray = s.world.trays[0]!;
    expect(tray.image.template).toBe(true);
    tray.leftClick();
    expect(s.window.visible).toBe(true);
    expect(s.world.contextMenusShown).toBe(0);
    const expected = popupPosition(
      { width: 420, height: 640 },
      display.workArea,
      display.bounds,
      trayBounds,
      { x: 0, y: 0 },
    );
    expect(s.window.getPosition()).toEqual([expected.x, expected.y]);
    tray.rightClick();
    expect(tray.poppedUp.map((m) => m.labels().at(-1))).toEqual(["Quit SSO Tray"]);
    expect(s.world.contextMenusShown).toBe(1);
    // Start at login is applied once at start, then only when it changes.
    await s.page.getState({});
    await s.page.updateSettings({ theme: "dark" });
    await s.page.toggleFavorite({
      role: { session: "x", accountId: "111111111111", roleName: "R" },
    });
    await s.page.updateSettings({ startAtLogin: true });
    await s.settle();
    expect(s.world.loginItemSettings).toEqual([{ openAtLogin: false }, { openAtLogin: true }]);
  });

  it("Windows: the installer's AppUserModelId, a click opens the popup, the menu on right click", async () => {
    const builder = await readFile(
      path.resolve(import.meta.dirname, "../../electron-builder.yml"),
      "utf8",
    );
    const appId = /^appId:\s*(\S+)/m.exec(builder)?.[1];
    const s = await launch({ platform: "win32" });
    expect(s.world.appUserModelId).toBe(appId);
    s.world.trays[0]!.leftClick();
    expect(s.window.visible).toBe(true);
    expect(trayMenu(s).labels()).toContain("Quit SSO Tray");
  });

  it("Linux: start at login writes and removes an XDG autostart entry", async () => {
    const home = await newHome();
    const s = await launch({}, home);
    const entry = path.join(home.dir, ".config", "autostart", "sso-tray.desktop");
    await s.page.getState({});
    await s.page.updateSettings({ startAtLogin: true });
    await s.waitFor("the autostart entry", () => s.world.log.length > 0 && existsSync(entry));
    expect(await readFile(entry, "utf8")).toMatch(/^Exec=\S+/m);
    await s.page.updateSettings({ startAtLogin: false });
    await s.waitFor("the entry to go", () => !existsSync(entry));
  });

  it("the popup hides on blur and on close, and lives on until Quit", async () => {
    const s = await launch();
    s.world.app.emit("second-instance", { preventDefault() {} }, [], "/");
    s.window.blur();
    expect(s.window.visible).toBe(false);
    s.world.pressShortcut(DEFAULT_SHORTCUT);
    expect(s.window.visible).toBe(true);
    s.window.userClose();
    expect(s.window.isDestroyed()).toBe(false);
    expect(s.window.visible).toBe(false);
  });

  it("Quit in the tray menu ends the app", async () => {
    const s = await launch();
    trayMenu(s).click("Quit SSO Tray");
    await s.waitFor("the exit", () => s.world.exitCode !== undefined || s.world.quitCancelled > 0);
    expect(s.world.quitCancelled).toBe(0);
    expect(s.world.exitCode).toBe(0);
    expect(s.world.log).toContain("globalShortcut.unregisterAll");
    expect(s.world.trays[0]!.isDestroyed()).toBe(true);
  });

  it("a quit from outside (SIGTERM, Cmd+Q, logout) is not cancelled by the popup", async () => {
    const s = await launch();
    await s.quitFromOutside();
    expect(s.world.quitCancelled).toBe(0);
    expect(s.world.exitCode).toBe(0);
  });

  it("notifications are held until they close, so their actions are not collected", async () => {
    const s = await launch({ takenShortcuts: [DEFAULT_SHORTCUT] });
    const [shown] = s.world.notifications;
    s.world.collectGarbage();
    const notification = shown!.ref.deref();
    expect(notification).toBeDefined();
    notification!.close();
  });

  describe("--self-test", () => {
    const selfTestEnv = (target: Simulator) => ({
      ...target.env,
      SSOTRAY_SELF_TEST_START_URL: target.startUrl,
      SSOTRAY_SELF_TEST_REGION: target.region,
    });

    /** What a self-test must leave as it found it, whether it passed or not. */
    async function expectNothingLeftBehind(s: ElectronShell, home: Home) {
      const throwaway = s.world.paths.get("userData")!;
      expect(throwaway.startsWith(home.dir)).toBe(false);
      expect(existsSync(throwaway)).toBe(false);
      expect(await readdir(home.dir)).toEqual([]);
      expect(s.world.lockedAt).toBeUndefined();
      expect(s.world.log.indexOf("app.releaseSingleInstanceLock")).toBeLessThan(
        s.world.log.findIndex((entry) => entry.startsWith("app.exit(")),
      );
      expect(s.world.errorBoxes).toEqual([]);
      expect(s.world.loginItemSettings).toEqual([]);
      expect(s.world.log.filter((entry) => entry.startsWith("globalShortcut.register"))).toEqual(
        [],
      );
      expect(s.world.windows.every((w) => w.isDestroyed())).toBe(true);
      expect(s.world.trays.every((t) => t.isDestroyed())).toBe(true);
    }

    it.each(["linux", "darwin"] as const)(
      "%s: signs in to the simulator through window.sso, then exits 0 with one line",
      async (platform) => {
        const home = await newHome();
        sim.clearRequestLog();
        const s = await launch({ platform, argv: ["--self-test"], env: selfTestEnv(sim) }, home);
        expect(s.output.stderr).toBe("");
        expect(s.output.stdout).toBe(
          "SSO Tray self-test passed: configuration, tray, window and renderer, preload, " +
            "state through IPC, add session, sign-in, accounts, role credentials, sign-out\n",
        );
        expect(s.world.exitCode).toBe(0);
        const calls = new Set(sim.requestLog().map((entry) => entry.api));
        for (const api of ["CreateToken", "ListAccounts", "GetRoleCredentials", "Logout"])
          expect(calls).toContain(api);
        await expectNothingLeftBehind(s, home);
      },
      30_000,
    );

    it("with the simulator unreachable it exits 1, naming the sign-in", async () => {
      const gone = await startSimulator({ accounts: 3 });
      await gone.close();
      const home = await newHome();
      const s = await launch({ argv: ["--self-test"], env: selfTestEnv(gone) }, home);
      expect(s.output.stdout).toBe("");
      expect(s.output.stderr).toMatch(/^SSO Tray self-test failed at "sign-in": \S.*\n$/);
      expect(s.world.exitCode).toBe(1);
      await expectNothingLeftBehind(s, home);
    }, 30_000);

    it("with the sign-in denied it exits 1 with the simulator's reason", async () => {
      const denying = await startSimulator({ accounts: 3, deviceApproval: "deny" });
      try {
        const s = await launch({ argv: ["--self-test"], env: selfTestEnv(denying) });
        expect(s.output.stderr).toMatch(/^SSO Tray self-test failed at "sign-in": .*denied.*\n$/i);
        expect(s.world.exitCode).toBe(1);
      } finally {
        await denying.close();
      }
    }, 30_000);

    it("a build whose page is missing fails at the renderer, with Chromium's reason", async () => {
      const s = await launch({
        packaged: true,
        argv: ["--self-test"],
        env: selfTestEnv(sim),
        alter: (staged) =>
          rm(
            path.join(
              path.dirname(path.dirname(staged.mainPath)),
              "dist",
              "renderer",
              "index.html",
            ),
          ),
      });
      expect(s.output.stderr).toMatch(
        /^SSO Tray self-test failed at "window and renderer": The window did not load the app's page: .*app:\/\/sso-tray\/index\.html.*\n$/,
      );
      expect(s.world.exitCode).toBe(1);
    });

    it("without a local IAM Identity Center to sign in to it exits 1 before touching anything", async () => {
      const home = await newHome();
      const s = await launch(
        {
          argv: ["--self-test"],
          env: { AWS_ENDPOINT_URL_SSO: undefined, AWS_ENDPOINT_URL_SSO_OIDC: undefined },
        },
        home,
      );
      expect(s.output.stderr).toMatch(
        /^SSO Tray self-test failed at "configuration": .*AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO, SSOTRAY_SELF_TEST_START_URL/,
      );
      expect(s.world.exitCode).toBe(1);
      await expectNothingLeftBehind(s, home);
    });
  });

  it("every call of the contract through window.sso, then quit with a secret on the clipboard", async () => {
    const s = await launch({ argv: ["--window"] });
    const called = new Set<CallName>();
    const page = new Proxy(s.page, {
      get(target, key: string) {
        if ((CALL_NAMES as readonly string[]).includes(key)) called.add(key as CallName);
        return Reflect.get(target, key);
      },
    }) as Api;
    const role = {
      session: "sim",
      accountId: sim.accounts()[0]!.accountId,
      roleName: sim.accounts()[0]!.roles[0]!,
    };
    const other = {
      session: "sim",
      accountId: sim.accounts()[1]!.accountId,
      roleName: sim.accounts()[1]!.roles[0]!,
    };

    // As the page does on load: take the state the preload prefetched (events wait for it).
    expect((await page.getState({})).sessions).toEqual([]);
    await page.addSession({ startUrl: sim.startUrl, region: sim.region, name: "sim" });
    let prompt: SignInPrompt | undefined;
    page.on("signInPrompt", (p) => (prompt = p));
    const signingIn = page.signIn({ session: "sim", method: "device" });
    await s.waitFor("the device prompt", () => prompt !== undefined);
    expect(prompt!.kind).toBe("device");
    await page.openSignInPage({ session: "sim" });
    expect(s.world.openedExternal.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await page.copySignInCode({ session: "sim" });
    expect(prompt!.kind === "device" && s.world.clipboardText === prompt!.userCode).toBe(true);
    expect((await signingIn).state).toBe("signed-in");
    await expect(page.copySignInCode({ session: "sim" })).rejects.toThrow(
      /No device sign-in is under way/,
    );

    await page.refreshAccounts({ session: "sim" });
    await s.waitFor("the synced list", () => trayMenu(s).labels().length > 0);
    await expect
      .poll(async () => (await page.getState({})).accounts[0]?.complete, { timeout: 15_000 })
      .toBe(true);
    await page.loadAccountRoles({ session: "sim", accountId: role.accountId });

    const copied = await page.copyCredentials({ role, format: "bash" });
    expect(copied.clearsInSeconds).toBeGreaterThan(0);
    expect(s.world.clipboardText).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/);
    const revealed = await page.revealCredentials({ role });
    expect(revealed.accessKeyId).toMatch(/^ASIA/);
    expect(s.window.contentProtection).toBe(true);
    await page.concealCredentials({});
    expect(s.window.contentProtection).toBe(false);
    await page.openConsole({ role });
    // shell.openExternal gets a one-time loopback address, never the link with its token.
    const address = s.world.openedExternal.at(-1)!;
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(address).not.toContain("SigninToken");
    const handedOff = await fetch(address, { redirect: "manual" });
    expect(handedOff.headers.get("location")).toMatch(/federation\?Action=login/);
    await page.copyConsoleLink({ role, kind: "portal" });
    expect(s.world.clipboardText).toMatch(/#\/console\?account_id=/);
    await page.copyExecLine({ role });
    expect(s.world.clipboardText).toBe(
      `ssotray exec --session "sim" --account "${role.accountId}" --role "${role.roleName}" -- `,
    );
    expect((await page.updateSettings({ clipboardClearSeconds: 600 })).clipboardClearSeconds).toBe(
      600,
    );
    expect((await page.toggleFavorite({ role: other })).favorites).toEqual([other]);
    const decorated = await page.setAccountDecoration({
      accountId: role.accountId,
      alias: "prod-a",
    });
    expect(decorated.accounts[role.accountId]?.alias).toBe("prod-a");
    expect((await page.populateProfiles({ dryRun: true })).diff).toContain("[profile ");
    // A chained role: written to ~/.aws/config and listed under the role it starts from.
    const chained = await page.addChainedRole({
      source: role,
      roleArn: "arn:aws:iam::222222222222:role/Deploy",
    });
    expect(chained.map((c) => c.roleArn)).toContain("arn:aws:iam::222222222222:role/Deploy");
    // An account access tenant: named, then forgotten again.
    const tenant = await page.setAccountAccessTenant({ session: "sim", tenantId: "aa-sim" });
    expect(tenant.accountAccessTenant).toBe("aa-sim");
    await page.setAccountAccessTenant({ session: "sim", tenantId: null });
    await page.cancelSignIn({ session: "sim" });
    // Install command line tool: into this test's HOME; a build without release/cli/ssotray says so.
    const tool = await page.cliToolStatus({});
    expect(tool.link).toMatch(/[\\/]ssotray(\.cmd)?$/);
    if (tool.available) {
      expect((await page.installCliTool({})).installed).toBe(true);
      expect((await page.removeCliTool({})).installed).toBe(false);
    } else {
      await expect(page.installCliTool({})).rejects.toThrow(/carries no ssotray executable/);
      expect((await page.removeCliTool({})).installed).toBe(false);
    }
    // Settings: the session's endpoints, then Diagnostics (the doctor's checks and its report,
    // masked, on the clipboard: no account id of the session reaches it).
    expect(await page.setSessionEndpoints({ session: "sim", fips: true })).toEqual({
      fips: true,
      dualStack: false,
    });
    expect((await page.setSessionEndpoints({ session: "sim", fips: false })).fips).toBe(false);
    // Its region order: a fallback after its own region, then none again.
    const [first] = await page.setSessionRegions({ session: "sim" });
    const fallback = first === "eu-north-1" ? "eu-central-1" : "eu-north-1";
    expect(await page.setSessionRegions({ session: "sim", regions: [first!, fallback] })).toEqual([
      first,
      fallback,
    ]);
    expect(await page.setSessionRegions({ session: "sim", regions: [first!] })).toEqual([first]);
    const findings = await page.runDiagnostics({});
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(["ok", "warning", "error"]).toContain(finding.severity);
    await page.copyDiagnosticsReport({});
    expect(s.world.clipboardText).toMatch(/^# SSO Tray doctor report/);
    expect(s.world.clipboardText).not.toContain(role.accountId);
    await page.hideWindow({});
    expect(s.window.visible).toBe(false);
    // Nothing was downloaded, so there is nothing to restart into; a development build says
    // why when asked to look for an update (the feed is the installed app's).
    await expect(page.installUpdate({})).rejects.toThrow(/^No update is ready to install/);
    trayMenu(s).click("Check for updates…");
    await s.waitFor("the answer", () =>
      s.notificationBodies().some((body) => /development build/.test(body)),
    );

    // A tray action that fails says so in a notification (the favourite's credentials need the
    // portal, whose tokens are now revoked).
    await s.waitFor("the favourite in the tray", () => trayMenu(s).labels().includes("Favourites"));
    // The tray copies the favourite's exec line (no portal call: it holds no credentials).
    trayMenu(s).click("Copy ssotray exec line");
    await s.waitFor("the exec line", () => s.world.clipboardText.includes(other.accountId));
    expect(s.world.clipboardText).toBe(
      `ssotray exec --session "sim" --account "${other.accountId}" --role "${other.roleName}" -- `,
    );
    sim.revokeAllTokens();
    const shown = s.world.notifications.length;
    trayMenu(s).click("Open console");
    await s.waitFor("the failure's notification", () => s.world.notifications.length > shown);
    expect(s.notificationBodies()[shown]).toMatch(/sign in/i);

    await page.copyCredentials({ role, format: "json" });
    const secret = s.world.clipboardText;
    expect(secret).toContain("AWS_SECRET_ACCESS_KEY");
    // A sign-out still under way when the app quits ends after the tray is gone.
    const signingOut = page.signOut({ session: "sim" });
    s.world.app.quit();
    await s.waitFor("the exit", () => s.world.exitCode !== undefined || s.world.quitCancelled > 0);
    await signingOut.catch(() => undefined);
    await s.settle(40);
    expect(s.world.exitCode).toBe(0);
    expect(s.world.clipboardText).toBe("");

    expect([...called].sort()).toEqual([...CALL_NAMES].sort());
  }, 60_000);
});
