// Debian's AWS CLI v2 (/usr/bin/aws, 2.9.x) and SSO Tray on one HOME, both ways: SSO Tray signs
// in and the AWS CLI uses the token and the profiles `ssotray config populate` wrote; the AWS CLI
// signs in and SSO Tray uses its session. That AWS CLI ignores AWS_ENDPOINT_URL_*, so it is
// pointed at the simulator by endpoint rule files in the temporary ~/.aws/models, which botocore
// reads before the rules it ships.
//
// Skipped only on a machine without that AWS CLI and without CI set; on CI its absence fails.
import { execFile, spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../simulator/index.js";
import { buildCli } from "../../scripts/build-cli.mjs";
import { RoleCredentialsProvider } from "../portal/role-credentials.js";
import { PortalConnections } from "../portal/portal-connection.js";
import { awsCliRegistrationPath } from "./registration-cache.js";
import { SessionManager } from "./session-manager.js";
import { followingBrowser, tempHome, type TestHome } from "../../test-support/test-home.js";
import { sha1Hex } from "./token-cache.js";
import { resolveLocations } from "../locations.js";

const AWS_V2 = "/usr/bin/aws";
const MISSING = `Debian's AWS CLI v2 is not at ${AWS_V2}: install it (apt-get install awscli) to run the AWS CLI v2 interoperability tests`;

function awsV2Version(): string | undefined {
  const out = spawnSync(AWS_V2, ["--version"], { encoding: "utf8", timeout: 30_000 });
  const version = `${out.stdout ?? ""}${out.stderr ?? ""}`.trim();
  return out.status === 0 && version.startsWith("aws-cli/2.") ? version : undefined;
}
const version = awsV2Version();
const required = Boolean(process.env.CI);
if (!version && !required) console.warn(`${MISSING}; skipping them`);

const run = promisify(execFile);
const SESSION = "acme";

/** The services the AWS CLI calls here, with their model versions. */
const SERVICES: Array<[string, string]> = [
  ["sso", "2019-06-10"],
  ["sso-oidc", "2019-06-10"],
  ["sts", "2011-06-15"],
];

/** Endpoint rules that send every call of the service to `url`, whatever the region. */
function endpointRules(url: string): object {
  return {
    version: "1.0",
    parameters: {
      Region: {
        builtIn: "AWS::Region",
        required: false,
        documentation: "The region (ignored: every call goes to the simulator)",
        type: "String",
      },
    },
    rules: [{ conditions: [], endpoint: { url, properties: {}, headers: {} }, type: "endpoint" }],
  };
}

interface Setup {
  sim: Simulator;
  home: TestHome;
  /** The environment both tools run with. */
  env: Record<string, string>;
  manager: SessionManager;
  aws(args: string[]): Promise<string>;
  ssotray(args: string[]): Promise<string>;
}

let cliDir: string;
let current: { sim: Simulator; home: TestHome } | undefined;

async function setUp(options: SimulatorOptions = {}): Promise<Setup> {
  const sim = await startSimulator({ accounts: 4, rolesPerAccount: 2, ...options });
  const home = await tempHome(sim.env);
  current = { sim, home };
  for (const [service, apiVersion] of SERVICES) {
    const dir = path.join(home.dir, ".aws", "models", service, apiVersion);
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, "endpoint-rule-set-1.json"),
      JSON.stringify(endpointRules(sim.url)),
    );
  }
  await home.writeConfig(
    [
      `[sso-session ${SESSION}]`,
      `sso_start_url = ${sim.startUrl}`,
      `sso_region = ${sim.region}`,
      "sso_registration_scopes = sso:account:access",
      "",
    ].join("\n"),
  );
  // `ssotray` on PATH, for the credential_process lines the AWS CLI runs.
  const bin = path.join(home.dir, "bin");
  await mkdir(bin);
  const wrapper = path.join(bin, "ssotray");
  await writeFile(
    wrapper,
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(cliDir, "ssotray.mjs")}" "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: home.dir,
    AWS_CONFIG_FILE: home.configPath,
    AWS_SHARED_CREDENTIALS_FILE: path.join(home.dir, ".aws", "credentials"),
    SSOTRAY_HOME: path.join(home.dir, "ssotray"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    ...sim.env,
  };
  const manager = new SessionManager({
    env,
    locations: resolveLocations(env),
    openBrowser: followingBrowser(),
  });
  const exec = async (file: string, args: string[]) =>
    (await run(file, args, { env, encoding: "utf8", timeout: 60_000 })).stdout;
  return {
    sim,
    home,
    env,
    manager,
    aws: (args) => exec(AWS_V2, [...args, "--output", "json"]),
    ssotray: (args) => exec(wrapper, args),
  };
}

