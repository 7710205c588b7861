// `ssotray login` with a start URL and region, and `ssotray session list|remove`, in process
// against the simulator with a temporary HOME; Ctrl+C on a real `ssotray` process.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { accountCacheFile } from "../core/portal/account-cache.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { EXIT_FAILURE, EXIT_USAGE } from "./cli-error.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { runCli } from "./program.js";
import { displayPath, resolveLocations } from "../core/locations.js";

let sim: Simulator;
let other: Simulator;
const dirs: string[] = [];
let cliDir: string;

beforeAll(async () => {
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 2, seed: 5 });
  // Another instance, in another region, whose device codes are never approved.
  other = await startSimulator({
    accounts: 3,
    region: "eu-west-1",
    deviceApproval: "never",
    deviceCodeExpiresIn: 2,
    deviceInterval: 1,
  });
  cliDir = mkdtempSync(path.join(os.tmpdir(), "ssotray-session-cli-"));
  dirs.push(cliDir);
  await buildCli({ quiet: true, outdir: cliDir });
}, 120_000);
afterAll(async () => {
  await sim?.close();
  await other?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Home {
  dir: string;
  env: Record<string, string>;
  config: string;
  ssoCache: string;
}

function makeHome(config = "", endpoints: object = sim.env): Home {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-session-"));
  dirs.push(dir);
  const configPath = path.join(dir, ".aws", "config");
  const env = {
    HOME: dir,
    SSOTRAY_HOME: path.join(dir, "ssotray"),
    AWS_CONFIG_FILE: configPath,
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, ".aws", "credentials"),
    SSOTRAY_NETWORK_TIMEOUT_MS: "2000",
    ...(endpoints as Record<string, string>),
  };
  const home = { dir, env, config: configPath, ssoCache: path.join(dir, ".aws", "sso", "cache") };
  if (config) writeConfig(home, config);
  return home;
}

function writeConfig(home: Home, text: string): void {
  mkdirSync(path.dirname(home.config), { recursive: true });
  writeFileSync(home.config, text);
}

const readConfig = (home: Home) =>
  existsSync(home.config) ? readFileSync(home.config, "utf8") : "";
const cacheFiles = (home: Home) => (existsSync(home.ssoCache) ? readdirSync(home.ssoCache) : []);

/** Runs `ssotray` in process; a sign-in URL printed with --no-browser is followed as a browser would. */
function cli(home: Home, args: string[], options: { confirm?: boolean } = {}) {
  return runSsotray(home.env, args, options);
}

const SESSION = (name: string, startUrl: string, region: string) =>
  `[sso-session ${name}]\nsso_start_url = ${startUrl}\nsso_region = ${region}\nsso_registration_scopes = sso:account:access\n`;

describe("ssotray login --start-url --region", () => {
  it("adds the [sso-session] once the sign-in succeeds, and says so", async () => {
    const home = makeHome();
    const result = await cli(home, [
      "login",
      "--start-url",
      sim.startUrl,
      "--region",
      sim.region,
      "--session",
      "acme",
      "--no-browser",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(readConfig(home)).toBe(SESSION("acme", sim.startUrl, sim.region));
    expect(result.stderr).toContain(`Added [sso-session acme] (${sim.startUrl}, ${sim.region})`);
    expect(result.stderr).toMatch(/^Signed in to acme; it refreshes by itself$/m);
  });

  it("with the same start URL and another region, moves the session to that region", async () => {
    // The session was made with the wrong region; the right one is where the instance answers.
    const home = makeHome(SESSION("acme", sim.startUrl, "ap-south-1"));
    const result = await cli(home, [
      "login",
      "--start-url",
      sim.startUrl,
      "--region",
      sim.region,
      "--no-browser",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `Changed the region of session 'acme' from ap-south-1 to ${sim.region}`,
    );
    expect(readConfig(home)).toBe(SESSION("acme", sim.startUrl, sim.region));
    const status = await cli(home, ["status", "--json"]);
    expect(JSON.parse(status.stdout)).toMatchObject([
      { name: "acme", region: sim.region, state: "signed-in" },
    ]);
  });

  it("with a known start URL and no --region, signs in with the region the session has", async () => {
    const home = makeHome(SESSION("acme", sim.startUrl, sim.region));
    const result = await cli(home, ["login", "--start-url", sim.startUrl, "--no-browser"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Signed in to acme/);
    expect(readConfig(home)).toBe(SESSION("acme", sim.startUrl, sim.region));
    // Two sessions for the portal in different regions: which one is the user's to say.
    const two = makeHome(
      SESSION("a", sim.startUrl, sim.region) + SESSION("b", sim.startUrl, "eu-west-1"),
    );
    const both = await cli(two, ["login", "--start-url", sim.startUrl, "--no-browser"]);
    expect(both.code).toBe(EXIT_USAGE);
    expect(both.stderr).toMatch(/choose one with --session or give --region/);
    const chosen = await cli(two, [
      "login",
      "--start-url",
      sim.startUrl,
      "--session",
      "a",
      "--no-browser",
    ]);
    expect(chosen.code, chosen.stderr).toBe(0);
  });

  it("refuses a name that an [sso-session] or a legacy profile uses for another portal, saying how to go on", async () => {
    const elsewhere = "https://other-org.awsapps.com/start";
    const config =
      SESSION("acme", elsewhere, sim.region) +
      `\n[profile legacy]\nsso_start_url = ${elsewhere}\nsso_region = ${sim.region}\nsso_account_id = 111111111111\nsso_role_name = Admin\n`;
    const home = makeHome(config);
    for (const name of ["acme", "legacy"]) {
      const result = await cli(home, [
        "login",
        "--start-url",
        sim.startUrl,
        "--region",
        sim.region,
        "--session",
        name,
        "--no-browser",
      ]);
      expect(result.code).toBe(EXIT_USAGE);
      expect(result.stdout).toBe("");
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(`signs in to ${elsewhere}, not ${sim.startUrl}`);
      expect(result.stderr).toContain("give another name with --session");
      if (name === "acme") expect(result.stderr).toContain("ssotray session remove acme");
    }
    expect(readConfig(home)).toBe(config);
  });

  it("a device sign-in never approved writes nothing to the config or the token cache", async () => {
    const home = makeHome("", other.env);
    const result = await cli(home, [
      "login",
      "--start-url",
      other.startUrl,
      "--region",
      other.region,
      "--device-code",
      "--no-browser",
    ]);
    expect(result.code).toBe(EXIT_FAILURE);
    expect(readConfig(home)).toBe("");
    expect(cacheFiles(home)).toEqual([]);
    // So a later command is not told to choose between sessions that were never signed in to.
    const status = await cli(home, ["status", "--json"]);
    expect(JSON.parse(status.stdout)).toEqual([]);
  });

  it("Ctrl+C during a sign-in leaves the config as it was", async () => {
    const home = makeHome(SESSION("first", sim.startUrl, sim.region));
    const before = readConfig(home);
    const child = spawn(
      process.execPath,
      [
        path.join(cliDir, "ssotray.mjs"),
        "login",
        "--start-url",
        "https://another-org.awsapps.com/start",
        "--region",
        sim.region,
        "--no-browser",
      ],
      { env: { PATH: process.env.PATH ?? "", ...home.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // The URL on stdout means the sign-in waits for the user: that is when they give up.
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (d: Buffer) => {
        if (d.toString().includes("/authorize?")) resolve();
      }),
    );
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    // As a shell reports a command Ctrl+C ended: 128 + SIGINT.
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/Sign-in cancelled \(SIGINT\); nothing was changed/);
    expect(readConfig(home)).toBe(before);
    expect(cacheFiles(home)).toEqual([]);
  });

  it("usage errors exit 2 with what was wrong: an empty start URL, a bad one, a bad region", async () => {
    const home = makeHome();
    const cases: Array<[string[], RegExp]> = [
      [["--start-url", "", "--region", "us-east-1"], /--start-url is empty/],
      [["--start-url", "acme", "--region", "us-east-1"], /must look like https:\/\//],
      [
        ["--start-url", sim.startUrl, "--region", "nowhere"],
        /region must look like us-east-1 or eu-west-1/,
      ],
      [["--start-url", sim.startUrl], /--region is needed for a new session/],
      [["--region", "us-east-1"], /--region needs --start-url/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(home, ["login", ...args, "--no-browser"]);
      expect(result.code, result.stderr).toBe(EXIT_USAGE);
      expect(result.stderr).toMatch(message);
    }
    expect(readConfig(home)).toBe("");
  });
});

describe("ssotray session list|remove", () => {
  async function signedInHome(): Promise<Home> {
    const home = makeHome(
      SESSION("acme", sim.startUrl, sim.region) +
        "\n[profile mine]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\n",
    );
    const login = await cli(home, ["login", "--session", "acme", "--no-browser"]);
    expect(login.code, login.stderr).toBe(0);
    const populate = await cli(home, ["config", "populate"]);
    expect(populate.code, populate.stderr).toBe(0);
    const account = sim.accounts()[0]!;
    const creds = await cli(home, [
      "creds",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
      "--credentials-file-profile",
      "keys",
    ]);
    expect(creds.code, creds.stderr).toBe(0);
    return home;
  }

  it("lists sessions with their state and generated profiles", async () => {
    const home = await signedInHome();
    const list = await cli(home, ["session", "list", "--json"]);
    expect(list.code, list.stderr).toBe(0);
    const pairs = sim.accounts().reduce((n, a) => n + a.roles.length, 0);
    expect(JSON.parse(list.stdout)).toEqual([
      {
        name: "acme",
        source: "sso-session",
        startUrl: sim.startUrl,
        region: sim.region,
        state: "signed-in",
        generatedProfiles: pairs,
      },
    ]);
    const text = await cli(home, ["session", "list"]);
    expect(text.stdout.split("\n")[1]).toMatch(/^acme\s+signed-in\s+6\s+us-east-1\s+https:/);
  });

  it("remove says what will go and, without --yes or a terminal, removes nothing", async () => {
    const home = await signedInHome();
    const config = readConfig(home);
    const files = cacheFiles(home).sort();
    const result = await cli(home, ["session", "remove", "acme"]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("Removing session 'acme' signs it out and removes:");
    expect(result.stderr).toContain(`[sso-session acme] (${sim.startUrl}, us-east-1)`);
    expect(result.stderr).toMatch(/6 generated profiles from .*config: /);
    expect(result.stderr).toContain("[keys] from the shared credentials file");
    expect(result.stderr).toContain(
      "Profiles you wrote that use it stay, and will not work without it: mine",
    );
    expect(result.stderr).toMatch(/ {2}- its sign-in: ~\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json\n/);
    expect(result.stderr).toMatch(
      / {2}- its client registration[^:]*: ~\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json\n/,
    );
    expect(result.stderr).toContain("--yes");
    expect(readConfig(home)).toBe(config);
    expect(cacheFiles(home).sort()).toEqual(files);

    const declined = await cli(home, ["session", "remove", "acme"], { confirm: false });
    expect(declined.code).toBe(EXIT_FAILURE);
    expect(declined.stderr).toContain("Nothing was removed");
    expect(readConfig(home)).toBe(config);
  });

  it("remove --yes signs out and takes the session, its profiles, sign-in, registration and caches", async () => {
    const home = await signedInHome();
    const data = resolveLocations(home.env).cache;
    expect(existsSync(accountCacheFile(data, "acme"))).toBe(true);
    expect(cacheFiles(home).length).toBeGreaterThanOrEqual(2); // the token and a registration
    sim.clearRequestLog();
    const result = await cli(home, ["session", "remove", "acme", "--yes"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Removed session 'acme'");
    // The user's own profile stays; nothing else of the session does.
    expect(readConfig(home)).toBe(
      "\n[profile mine]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\n",
    );
    expect(cacheFiles(home)).toEqual([]);
    expect(existsSync(accountCacheFile(data, "acme"))).toBe(false);
    const credentials = path.join(home.dir, ".aws", "credentials");
    expect(existsSync(credentials) ? readFileSync(credentials, "utf8") : "").not.toContain(
      "[keys]",
    );
    const cached = path.join(data, "credentials");
    expect(existsSync(cached) ? readdirSync(cached) : []).toEqual([]);
    expect(sim.requestLog().map((r) => r.api)).toContain("Logout");

    const again = await cli(home, ["session", "remove", "acme", "--yes"]);
    expect(again.code).toBe(EXIT_USAGE);
    expect(again.stderr).toMatch(/^ssotray: There is no session named 'acme'\n$/);
  });

  it("remove refuses a legacy profile: it is the user's own", async () => {
    const config = `[profile old]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_account_id = 111111111111\nsso_role_name = Admin\n`;
    const home = makeHome(config);
    const result = await cli(home, ["session", "remove", "old", "--yes"]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("is a profile you wrote");
    expect(readConfig(home)).toBe(config);
  });
});

describe("what a newcomer trips over", () => {
  it("exit codes: 2 when the command line is wrong or incomplete, 1 when it cannot be done", async () => {
    const none = makeHome();
    const noSession = await cli(none, ["accounts"]);
    expect(noSession.code).toBe(EXIT_FAILURE);
    expect(noSession.stderr).toMatch(/^ssotray: No session is set up; run: ssotray login/);

    const two = makeHome(
      SESSION("a", sim.startUrl, sim.region) + "\n" + SESSION("b", sim.startUrl, sim.region),
    );
    expect((await cli(two, ["accounts"])).code).toBe(EXIT_USAGE);
    expect((await cli(two, ["accounts", "--session", "c"])).code).toBe(EXIT_USAGE);
    expect((await cli(two, ["login", "--session", "a", "--frobnicate"])).code).toBe(EXIT_USAGE);
    const region = await cli(two, [
      "creds",
      "--session",
      "a",
      "--account",
      "111111111111",
      "--role",
      "Admin",
      "--region",
      "mars-north-1x",
    ]);
    expect(region.code).toBe(EXIT_USAGE);
    expect(region.stderr).toContain(
      "The region must look like us-east-1 or eu-west-1 (got 'mars-north-1x')",
    );
    // Not signed in: the command is right, the sign-in is missing.
    const signedOut = await cli(two, ["accounts", "--session", "a"]);
    expect(signedOut.code).toBe(EXIT_FAILURE);
  });

  it("config remove --session with a name that names nothing says so", async () => {
    const home = makeHome(SESSION("acme", sim.startUrl, sim.region));
    const result = await cli(home, ["config", "remove", "--session", "nope"]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe(
      "ssotray: There is no session named 'nope' and no profile generated for one; sessions: acme\n",
    );
    // Profiles generated for a session that is gone can still be removed by its name.
    writeConfig(
      home,
      SESSION("acme", sim.startUrl, sim.region) +
        "\n[profile old-admin]\nsso_session = gone\nsso_account_id = 111111111111\nsso_role_name = Admin\nssotray_session = gone\n",
    );
    const gone = await cli(home, ["config", "remove", "--session", "gone"]);
    expect(gone.code, gone.stderr).toBe(0);
    expect(readConfig(home)).toBe(SESSION("acme", sim.startUrl, sim.region));
  });

  it("status keeps the state one word and gives the reason on a line of its own", async () => {
    const home = makeHome(
      SESSION("acme", sim.startUrl, sim.region) +
        `\n[sso-session broken]\nsso_start_url = ${sim.startUrl}\n`,
    );
    const result = await cli(home, ["status"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^SESSION\s+STATE\s+TIME LEFT\s+REGION\s+START URL$/);
    expect(lines[1]).toMatch(/^acme\s+signed-out\s+-\s+us-east-1\s+https:\/\/\S+$/);
    expect(lines[2]).toMatch(/^broken\s+\S+\s+-\s+https:\/\/\S+$/);
    expect(lines[3]).toMatch(/^ {2}\[sso-session broken\] in .* lacks sso_region; add it$/);
  });

  it("a damaged account cache is reported once, and the list is synced again", async () => {
    const home = makeHome(SESSION("acme", sim.startUrl, sim.region));
    expect((await cli(home, ["login", "--session", "acme", "--no-browser"])).code).toBe(0);
    const file = accountCacheFile(resolveLocations(home.env).cache, "acme");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"version": 1, "session": "acme", "accounts": [{"accountId": "1');
    const result = await cli(home, ["accounts", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      `warning: The cached account list ${file} is not valid JSON; ignoring it and syncing again\n`,
    );
    expect(JSON.parse(result.stdout)).toHaveLength(6);
  });

  it("a sync on a terminal shows how many accounts have their roles, then clears the line", async () => {
    const home = makeHome(SESSION("acme", sim.startUrl, sim.region));
    expect((await cli(home, ["login", "--session", "acme", "--no-browser"])).code).toBe(0);
    let stdout = "";
    let stderr = "";
    const code = await runCli(["accounts", "--json"], home.env, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stderrIsTTY: true,
    });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("\r\x1b[K3 of 3 accounts have their roles");
    expect(stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(JSON.parse(stdout)).toHaveLength(6);
  });

  it("a dry run names the config file it would change in full", async () => {
    const home = makeHome(SESSION("acme", sim.startUrl, sim.region));
    expect((await cli(home, ["login", "--session", "acme", "--no-browser"])).code).toBe(0);
    const result = await cli(home, ["config", "populate", "--dry-run"]);
    expect(result.code, result.stderr).toBe(0);
    const real = realpathSync(home.config);
    expect(result.stdout.split("\n")[0]).toBe(`--- ${real}`);
    // The summary shows it as every path under HOME is shown.
    expect(result.stderr).toContain(
      `${displayPath(real, { home: realpathSync(home.dir) })}: 6 would be added (dry run: nothing written)`,
    );
  });

  it("config remove shows both files it changed the same way, under ~", async () => {
    const home = makeHome(SESSION("acme", sim.startUrl, sim.region));
    expect((await cli(home, ["login", "--session", "acme", "--no-browser"])).code).toBe(0);
    expect((await cli(home, ["config", "populate"])).code).toBe(0);
    const account = sim.accounts()[0]!;
    const written = await cli(home, [
      "creds",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
      "--credentials-file-profile",
      "kept",
    ]);
    expect(written.code, written.stderr).toBe(0);
    const removed = await cli(home, ["config", "remove"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toBe(
      "~/.aws/config: 6 removed\n~/.aws/credentials: 1 removed ([kept])\n",
    );
  });
});
