import { describe, expect, it } from "vitest";
import type { SessionStatus } from "../../shared/model.js";
import { trayMenu, type MenuItem, type TrayMenuState } from "./tray-menu.js";
import { existsSync } from "node:fs";
import { timeLeft, trayIcon, trayIconFile, trayTooltip } from "./tray-status.js";

const now = Date.UTC(2026, 10, 24, 8, 0, 0);
const session = (
  name: string,
  state: SessionStatus["state"],
  minutesLeft?: number,
  canRefresh = false,
): SessionStatus => ({
  name,
  startUrl: `https://${name}.awsapps.com/start`,
  region: "eu-west-1",
  source: "sso-session",
  state,
  canRefresh,
  ...(minutesLeft !== undefined
    ? { expiresAt: new Date(now + minutesLeft * 60_000).toISOString() }
    : {}),
});
const role = (session: string, accountId: string, roleName: string) => ({
  session,
  accountId,
  roleName,
});

function labels(items: MenuItem[]): string[] {
  return items.map((i) => (i.type === "separator" ? "---" : (i.label ?? "")));
}

describe("trayMenu", () => {
  it("offers to add a portal when there is none", () => {
    const state: TrayMenuState = {
      sessions: [],
      settings: { favorites: [], recent: [], accounts: {} },
      accountNames: new Map(),
      now,
    };
    expect(labels(trayMenu(state))).toEqual([
      "Open SSO Tray",
      "---",
      "Add an AWS access portal…",
      "---",
      "Quit SSO Tray",
    ]);
  });

  it("lists favourites then recent pairs (without repeats), each with its one-click actions, and a sign-in item per session", () => {
    const fav = role("acme", "111111111111", "Admin");
    const state: TrayMenuState = {
      sessions: [session("acme", "signed-in", 300, true), session("beta & co", "sign-in-needed")],
      settings: {
        favorites: [fav],
        recent: [
          fav,
          role("acme", "222222222222", "ReadOnly"),
          role("beta & co", "333333333333", "Dev"),
        ],
        accounts: { "111111111111": { alias: "payments" } },
      },
      accountNames: new Map([["acme\u0000222222222222", "data-prod"]]),
      now,
    };
    const menu = trayMenu(state);
    expect(labels(menu)).toEqual([
      "Open SSO Tray",
      "---",
      "Favourites",
      "payments · Admin",
      "---",
      "Recent",
      "data-prod · ReadOnly",
      "333333333333 · Dev",
      "---",
      "Sign out of acme",
      "Sign in to beta && co…",
      "---",
      "Quit SSO Tray",
    ]);
    expect(menu[3]!.submenu!.map((i) => i.action)).toEqual([
      { kind: "open-console", role: fav },
      { kind: "copy-credentials", role: fav },
      { kind: "copy-console-link", role: fav },
      { kind: "copy-exec-line", role: fav },
    ]);
    expect(menu[3]!.submenu!.map((i) => i.label)).toContain("Copy ssotray exec line");
    // A pair whose session is not signed in is shown but cannot be used from the menu.
    expect(menu[7]!.enabled).toBe(false);
    expect(menu[10]!.action).toEqual({ kind: "sign-in", session: "beta & co" });
  });

  it("keeps an entitled role apart from a permission set of the same name, and marks it", () => {
    const permissionSet = role("acme", "111111111111", "Admin");
    const entitled = { ...permissionSet, roleArn: "arn:aws:iam::111111111111:role/Admin" };
    const menu = trayMenu({
      sessions: [session("acme", "signed-in", 300, true)],
      settings: { favorites: [permissionSet], recent: [entitled, permissionSet], accounts: {} },
      accountNames: new Map([["acme\u0000111111111111", "payments"]]),
      now,
    });
    expect(labels(menu).slice(2, 7)).toEqual([
      "Favourites",
      "payments · Admin",
      "---",
      "Recent",
      "payments · Admin (entitlement)",
    ]);
    expect(menu[6]!.submenu![1]!.action).toEqual({ kind: "copy-credentials", role: entitled });
  });

  it("offers to install the command line tool the app carries, then to remove it", () => {
    const base: TrayMenuState = {
      sessions: [],
      settings: { favorites: [], recent: [], accounts: {} },
      accountNames: new Map(),
      now,
    };
    expect(labels(trayMenu(base))).not.toContain("Install command line tool…");
    expect(
      labels(trayMenu({ ...base, cliTool: { available: false, installed: false } })),
    ).not.toContain("Install command line tool…");
    const install = trayMenu({ ...base, cliTool: { available: true, installed: false } });
    expect(install.find((i) => i.label === "Install command line tool…")?.action).toEqual({
      kind: "install-cli-tool",
    });
    const remove = trayMenu({ ...base, cliTool: { available: true, installed: true } });
    expect(remove.find((i) => i.label === "Remove command line tool (ssotray)")?.action).toEqual({
      kind: "remove-cli-tool",
    });
    expect(labels(remove).at(-1)).toBe("Quit SSO Tray");
  });

  it("offers Check for updates… in the app, and Restart to update once an update is ready", () => {
    const base: TrayMenuState = {
      sessions: [],
      settings: { favorites: [], recent: [], accounts: {} },
      accountNames: new Map(),
      now,
    };
    expect(labels(trayMenu(base))).not.toContain("Check for updates…");
    expect(labels(trayMenu({ ...base, updates: {} }))).toEqual([
      "Open SSO Tray",
      "---",
      "Add an AWS access portal…",
      "---",
      "Check for updates…",
      "---",
      "Quit SSO Tray",
    ]);
    expect(
      trayMenu({ ...base, updates: {} }).find((i) => i.label === "Check for updates…")?.action,
    ).toEqual({ kind: "check-for-updates" });
    const ready = trayMenu({ ...base, updates: { readyVersion: "1.5.0" } });
    expect(labels(ready)).not.toContain("Check for updates…");
    expect(ready.find((i) => i.label === "Restart to update to 1.5.0")?.action).toEqual({
      kind: "install-update",
    });
  });

  it("shows the time left for a session that cannot refresh", () => {
    const state: TrayMenuState = {
      sessions: [session("acme", "expiring", 12)],
      settings: { favorites: [], recent: [], accounts: {} },
      accountNames: new Map(),
      now,
    };
    expect(labels(trayMenu(state))).toContain("Sign out of acme (12 min left)");
  });
});