/** The generated profile for an account and role: its name is the section's, found by its keys. */
function profileFor(config: string, accountId: string, roleName: string): string {
  for (const section of config.split(/^(?=\[)/m)) {
    const name = /^\[profile ([^\]]+)\]/.exec(section)?.[1];
    if (name && section.includes(accountId) && section.includes(roleName)) return name;
  }
  throw new Error(`no profile for ${accountId} ${roleName} in:\n${config}`);
}

async function callerIdentity(
  t: Setup,
  profile: string,
): Promise<{ Account: string; Arn: string }> {
  return JSON.parse(await t.aws(["sts", "get-caller-identity", "--profile", profile])) as {
    Account: string;
    Arn: string;
  };
}

// Declared only when it fails, so a machine with the AWS CLI does not count a skipped test.
if (!version && required) {
  describe("the AWS CLI v2 for the interoperability tests", () => {
    it("is installed where CI runs", () => {
      throw new Error(MISSING);
    });
  });
}

describe.skipIf(!version)("SSO Tray and the AWS CLI v2 on one HOME", () => {
  beforeAll(async () => {
    cliDir = await mkdtemp(path.join(os.tmpdir(), "ssotray-awscli-v2-cli-"));
    await buildCli({ quiet: true, outdir: cliDir });
  }, 120_000);
  afterEach(async () => {
    await current?.sim.close();
    if (current) await rm(current.home.dir, { recursive: true, force: true });
    current = undefined;
  });
  afterAll(async () => {
    if (cliDir) await rm(cliDir, { recursive: true, force: true });
  });

  it("SSO Tray signs in; the AWS CLI uses its token and the sso and credential_process profiles it writes", async () => {
    const t = await setUp();
    await t.manager.signIn(SESSION, { method: "browser" });
    const account = t.sim.accounts()[2]!;
    const role = account.roles[1]!;

    // The token SSO Tray cached is the AWS CLI's sign-in too.
    const token = JSON.parse(
      await readFile(path.join(t.home.cacheDir, `${sha1Hex(SESSION)}.json`), "utf8"),
    ) as { accessToken: string };
    const listed = JSON.parse(
      await t.aws([
        "sso",
        "list-accounts",
        "--access-token",
        token.accessToken,
        "--region",
        t.sim.region,
      ]),
    ) as { accountList: Array<{ accountId: string }> };
    expect(listed.accountList.map((a) => a.accountId).sort()).toEqual(
      t.sim
        .accounts()
        .map((a) => a.accountId)
        .sort(),
    );

    await t.ssotray(["config", "populate", "--profile-name", "sso-{account_id}-{role_name}"]);
    const ssoProfile = profileFor(await t.home.readConfig(), account.accountId, role);
    t.sim.clearRequestLog();
    const viaSso = await callerIdentity(t, ssoProfile);
    expect(viaSso.Account).toBe(account.accountId);
    expect(viaSso.Arn).toContain(`AWSReservedSSO_${role}_`);
    expect(t.sim.requestLog().map((r) => r.api)).toEqual([
      "GetRoleCredentials",
      "GetCallerIdentity",
    ]);

    await t.ssotray([
      "config",
      "populate",
      "--credential-process",
      "--profile-name",
      "cp-{account_id}-{role_name}",
    ]);
    const config = await t.home.readConfig();
    const cpProfile = profileFor(config, account.accountId, role);
    expect(config).toContain("credential_process");
    const viaProcess = await callerIdentity(t, cpProfile);
    expect(viaProcess.Account).toBe(account.accountId);
    expect(viaProcess.Arn).toContain(`AWSReservedSSO_${role}_`);
  });

  it("the AWS CLI refreshes a token SSO Tray signed in with, through the registration SSO Tray cached", async () => {
    // Ten minutes: inside the AWS CLI's 15-minute refresh window from the start.
    const t = await setUp({ accessTokenTtlSeconds: 600 });
    await t.manager.signIn(SESSION, { method: "browser" });
    const account = t.sim.accounts()[0]!;
    await t.ssotray(["config", "populate", "--profile-name", "{account_id}-{role_name}"]);
    const profile = profileFor(await t.home.readConfig(), account.accountId, account.roles[0]!);
    t.sim.clearRequestLog();
    expect((await callerIdentity(t, profile)).Account).toBe(account.accountId);
    expect(t.sim.requestLog().map((r) => `${r.api} ${r.status}`)).toEqual([
      "CreateToken 200",
      "GetRoleCredentials 200",
      "GetCallerIdentity 200",
    ]);
    // And SSO Tray carries on with the token the AWS CLI refreshed.
    const status = await t.manager.get(SESSION);
    expect(status?.state).toMatch(/signed-in|expiring/);
  });

  it("`aws sso login` signs in with a device code; SSO Tray sees the session, gets role credentials and reuses the registration", async () => {
    const t = await setUp();
    // The simulator approves the device code on the AWS CLI's second poll.
    await t.aws(["sso", "login", "--sso-session", SESSION, "--no-browser"]);
    expect((await t.manager.get(SESSION))?.state).toBe("signed-in");

    const account = t.sim.accounts()[1]!;
    const connections = new PortalConnections(t.env, resolveLocations(t.env));
    try {
      const provider = new RoleCredentialsProvider({
        env: t.env,
        locations: resolveLocations(t.env),
        sessions: t.manager,
        connections,
      });
      const credentials = await provider.get({
        session: SESSION,
        accountId: account.accountId,
        roleName: account.roles[0]!,
      });
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
    } finally {
      connections.destroy();
    }

    // The AWS CLI's device registration is one SSO Tray's device flow can use as it is.
    t.sim.clearRequestLog();
    await t.manager.signIn(SESSION, { method: "device" });
    expect(t.sim.requestLog().map((r) => r.api)).not.toContain("RegisterClient");
  });

  it("an AWS CLI before 2.22 signs in with a device code after SSO Tray signed in through the browser", async () => {
    const t = await setUp();
    await t.manager.signIn(SESSION, { method: "browser" });
    const shared = awsCliRegistrationPath(resolveLocations(t.env), {
      startUrl: t.sim.startUrl,
      region: t.sim.region,
      scopes: ["sso:account:access"],
      sessionName: SESSION,
    });
    // Where that AWS CLI looks for its registration, SSO Tray left no browser-only client.
    await expect(readFile(shared, "utf8")).rejects.toThrow(/ENOENT/);
    await t.aws(["sso", "login", "--sso-session", SESSION, "--no-browser"]);
    expect(
      t.sim
        .requestLog()
        .filter((r) => r.api === "StartDeviceAuthorization")
        .map((r) => r.status),
    ).toEqual([200]);
    // Each tool keeps its own registration; both sign-ins still work.
    t.sim.clearRequestLog();
    await t.manager.signIn(SESSION, { method: "browser" });
    expect(t.sim.requestLog().map((r) => r.api)).not.toContain("RegisterClient");
  });
  it("`ssotray logout` ends the sign-in for the AWS CLI too, and removes its cached role credentials", async () => {
    const t = await setUp();
    await t.manager.signIn(SESSION, { method: "browser" });
    const account = t.sim.accounts()[0]!;
    const role = account.roles[0]!;
    await t.ssotray(["config", "populate", "--profile-name", "sso-{account_id}-{role_name}"]);
    const profile = profileFor(await t.home.readConfig(), account.accountId, role);
    expect((await callerIdentity(t, profile)).Account).toBe(account.accountId);
    const cliCache = path.join(t.home.dir, ".aws", "cli", "cache");
    expect(await readdir(cliCache)).toHaveLength(1); // the AWS CLI keeps the role's credentials

    await t.ssotray(["logout", "--session", SESSION]);
    expect(await readdir(cliCache)).toEqual([]);
    // Neither the token nor cached role credentials answer for the AWS CLI any more.
    const failed = await t.aws(["sts", "get-caller-identity", "--profile", profile]).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    );
    expect(failed).toMatch(/sso|token|login/i);
  });

  it("`aws sso logout` ends the sign-in for SSO Tray: cached role credentials are not served", async () => {
    const t = await setUp();
    await t.manager.signIn(SESSION, { method: "browser" });
    const account = t.sim.accounts()[1]!;
    const args = [
      "credential-process",
      "--session",
      SESSION,
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
    ];
    const served = JSON.parse(await t.ssotray(args)) as { AccessKeyId: string };
    expect(served.AccessKeyId).toMatch(/^ASIA/);

    await t.aws(["sso", "logout"]);
    const refused = await t.ssotray(args).then(
      (stdout) => ({ stdout, stderr: "" }),
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/needs a new sign-in.*ssotray login --session acme/);
    expect((await t.manager.get(SESSION))?.state).toBe("signed-out");
  });
});
