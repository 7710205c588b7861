// The real `ssotray` command, built by scripts/build-cli.mjs, run as a process against the
// simulator with an isolated HOME. Few processes per case: the suite must stay fast.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { awsCliCommand, hasAwsCli, hasBotocore, SKIP_BOTOCORE } from "../simulator/testing.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { accountCacheFile } from "../core/portal/account-cache.js";
import { createNodePlatform } from "../core/platform/node-platform.js";
import { AppService } from "../core/service/service.js";
import { resolveLocations } from "../core/locations.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(root, "bin/ssotray.mjs");
const run = promisify(execFile);

let sim: Simulator;
if (!(hasBotocore && hasAwsCli)) console.warn(SKIP_BOTOCORE);

interface Home {
  env: Record<string, string>;
  home: string;
}

/** A HOME with an [sso-session] per name and, for `signedIn`, a token cached as the AWS CLI does. */
function makeHome(sessions: Array<{ name: string; signedIn: boolean }>): Home {
  const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-cli-"));
  homes.push(home);
  mkdirSync(path.join(home, ".aws", "sso", "cache"), { recursive: true });
  const config = sessions
    .map(
      (s) =>
        `[sso-session ${s.name}]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
    )
    .join("\n");
  writeFileSync(path.join(home, ".aws", "config"), config);
  for (const s of sessions.filter((x) => x.signedIn)) signInAs(home, s.name);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    SSOTRAY_HOME: path.join(home, "ssotray"),
    AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"),
    ...sim.env,
  };
  return { env, home };
}

/** The session's token file, as `aws sso login` leaves it. */
function tokenFile(home: string, name: string): string {
  return path.join(
    home,
    ".aws",
    "sso",
    "cache",
    `${createHash("sha1").update(name).digest("hex")}.json`,
  );
}

/** A sign-in as `aws sso login` caches it. */
function signInAs(home: string, name: string): void {
  {
    const t = sim.issueToken({ expiresInSeconds: 8 * 3600 });
    const file = tokenFile(home, name);
    const body = {
      startUrl: sim.startUrl,
      region: sim.region,
      accessToken: t.accessToken,
      expiresAt: t.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      clientId: t.clientId,
      clientSecret: t.clientSecret,
      registrationExpiresAt: t.registrationExpiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      refreshToken: t.refreshToken,
    };
    writeFileSync(file, JSON.stringify(body), { mode: 0o600 });
  }
}

async function ssotray(
  home: Home,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: home.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Exactly one line on stderr, non-zero exit, nothing on stdout. */
function expectOneLineError(
  result: { code: number; stdout: string; stderr: string },
  pattern: RegExp,
): void {
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

let one: Home;
const homes: string[] = [];
let account: { accountId: string; accountName: string; roles: string[] };

beforeAll(async () => {
  await buildCli({ quiet: true });
  sim = await startSimulator({ accounts: 6, rolesPerAccount: 2, seed: 3 });
  one = makeHome([{ name: "acme", signedIn: true }]);
  account = sim.accounts()[1]!;
}, 120_000);
afterAll(async () => {
  await sim?.close();
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe("ssotray", () => {
  it("lists accounts as JSON, one object per account/role pair, then from the cache", async () => {
    const first = await ssotray(one, "accounts", "--json");
    expect(first.code, first.stderr).toBe(0);
    const pairs = JSON.parse(first.stdout) as Array<Record<string, string>>;
    expect(pairs).toHaveLength(sim.accounts().reduce((n, a) => n + a.roles.length, 0));
    expect(pairs).toContainEqual(
      expect.objectContaining({
        session: "acme",
        accountId: account.accountId,
        accountName: account.accountName,
        roleName: account.roles[0],
      }),
    );
    sim.clearRequestLog();
    const again = await ssotray(one, "accounts");
    expect(again.stdout).toContain(account.accountName);
    expect(sim.requestLog().filter((r) => r.api === "ListAccounts")).toHaveLength(0);
  });

  it("prints credentials by account name in every format's syntax", async () => {
    const bash = await ssotray(
      one,
      "creds",
      "--account",
      account.accountName.toUpperCase(),
      "--role",
      account.roles[0]!,
      "--region",
      "eu-west-1",
    );
    expect(bash.code, bash.stderr).toBe(0);
    expect(bash.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='.+'\n/);
    expect(bash.stdout).toContain("export AWS_DEFAULT_REGION='eu-west-1'");
    const json = await ssotray(
      one,
      "creds",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
      "--format",
      "json",
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      AWS_ACCESS_KEY_ID: expect.any(String),
      AWS_CREDENTIAL_EXPIRATION: expect.any(String),
    });
  });

  it("answers credential-process from its cache without calling the portal again", async () => {
    const args = [
      "credential-process",
      "--account",
      account.accountId,
      "--role",
      account.roles[1]!,
      "--session",
      "acme",
    ];
    const first = await ssotray(one, ...args);
    expect(first.code, first.stderr).toBe(0);
    sim.clearRequestLog();
    const second = await ssotray(one, ...args);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: expect.any(String),
      Expiration: expect.any(String),
    });
    expect(sim.requestLog()).toEqual([]);
  });

  it("prints a console sign-in URL the federation endpoint accepts for that account and role", async () => {
    const result = await ssotray(
      one,
      "console",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
      "--destination",
      "/s3/home",
      "--print",
    );
    expect(result.code, result.stderr).toBe(0);
    const html = await (await fetch(result.stdout.trim())).text();
    expect(html).toContain(`data-account-id="${account.accountId}"`);
    expect(html).toContain(`data-role-name="${account.roles[0]}"`);
  });

  it("shows how long each session lasts", async () => {
    const result = await ssotray(one, "status", "--json");
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({
        name: "acme",
        state: "signed-in",
        secondsLeft: expect.any(Number),
      }),
    ]);
  });

  // The simulator runs in this process, so the AWS CLI is always run asynchronously.
  it.skipIf(!(hasBotocore && hasAwsCli))(
    "gives botocore the same identity through credential_process as through exported credentials",
    async () => {
      const profile = `\n[profile cp]\ncredential_process = ${process.execPath} ${BIN} credential-process --account ${account.accountId} --role ${account.roles[0]} --session acme\nregion = us-east-1\n`;
      const home = makeHome([{ name: "acme", signedIn: true }]);
      writeFileSync(home.env.AWS_CONFIG_FILE!, profile, { flag: "a" });
      const viaProcess = JSON.parse(
        (
          await run(
            awsCliCommand!,
            ["sts", "get-caller-identity", "--profile", "cp", "--output", "json"],
            {
              env: home.env,
              encoding: "utf8",
            },
          )
        ).stdout,
      );
      const exported = JSON.parse(
        (
          await ssotray(
            home,
            "creds",
            "--account",
            account.accountId,
            "--role",
            account.roles[0]!,
            "--format",
            "json",
          )
        ).stdout,
      );
      const viaEnv = JSON.parse(
        (
          await run(
            awsCliCommand!,
            ["sts", "get-caller-identity", "--output", "json", "--region", "us-east-1"],
            { env: { ...home.env, ...exported }, encoding: "utf8" },
          )
        ).stdout,
      );
      expect(viaProcess).toEqual(viaEnv);
      expect(viaProcess.Account).toBe(account.accountId);
      expect(viaProcess.Arn).toContain(account.roles[0]);
    },
  );

  describe("errors: one line on stderr and a non-zero exit", () => {
    it("an unknown account, with the closest names", async () => {
      const typo = account.accountName.slice(0, -1) + "x";
      expectOneLineError(
        await ssotray(one, "creds", "--account", typo, "--role", "r"),
        new RegExp(`No account '${typo}' in session 'acme'; closest: .*${account.accountName}`),
      );
    });

    it("an ambiguous name", async () => {
      const home = makeHome([{ name: "acme", signedIn: true }]);
      const file = accountCacheFile(resolveLocations(home.env).cache, "acme");
      mkdirSync(path.dirname(file), { recursive: true });
      const twin = (id: string) => ({
        accountId: id,
        accountName: "Twin",
        emailAddress: "t@example.com",
        roles: ["Admin"],
      });
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          session: "acme",
          startUrl: sim.startUrl,
          region: sim.region,
          syncedAt: new Date().toISOString(),
          accounts: [twin("111111111111"), twin("222222222222")],
        }),
      );
      expectOneLineError(
        await ssotray(home, "creds", "--account", "twin", "--role", "Admin"),
        /'twin' names 2 accounts: Twin \(111111111111\), Twin \(222222222222\); use the account id/,
      );
    });

    it("no session, or several without --session", async () => {
      expectOneLineError(
        await ssotray(makeHome([]), "accounts"),
        /No session is set up; run: ssotray login --start-url URL --region REGION/,
      );
      const two = makeHome([
        { name: "a", signedIn: true },
        { name: "b", signedIn: true },
      ]);
      expectOneLineError(
        await ssotray(two, "accounts"),
        /There are 2 sessions \(a, b\); choose one with --session/,
      );
    });

    it("a signed-out session", async () => {
      expectOneLineError(
        await ssotray(makeHome([{ name: "acme", signedIn: false }]), "accounts"),
        /sign in|login/i,
      );
    });

    it("a bad format, region or destination", async () => {
      const base = ["--account", account.accountId, "--role", account.roles[0]!];
      expectOneLineError(
        await ssotray(one, "creds", ...base, "--format", "tcsh"),
        /Unknown format 'tcsh'; choose one of bash, zsh, fish, powershell, cmd, dotenv, json/,
      );
      expectOneLineError(
        await ssotray(one, "creds", ...base, "--region", "Frankfurt"),
        /The region must look like us-east-1 or eu-west-1 \(got 'Frankfurt'\)/,
      );
      expectOneLineError(
        await ssotray(one, "console", ...base, "--print", "--destination", "https://evil.example/"),
        /destination must be a page of the AWS console/,
      );
    });

    it("a missing option or unknown command", async () => {
      expectOneLineError(
        await ssotray(one, "creds", "--role", "x"),
        /Name the role: --account and --role \(with --session when there are several\), or --profile/,
      );
      expectOneLineError(await ssotray(one, "acounts"), /unknown command 'acounts'.*accounts/);
    });
  });
});

// Role credentials through an SSO profile, cached in ~/.aws/cli/cache as the AWS CLI v2 caches
// them (it gives botocore's SSO provider a JSONFileCache there, awscli/customizations/assumerole.py).
const BOTOCORE_CACHING = `
import os, botocore.session
from botocore.credentials import JSONFileCache
s = botocore.session.Session(profile="p")
s.get_component("credential_provider").get_provider("sso").cache = JSONFileCache(
    os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
print(s.get_credentials().get_frozen_credentials().access_key)
`;

describe("a sign-out reaches every cache of role credentials", () => {
  const cpArgs = () => [
    "credential-process",
    "--account",
    account.accountId,
    "--role",
    account.roles[0]!,
    "--session",
    "acme",
  ];

  function awsCliCache(home: Home): string[] {
    return readdirSync(path.join(home.home, ".aws", "cli", "cache"), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  }

  /** A home signed in to acme, with a profile for the pair, and an unrelated assume-role entry. */
  function homeWithProfile(): Home {
    const home = makeHome([{ name: "acme", signedIn: true }]);
    writeFileSync(
      home.env.AWS_CONFIG_FILE!,
      `\n[profile p]\nsso_session = acme\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\nregion = us-east-1\n`,
      { flag: "a" },
    );
    const cliCache = path.join(home.home, ".aws", "cli", "cache");
    mkdirSync(cliCache, { recursive: true });
    writeFileSync(
      path.join(cliCache, "assume-role-entry.json"),
      JSON.stringify({ ProviderType: "assume-role", Credentials: {} }),
    );
    return home;
  }

  async function botocoreCaches(home: Home): Promise<void> {
    await run("python3", ["-c", BOTOCORE_CACHING], { env: home.env });
    expect(awsCliCache(home)).toHaveLength(2);
  }

  function ourCache(home: Home): string[] {
    try {
      return readdirSync(path.join(resolveLocations(home.env).cache, "credentials"));
    } catch {
      return [];
    }
  }

  it.skipIf(!hasBotocore)(
    "`ssotray logout` removes the AWS CLI's cached credentials of the session, as `aws sso logout` does",
    async () => {
      const home = homeWithProfile();
      await botocoreCaches(home);
      expect((await ssotray(home, ...cpArgs())).code).toBe(0);
      expect(ourCache(home)).toHaveLength(1);

      const out = await ssotray(home, "logout", "--session", "acme");
      expect(out.code, out.stderr).toBe(0);
      expect(awsCliCache(home)).toEqual(["assume-role-entry.json"]);
      expect(ourCache(home)).toEqual([]);
      expectOneLineError(await ssotray(home, ...cpArgs()), /needs a new sign-in.*ssotray login/);
    },
  );

  it("after `aws sso logout` removes the token, creds and credential-process say to sign in, and a new sign-in does not bring the old credentials back", async () => {
    const home = makeHome([{ name: "acme", signedIn: true }]);
    const first = await ssotray(home, ...cpArgs());
    expect(first.code, first.stderr).toBe(0);
    // What `aws sso logout` does to the token cache (awscli/customizations/sso/logout.py).
    rmSync(tokenFile(home.home, "acme"));

    expectOneLineError(await ssotray(home, ...cpArgs()), /needs a new sign-in.*ssotray login/);
    expect(ourCache(home)).toEqual([]);
    expectOneLineError(
      await ssotray(home, "creds", "--account", account.accountId, "--role", account.roles[0]!),
      /needs a new sign-in.*ssotray login/,
    );

    signInAs(home.home, "acme");
    const again = await ssotray(home, ...cpArgs());
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).AccessKeyId).not.toBe(JSON.parse(first.stdout).AccessKeyId);
  });

  it("a sign-out in the app ends what credential-process and the AWS CLI cached", async () => {
    const home = homeWithProfile();
    if (hasBotocore) await botocoreCaches(home);
    expect((await ssotray(home, ...cpArgs())).code).toBe(0);

    const app = new AppService({
      env: home.env,
      locations: resolveLocations(home.env),
      platform: createNodePlatform(),
    });
    try {
      await app.signOut({ session: "acme" });
    } finally {
      app.dispose();
    }
    expect(ourCache(home)).toEqual([]);
    expect(awsCliCache(home)).toEqual(["assume-role-entry.json"]);
    expectOneLineError(await ssotray(home, ...cpArgs()), /needs a new sign-in.*ssotray login/);
  });
});