describe("tray icon and tooltip", () => {
  it("picks the icon from the live sessions", () => {
    expect(trayIcon([], now, 15)).toBe("signed-out");
    expect(trayIcon([session("a", "sign-in-needed")], now, 15)).toBe("signed-out");
    expect(trayIcon([session("a", "signed-in", 120)], now, 15)).toBe("signed-in");
    expect(trayIcon([session("a", "signed-in", 120), session("b", "signed-in", 10)], now, 15)).toBe(
      "expiring",
    );
    expect(trayIcon([session("a", "signed-in", 10, true)], now, 15)).toBe("signed-in");
  });

  it("says how long each session has left", () => {
    expect(
      trayTooltip([session("acme", "signed-in", 125), session("beta", "signed-out")], now),
    ).toBe("SSO Tray\nacme: 2 h 05 min left\nbeta: signed out");
    expect(timeLeft(30_000)).toBe("under a minute");
    expect(timeLeft(-1)).toBe("ended");
  });
});

describe("trayIconFile", () => {
  it("gives macOS the template drawings, whose states differ in shape, and others the coloured ones", () => {
    const icons = ["signed-in", "expiring", "signed-out"] as const;
    const mac = icons.map((icon) => trayIconFile(icon, "darwin"));
    expect(mac).toEqual([
      "tray-signed-inTemplate.png",
      "tray-expiringTemplate.png",
      "tray-signed-outTemplate.png",
    ]);
    expect(trayIconFile("expiring", "linux")).toBe("tray-expiring.png");
    for (const file of [...mac, ...icons.map((icon) => trayIconFile(icon, "win32"))]) {
      expect(existsSync(new URL(`../../build/tray/${file}`, import.meta.url))).toBe(true);
      expect(
        existsSync(new URL(`../../build/tray/${file.replace(".png", "@2x.png")}`, import.meta.url)),
      ).toBe(true);
    }
  });
});
