// The app's consoles side by side: where each console opens (the session's choice, an account
// rule), what the user hears when no browser opened, and the `ssotray exec` line it copies.
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleBrowserSettings } from "../../shared/console-browser.js";
import type { RoleRef } from "../../shared/model.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { requireTool } from "../../simulator/tools.js";
import { tempHome, writeTokenCache } from "../../simulator/testing.js";
import { buildCli } from "../../scripts/build-cli.mjs";
import { containerLink } from "../browsers/launch-command.js";
import { standIns, type StandIns } from "../../test-support/stand-in-browser.js";
import { createNodePlatform, type NodePlatform } from "../platform/node-platform.js";
import { writeAccountCache } from "../portal/account-cache.js";
import { AppService } from "./service.js";
import { resolveLocations } from "../locations.js";
import { onlyOn } from "../../test-support/platform-only.js";

const run = promisify(execFile);
const shells = onlyOn(["linux", "darwin"], "zsh and fish are not Windows shells");
const zsh = shells.probe(() => requireTool("zsh"));
const fish = shells.probe(() => requireTool("fish"));

let sim: Simulator | undefined;
let service: AppService | undefined;
let home: string | undefined;
let browsers: StandIns | undefined;
afterEach(async () => {
  service?.dispose();
  await sim?.close();
  browsers?.cleanup();
  if (home) await rm(home, { recursive: true, force: true });
  sim = service = home = browsers = undefined;
});

interface Setup {
  sim: Simulator;
  platform: NodePlatform;
  env: Record<string, string>;
  s: StandIns;
}

