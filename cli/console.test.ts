// `ssotray console` choosing where the console opens, built and run as a process against the
// simulator, with stand-in browsers on PATH that record how they were started.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConsoleBrowserSettings } from "../shared/console-browser.js";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { writeTokenCache } from "../simulator/testing.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { containerLink } from "../core/browsers/launch-command.js";
import { standIns, type StandIns } from "../test-support/stand-in-browser.js";

let sim: Simulator;
let BIN: string;
let scratch: string;
let env: Record<string, string>;
let s: StandIns;
let account: { accountId: string; accountName: string; roles: string[] };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where each loopback address a stand-in browser was given sent it (the console link). */
const followed = new Map<string, string>();

/** The loopback address in what a browser was started with: the last argument, or a container link's url. */
function addressIn(argv: string[]): string | undefined {
  const last = argv.at(-1) ?? "";
  const url = last.startsWith("ext+container:")
    ? new URLSearchParams(last.slice("ext+container:".length)).get("url")
    : last;
  return url?.startsWith("http://127.0.0.1:") ? url : undefined;
}

/**
 * Runs `ssotray`, and does what a browser does with each address it is started with: asks for it
 * once (while `ssotray` waits for that) and keeps where it leads.
 */
function ssotray(...args: string[]): Promise<Result> {
  let running = true;
  const browsing = (async () => {
    while (running) {
      for (const argv of s.starts()) {
        const address = addressIn(argv);
        if (!address || followed.has(address)) continue;
        // A launch that failed closed the address at once.
        const res = await fetch(address, { redirect: "manual" }).catch(() => undefined);
        followed.set(address, res?.headers.get("location") ?? `status ${res?.status ?? "refused"}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return new Promise((resolve) =>
    execFile(process.execPath, [BIN, ...args], { env }, (error, stdout, stderr) => {
      running = false;
      void browsing.then(() => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
    }),
  );
}

function writeSettings(consoleBrowsers: ConsoleBrowserSettings): void {
  mkdirSync(env.SSOTRAY_HOME!, { recursive: true });
  writeFileSync(path.join(env.SSOTRAY_HOME!, "settings.json"), JSON.stringify({ consoleBrowsers }));
}

/** The page the federation endpoint shows for a recorded link. */
async function landing(url: string): Promise<string> {
  return (await fetch(followed.get(url) ?? url)).text();
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-console-"));
  // A bundle of its own: cli.test.ts rebuilds dist-cli/ and may run at the same time.
  await buildCli({ quiet: true, outdir: path.join(scratch, "dist") });
  BIN = path.join(scratch, "dist", "ssotray.mjs");
  sim = await startSimulator({ accounts: 4, rolesPerAccount: 2, seed: 5 });
  account = sim.accounts()[2]!;
  writeFileSync(
    path.join(scratch, "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  await writeTokenCache(scratch, "acme", sim, sim.issueToken({ expiresInSeconds: 8 * 3600 }));
}, 120_000);
afterAll(async () => {
  await sim?.close();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  s = standIns();
  env = {
    // The stand-ins first; nothing else a browser could be found by.
    PATH: s.bin,
    HOME: scratch,
    SSOTRAY_HOME: path.join(s.dir, "ssotray"),
    AWS_CONFIG_FILE: path.join(scratch, "config"),
    ...sim.env,
  };
  sim.clearRequestLog();
});
afterEach(() => s.cleanup());

const role = () => ["--account", account.accountId, "--role", account.roles[0]!];

describe("ssotray console", () => {
  it("opens in the browser profile chosen for the session in Settings", async () => {
    s.program("chromium");
    writeSettings({
      sessions: { acme: { kind: "browser", browser: "chromium", profile: "Work" } },
      rules: [],
    });
    const result = await ssotray("console", ...role());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/in Chromium, profile 'Work'/);
    const [[profile, url]] = s.starts() as [[string, string]];
    expect(profile).toBe("--profile-directory=Work");
    // The browser's arguments, which every local user can read, carry no sign-in token.
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(s.starts().flat().join(" ")).not.toContain("SigninToken");
    expect(await landing(url!)).toContain(`data-account-id="${account.accountId}"`);
  });

  it("follows a rule on the account's name over the session's choice", async () => {
    s.program("firefox");
    s.program("chromium");
    const word = account.accountName.slice(1, 5).toUpperCase();
    writeSettings({
      sessions: { acme: { kind: "browser", browser: "chromium" } },
      rules: [{ nameContains: word, browser: { kind: "container", container: "prod" } }],
    });
    const result = await ssotray("console", ...role());
    expect(result.code, result.stderr).toBe(0);
    const [[target]] = s.starts() as [[string]];
    const params = new URLSearchParams(target!.slice("ext+container:".length));
    expect(params.get("name")).toBe("prod");
    expect(target).toBe(containerLink("prod", params.get("url")!));
    expect(target).not.toContain("SigninToken");
    expect(await landing(params.get("url")!)).toContain(`data-role-name="${account.roles[0]}"`);
  });

  it("takes the browser, profile and container from the command line over Settings", async () => {
    s.program("firefox-esr");
    writeSettings({ sessions: { acme: { kind: "browser", browser: "chrome" } }, rules: [] });
    const byProfile = await ssotray(
      "console",
      ...role(),
      "--browser",
      "firefox",
      "--browser-profile",
      "aws work",
    );
    expect(byProfile.code, byProfile.stderr).toBe(0);
    const inContainer = await ssotray("console", ...role(), "--container", "staging");
    expect(inContainer.code, inContainer.stderr).toBe(0);
    const starts = s.starts();
    expect(starts).toHaveLength(2);
    expect(starts.map((argv) => argv.slice(0, -1))).toContainEqual(["-P", "aws work"]);
    expect(starts.map((argv) => argv.length)).toContain(1);
  });

  it("uses the profile's browser from Settings when only --browser-profile is given", async () => {
    s.program("microsoft-edge");
    writeSettings({
      sessions: { acme: { kind: "browser", browser: "edge", profile: "Default" } },
      rules: [],
    });
    const result = await ssotray("console", ...role(), "--browser-profile", "Profile 3");
    expect(result.code, result.stderr).toBe(0);
    expect(s.starts()[0]![0]).toBe("--profile-directory=Profile 3");
  });

  it("prints the link and fails when the browser does not open (xdg-open exits 3 without a desktop)", async () => {
    s.program("xdg-open", { status: 3 });
    const result = await ssotray("console", ...role());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /xdg-open exited with status 3 without opening the link: no browser opened/,
    );
    expect(result.stderr).not.toMatch(/Opened the console/);
    expect(await landing(result.stdout.trim())).toContain(`data-account-id="${account.accountId}"`);
  });

  it("says which browser is missing, and still gives the link", async () => {
    const result = await ssotray("console", ...role(), "--browser", "brave");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Brave is not installed where SSO Tray looks for it/);
    expect(result.stdout).toMatch(/^https?:\/\/.*Action=login/);
  });

  it("prints the access portal's shortcut link with --via-portal, asking AWS for no credentials", async () => {
    const result = await ssotray(
      "console",
      ...role(),
      "--via-portal",
      "--print",
      "--region",
      "eu-west-1",
      "--destination",
      "/s3/home",
    );
    expect(result.code, result.stderr).toBe(0);
    const destination = "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1";
    expect(result.stdout).toBe(
      `${sim.startUrl}/#/console?account_id=${account.accountId}&role_name=${encodeURIComponent(account.roles[0]!)}&destination=${encodeURIComponent(destination)}\n`,
    );
    const apis = sim.requestLog().map((e) => e.api);
    expect(apis).not.toContain("GetRoleCredentials");
    expect(apis).not.toContain("GetSigninToken");
  });

  it("opens through the portal where Settings choose it, unless --no-via-portal", async () => {
    s.program("chromium");
    writeSettings({
      sessions: { acme: { kind: "browser", browser: "chromium", viaPortal: true } },
      rules: [],
    });
    const viaPortal = await ssotray("console", ...role());
    expect(viaPortal.code, viaPortal.stderr).toBe(0);
    expect(viaPortal.stderr).toMatch(/in Chromium, through the access portal/);
    expect(sim.requestLog().map((e) => e.api)).not.toContain("GetRoleCredentials");
    const federated = await ssotray("console", ...role(), "--no-via-portal");
    expect(federated.code, federated.stderr).toBe(0);
    const [[portalUrl], [federationUrl]] = s.starts() as [[string], [string]];
    expect(portalUrl.startsWith(`${sim.startUrl}/#/console?account_id=${account.accountId}&`)).toBe(
      true,
    );
    expect(await landing(federationUrl)).toContain(`data-account-id="${account.accountId}"`);
  });

  it.each([
    [["--browser", "chrome", "--browser-profile=--user-data-dir=/tmp/x"], /A browser profile name/],
    [["--browser", "chrome", "--browser-profile", "-x"], /A browser profile name/],
    [["--browser", "chrome", "--browser-profile", "a/../b"], /A browser profile name/],
    [["--browser", "chrome", "--container", "prod"], /--container goes with --browser firefox/],
    [
      ["--browser", "safari"],
      /--browser must be one of default, chrome, chromium, edge, brave, firefox/,
    ],
    [["--browser-profile", "Work"], /Say which browser holds that profile/],
  ])("refuses %j before any call to AWS", async (flags, message) => {
    const result = await ssotray("console", ...role(), ...flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(sim.requestLog()).toEqual([]);
    expect(s.starts()).toEqual([]);
  });
});
