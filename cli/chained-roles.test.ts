// Roles chained from an SSO role with the AWS CLI's own `role_arn` + `source_profile` profiles:
// `ssotray creds|credential-process|console --profile NAME` against the simulator's STS, and
// botocore reading the same profiles getting the same assumed identity.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import {
  botocoreCallerArn,
  botocorePythonCommand,
  hasBotocore,
  SKIP_BOTOCORE,
} from "../simulator/testing.js";
import { cliHome, removeCliHomes, type CliHome } from "../test-support/cli-home.js";
import { runSsotray } from "../test-support/run-ssotray.js";

const run = promisify(execFile);

const TARGET = "arn:aws:iam::222222222222:role/ChainTarget";
const SECOND = "arn:aws:iam::333333333333:role/team/ChainSecond";

let sim: Simulator;
let home: CliHome;
let base: { accountId: string; role: string };

beforeAll(async () => {
  sim = await startSimulator({
    accounts: 4,
    rolesPerAccount: 2,
    seed: 3,
    chainRoles: ["arn:aws:iam::*:role/Chain*", "arn:aws:iam::*:role/team/Chain*"],
    chainExternalIds: { [TARGET]: "ext-1234" },
  });
  const account = sim.accounts()[1]!;
  base = { accountId: account.accountId, role: account.roles[0]! };
}, 60_000);
afterAll(async () => {
  await sim?.close();
  removeCliHomes();
});

function config(): string {
  return `
[profile base]
sso_session = acme
sso_account_id = ${base.accountId}
sso_role_name = ${base.role}
region = ${sim.region}

[profile chained]
role_arn = ${TARGET}
source_profile = base
role_session_name = tester
external_id = ext-1234

[profile deeper]
role_arn = ${SECOND}
source_profile = chained
role_session_name = deeper-session
duration_seconds = 1800
region = eu-west-1

[profile base-in-sydney]
sso_session = acme
sso_account_id = ${base.accountId}
sso_role_name = ${base.role}
region = ap-southeast-2

[profile chained-without-region]
role_arn = ${SECOND}
source_profile = base-in-sydney
role_session_name = tester

[profile no-external-id]
role_arn = ${TARGET}
source_profile = base
role_session_name = tester

[profile not-allowed]
role_arn = arn:aws:iam::222222222222:role/Other
source_profile = base
role_session_name = tester

[profile with-mfa]
role_arn = ${TARGET}
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/me

[profile from-environment]
role_arn = ${TARGET}
credential_source = Environment

[profile loop-a]
role_arn = ${TARGET}
source_profile = loop-b

[profile loop-b]
role_arn = ${TARGET}
source_profile = loop-a
`;
}

beforeEach(() => {
  home = cliHome(sim, { config: config() });
  sim.clearRequestLog();
});

function ssotray(...args: string[]) {
  return runSsotray(home.env, args);
}

interface Keys {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
  AWS_CREDENTIAL_EXPIRATION: string;
}

async function keys(profile: string): Promise<Keys> {
  const result = await ssotray("creds", "--profile", profile, "--format", "json");
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Keys;
}

/** GetCallerIdentity with the given keys, through botocore (no profile, no config). */
function identityOf(k: Keys): Promise<string> {
  return botocoreCallerArn(k, { home: home.dir, sim });
}

/** The region each AssumeRole the simulator answered was signed for, in order. */
function assumeRoleRegions(): Array<string | undefined> {
  return sim
    .requestLog()
    .filter((e) => e.api === "AssumeRole")
    .map((e) => e.signingRegion);
}

function withoutStsEndpoint(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AWS_ENDPOINT_URL_STS: _sts, ...rest } = env;
  return rest;
}

/** The identity botocore itself gets from `profile`: SSO token cache, then AssumeRole each link. */
async function botocoreIdentity(profile: string): Promise<string> {
  const { stdout } = await run(
    botocorePythonCommand!,
    [
      "-c",
      `import botocore.session; print(botocore.session.Session(profile=${JSON.stringify(profile)}).create_client('sts').get_caller_identity()['Arn'])`,
    ],
    { env: { ...home.env, AWS_EC2_METADATA_DISABLED: "true" } },
  );
  return stdout.trim();
}