/** Signed in to a simulator, its accounts cached, stand-in browsers on PATH. */
async function setup(
  consoleBrowsers: ConsoleBrowserSettings,
  options: { cliCommand?: string[]; open?: (url: string) => Promise<void> } = {},
): Promise<Setup> {
  sim = await startSimulator({ accounts: 5, rolesPerAccount: 2, seed: 9 });
  home = await tempHome();
  browsers = standIns();
  const env = {
    HOME: home,
    SSOTRAY_HOME: join(home, "ssotray"),
    // The stand-ins alone: no real browser may be found, or started.
    PATH: browsers.bin,
    ...sim.env,
  };
  await mkdir(join(home, ".aws"), { recursive: true });
  await writeFile(
    join(home, ".aws", "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  await writeTokenCache(home, "acme", sim, sim.issueToken({ expiresInSeconds: 8 * 3600 }));
  await writeAccountCache(
    resolveLocations(env).cache,
    { session: "acme", startUrl: sim.startUrl, region: sim.region },
    sim.accounts().map(({ accountId, accountName, emailAddress, roles }) => ({
      accountId,
      accountName,
      emailAddress,
      roles,
    })),
    new Date().toISOString(),
  );
  await mkdir(env.SSOTRAY_HOME, { recursive: true });
  await writeFile(join(env.SSOTRAY_HOME, "settings.json"), JSON.stringify({ consoleBrowsers }));
  const platform = createNodePlatform({ open: options.open ?? (async () => undefined) });
  service = new AppService({
    env,
    locations: resolveLocations(env),
    platform,
    ...(options.cliCommand ? { cliCommand: options.cliCommand } : {}),
  });
  return { sim, platform, env, s: browsers };
}

function roleOf(sim: Simulator, index: number): RoleRef {
  const account = sim.accounts()[index]!;
  return { session: "acme", accountId: account.accountId, roleName: account.roles[0]! };
}

describe("where the app opens a console", () => {
  it("opens in the session's browser profile, with a link the federation endpoint accepts", async () => {
    const { sim, s, platform } = await setup({
      sessions: { acme: { kind: "browser", browser: "brave", profile: "Profile 1" } },
      rules: [],
    });
    s.program("brave-browser");
    const role = roleOf(sim, 1);
    await service!.openConsole({ role });
    const [[profile, url]] = s.starts() as [[string, string]];
    expect(profile).toBe("--profile-directory=Profile 1");
    // A browser's arguments are readable by every local user: no sign-in token in them.
    expect(url).not.toContain("SigninToken");
    expect(await (await fetch(url!)).text()).toContain(`data-account-id="${role.accountId}"`);
    expect(platform.opened).toEqual([]);
  });

  it("sends an account whose name matches a rule to that rule's Firefox container", async () => {
    const { sim, s, platform } = await setup({ sessions: {}, rules: [] });
    // As the Settings screen saves it.
    await service!.updateSettings({
      consoleBrowsers: {
        sessions: {},
        rules: [
          {
            nameContains: sim.accounts()[3]!.accountName.toUpperCase(),
            browser: { kind: "container", container: "prod" },
          },
        ],
      },
    });
    s.program("firefox");
    await service!.openConsole({ role: roleOf(sim, 3) });
    const [[target]] = s.starts() as [[string]];
    const url = new URLSearchParams(target!.slice("ext+container:".length)).get("url")!;
    expect(target).toBe(containerLink("prod", url));
    // Another account of the same session goes to the default browser.
    await service!.openConsole({ role: roleOf(sim, 0) });
    expect(s.starts()).toHaveLength(1);
    expect(platform.opened).toHaveLength(1);
    expect([...s.starts().flat(), ...platform.opened].join(" ")).not.toContain("SigninToken");
  });

  it("opens through the access portal where a rule says so, with no credentials fetched", async () => {
    const { sim, s, platform } = await setup({ sessions: {}, rules: [] });
    const name = sim.accounts()[4]!.accountName;
    await service!.updateSettings({
      consoleBrowsers: {
        sessions: { acme: { kind: "default", viaPortal: true } },
        rules: [
          {
            nameContains: name,
            browser: { kind: "container", container: "prod", viaPortal: true },
          },
        ],
      },
    });
    s.program("firefox");
    const role = roleOf(sim, 4);
    await service!.openConsole({ role, region: "eu-central-1" });
    const [[target]] = s.starts() as [[string]];
    const url = new URLSearchParams(target!.slice("ext+container:".length)).get("url")!;
    expect(url).toBe(
      `${sim.startUrl}/#/console?account_id=${role.accountId}&role_name=${encodeURIComponent(role.roleName)}&destination=${encodeURIComponent("https://eu-central-1.console.aws.amazon.com/console/home?region=eu-central-1")}`,
    );
    // The session's choice: the default browser, through the portal too.
    await service!.openConsole({ role: roleOf(sim, 0) });
    expect(platform.opened[0]).toMatch(new RegExp(`^${sim.startUrl}/#/console\\?account_id=`));
    expect(sim.requestLog().map((e) => e.api)).not.toContain("GetRoleCredentials");
    expect((await service!.getState()).settings.recent[0]).toEqual(roleOf(sim, 0));
  });

  it("says the console did not open, and what to do, when the browser fails or is missing", async () => {
    const { sim, s } = await setup({
      sessions: { acme: { kind: "browser", browser: "chromium", profile: "Work" } },
      rules: [],
    });
    await expect(service!.openConsole({ role: roleOf(sim, 1) })).rejects.toThrow(
      /The console did not open in Chromium, profile 'Work': Chromium is not installed where SSO Tray looks for it \(on your PATH \(looked for chromium, chromium-browser\)\)\. Copy its link from More/,
    );
    s.program("chromium", { status: 1 });
    await expect(service!.openConsole({ role: roleOf(sim, 1) })).rejects.toMatchObject({
      errorName: "BrowserNotOpened",
      message: expect.stringMatching(/exited with status 1 without opening the link/),
    });
  });

  it("reports a default browser that did not open", async () => {
    const { sim } = await setup(
      { sessions: {}, rules: [] },
      {
        open: async () => {
          throw new Error("xdg-open exited with status 3");
        },
      },
    );
    await expect(service!.openConsole({ role: roleOf(sim, 2) })).rejects.toThrow(
      /The console did not open in the default browser: xdg-open exited with status 3/,
    );
  });
});

describe("the ssotray exec line the app copies", () => {
  let cliDir: string;
  let BIN: string;
  beforeAll(async () => {
    // A bundle of its own: cli.test.ts rebuilds dist-cli/ and may run at the same time.
    cliDir = await tempHome("ssotray-cli-build-");
    await buildCli({ quiet: true, outdir: cliDir });
    BIN = join(cliDir, "ssotray.mjs");
  }, 120_000);
  afterAll(() => rm(cliDir, { recursive: true, force: true }));

  it("runs the command with the role's credentials when pasted into a shell", async () => {
    const { sim, platform, env } = await setup(
      { sessions: {}, rules: [] },
      { cliCommand: [`"${process.execPath}"`, `"${BIN}"`] },
    );
    const role = roleOf(sim, 2);
    const result = await service!.copyExecLine({ role, region: "eu-west-1" });
    expect(result.clearsInSeconds).toBe(0);
    const line = platform.clipboard.text;
    expect(line).toMatch(
      / exec --session "acme" --account "\d{12}" --role "[^"]+" --region "eu-west-1" -- $/,
    );
    const printEnv = `"${process.execPath}" -e "console.log(process.env.AWS_REGION, process.env.AWS_ACCESS_KEY_ID)"`;
    const { stdout } = await run("/bin/sh", ["-c", line + printEnv], { env });
    const [region, key] = stdout.trim().split(" ");
    expect(region).toBe("eu-west-1");
    expect(
      sim
        .requestLog()
        .filter((e) => e.api === "GetRoleCredentials")
        .at(-1),
    ).toMatchObject({
      accountId: role.accountId,
    });
    expect(key).toMatch(/^ASIA/);
  });

  it("reads as the same words in sh, zsh and fish, whatever the session is called", async () => {
    const { sim, platform } = await setup({ sessions: {}, rules: [] }, { cliCommand: ["words"] });
    const role = { ...roleOf(sim, 1), session: "team a;b & 'c' (x) #y" };
    await service!.copyExecLine({ role });
    const line = platform.clipboard.text;
    const shells: Array<[string, string]> = [
      ["/bin/sh", `words() { printf '%s\\n' "$@"; }; ${line}`],
      ...(zsh ? [[zsh, `words() { printf '%s\\n' "$@"; }; ${line}`] as [string, string]] : []),
      ...(fish
        ? [[fish, `function words; printf '%s\\n' $argv; end; ${line}`] as [string, string]]
        : []),
    ];
    for (const [shell, script] of shells) {
      const { stdout } = await run(shell, ["-c", script]);
      expect(stdout.split("\n").slice(0, -1), shell).toEqual([
        "exec",
        "--session",
        "team a;b & 'c' (x) #y",
        "--account",
        role.accountId,
        "--role",
        role.roleName,
        "--",
      ]);
    }
  });

  it("refuses a session name a shell would expand, naming it", async () => {
    const { sim } = await setup({ sessions: {}, rules: [] });
    await expect(
      service!.copyExecLine({ role: { ...roleOf(sim, 1), session: "acme$(id)" } }),
    ).rejects.toMatchObject({
      errorName: "UnsafeExecLine",
      message: expect.stringMatching(
        /will not put the session name "acme\$\(id\)" on an ssotray exec line: it holds "\$"/,
      ),
    });
  });
});