describe("roles chained from an SSO role", () => {
  it.skipIf(!hasBotocore)(
    "gives ssotray and botocore the same assumed identity from the same profiles",
    async () => {
      const ours = await identityOf(await keys("deeper"));
      expect(ours).toBe("arn:aws:sts::333333333333:assumed-role/ChainSecond/deeper-session");
      // botocore itself: SSO token cache → GetRoleCredentials → AssumeRole twice.
      expect(await botocoreIdentity("deeper")).toBe(ours);
      expect(await identityOf(await keys("chained"))).toBe(
        "arn:aws:sts::222222222222:assumed-role/ChainTarget/tester",
      );
    },
  );
  if (!hasBotocore) console.warn(SKIP_BOTOCORE);

  it("sends every AssumeRole of a chain to the chained profile's own region, else us-east-1", async () => {
    // Neither the SSO profile's region (us-east-1 for `base`, ap-southeast-2 for
    // `base-in-sydney`) nor the intermediate `chained` (none) counts: `deeper` says eu-west-1.
    await keys("deeper");
    expect(assumeRoleRegions()).toEqual(["eu-west-1", "eu-west-1"]);
    sim.clearRequestLog();
    await keys("chained-without-region");
    expect(assumeRoleRegions()).toEqual(["us-east-1"]);
  });

  it.skipIf(!hasBotocore)("picks the AssumeRole region as botocore does", async () => {
    sim.clearRequestLog();
    await botocoreIdentity("deeper");
    expect(assumeRoleRegions()).toEqual(["eu-west-1", "eu-west-1"]);
    // With no region anywhere on the profile, botocore's STS client has none: it goes to the
    // global endpoint, which takes no endpoint override; its first request is caught unsent.
    const { stdout } = await run(
      botocorePythonCommand!,
      [
        "-c",
        [
          "import botocore.session, re",
          "s = botocore.session.Session(profile='chained-without-region')",
          "def caught(request, **kwargs):",
          "    scope = re.search(rb'Credential=[^/]+/[0-9]+/([a-z0-9-]+)/sts/', request.headers['Authorization'])",
          "    print(request.url, scope.group(1).decode())",
          "    raise SystemExit(0)",
          "s.register('before-send.sts.AssumeRole', caught)",
          "s.create_client('s3').list_buckets()",
        ].join("\n"),
      ],
      { env: { ...withoutStsEndpoint(home.env), AWS_EC2_METADATA_DISABLED: "true" } },
    );
    expect(stdout.trim()).toBe("https://sts.amazonaws.com/ us-east-1");
  });

  it("honours duration_seconds and caches the result like role credentials, until sign-out", async () => {
    const first = await keys("deeper");
    const lasts = Date.parse(first.AWS_CREDENTIAL_EXPIRATION) - Date.now();
    expect(lasts).toBeGreaterThan(1700_000);
    expect(lasts).toBeLessThanOrEqual(1800_000);
    expect(sim.requestLog().map((e) => e.api)).toEqual([
      "GetRoleCredentials",
      "AssumeRole",
      "AssumeRole",
    ]);
    const process = await ssotray("credential-process", "--profile", "deeper");
    expect(process.code, process.stderr).toBe(0);
    expect(JSON.parse(process.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: first.AWS_ACCESS_KEY_ID,
    });
    expect(sim.requestLog()).toHaveLength(3);
    const cache = path.join(home.env.SSOTRAY_HOME!, "cache", "credentials");
    const chainFiles = () => readdirSync(cache).filter((f) => f.startsWith("chain-"));
    expect(chainFiles()).toHaveLength(1);
    const body = JSON.parse(readFileSync(path.join(cache, chainFiles()[0]!), "utf8")) as {
      Session: string;
    };
    expect(body.Session).toBe("acme");

    const out = await ssotray("logout", "--session", "acme");
    expect(out.code, out.stderr).toBe(0);
    expect(chainFiles()).toEqual([]);
  });

  it("opens the console through federation with the assumed credentials", async () => {
    const result = await ssotray("console", "--profile", "chained", "--print");
    expect(result.code, result.stderr).toBe(0);
    const page = await (await fetch(result.stdout.trim())).text();
    expect(page).toContain('data-account-id="222222222222"');
    expect(page).toContain('data-role-name="ChainTarget"');
    const viaPortal = await ssotray("console", "--profile", "chained", "--via-portal", "--print");
    expect(viaPortal.code).toBe(2);
    expect(viaPortal.stderr).toMatch(/The access portal opens only the roles it lists/);
  });

  it.each([
    [
      "no-external-id",
      1,
      /STS refused assuming arn:aws:iam::222222222222:role\/ChainTarget .*not authorized to perform: sts:AssumeRole/,
    ],
    ["not-allowed", 1, /STS refused assuming arn:aws:iam::222222222222:role\/Other/],
    ["with-mfa", 2, /The profile 'with-mfa' .* asks for an MFA code \(mfa_serial\)/],
    ["from-environment", 2, /credential_source = "Environment", which SSO Tray does not support/],
    ["loop-a", 2, /'loop-a' → 'loop-b' → 'loop-a' name each other as source_profile in a loop/],
    ["missing", 2, /There is no profile named 'missing'/],
  ])("refuses the profile %s with a message naming why", async (profile, code, message) => {
    const result = await ssotray("creds", "--profile", profile);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("takes a profile or an account and role, not both", async () => {
    // --session too: the profile names its own session, and another one would be ignored.
    for (const flag of ["--account", "--role", "--session"]) {
      const result = await ssotray("creds", "--profile", "chained", flag, "x");
      expect(result.code, flag).toBe(2);
      expect(result.stderr, flag).toMatch(/--profile names the role by itself/);
    }
    const neither = await ssotray("creds");
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/Name the role: --account and --role .*, or --profile/);
  });
});
