// Account access manager roles from the command line, against the simulator's Account Access
// Runtime with the real clients: `login --tenant-id` (the registration and the token carry the
// account access scopes), `session tenant`, `accounts` with entitled roles, `creds|exec|console|
// credential-process --role-arn`, `config populate` writing credential_process profiles that
// botocore reads, and `session remove` taking everything the tenant brought.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../simulator/index.js";
import {
  botocoreCallerArn,
  botocorePythonCommand,
  hasBotocore,
  SKIP_BOTOCORE,
} from "../simulator/testing.js";
import { cliHome, type CliHome } from "../test-support/cli-home.js";
import { simulatorAndOwnBundle } from "../test-support/cli-bundle.js";
import { ACCOUNT_ACCESS_SCOPES, withAccountAccessScopes } from "../core/account-access/scopes.js";
import { entitledCacheFile } from "../core/account-access/entitled-roles.js";
import { registrationPath } from "../core/sessions/registration-cache.js";
import { resolveLocations } from "../core/locations.js";
import { tryFastCredentialProcess } from "./fast-credential-process.js";
import { runSsotray } from "../test-support/run-ssotray.js";

const run = promisify(execFile);
const SCOPES = ["sso:account:access", ...ACCOUNT_ACCESS_SCOPES];

const rig = simulatorAndOwnBundle("account-access", {
  accounts: 4,
  rolesPerAccount: 2,
  seed: 11,
  accountAccessTenant: "aa-sim",
  entitledRoles: 4,
});
let sim: Simulator;
let arns: string[];

beforeAll(() => {
  sim = rig.sim;
  arns = [0, 1, 2, 3].map(
    (i) => `arn:aws:iam::${sim.accounts()[i]!.accountId}:role/entitled/Entitled${i}`,
  );
});
beforeEach(() => sim.clearRequestLog());

/** `ssotray ARGS` in process; a sign-in link printed with --no-browser is followed as a browser would. */
function ssotray(home: CliHome, ...args: string[]) {
  return runSsotray(home.env, args);
}

/** A HOME signed in with the account access scopes, its session naming the simulator's tenant. */
async function tenantHome(options: Parameters<typeof cliHome>[1] = {}): Promise<CliHome> {
  const home = cliHome(sim, { scopes: SCOPES, ...options });
  const named = await ssotray(home, "session", "tenant", "acme", "aa-sim");
  expect(named.code, named.stderr).toBe(0);
  return home;
}

const calls = (api: string) => sim.requestLog().filter((e) => e.api === api).length;

interface Row {
  accountId: string;
  accountName: string;
  roleName: string;
  entitlement?: true;
  roleArn?: string;
}

describe("ssotray login --tenant-id", () => {
  it("asks for the account access scopes, names the tenant once signed in, and session remove takes it all", async () => {
    const home = cliHome(sim, { signedIn: false });
    const locations = resolveLocations(home.env);
    const login = await ssotray(
      home,
      ...["login", "--session", "acme", "--tenant-id", "aa-sim", "--no-browser"],
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain("Session 'acme' lists entitled roles from tenant aa-sim");
    // The registration asked for them (the simulator gives the token what the registration has).
    const registration = registrationPath(
      locations,
      {
        startUrl: sim.startUrl,
        region: sim.region,
        scopes: withAccountAccessScopes(["sso:account:access"]),
        sessionName: "acme",
      },
      "authorization-code",
    );
    expect(JSON.parse(readFileSync(registration, "utf8"))).toMatchObject({ scopes: SCOPES });
    // The token carries both: listing needs account_access:read_only, credentials
    // account_access:assume, and the simulator refuses either without it.
    const accounts = await ssotray(home, "accounts", "--json");
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(accounts.stderr).toBe("");
    const rows = JSON.parse(accounts.stdout) as Row[];
    expect(rows.filter((r) => r.entitlement).map((r) => r.roleArn)).toEqual(arns);
    const creds = await ssotray(home, "creds", "--role-arn", arns[0]!, "--format", "json");
    expect(creds.code, creds.stderr).toBe(0);

    const status = await ssotray(home, "status", "--json");
    expect(JSON.parse(status.stdout)).toMatchObject([
      { name: "acme", accountAccessTenant: "aa-sim" },
    ]);
    const table = await ssotray(home, "status");
    expect(table.stdout).toMatch(/^SESSION\s+STATE\s+TIME LEFT\s+REGION\s+TENANT\s+START URL$/m);
    expect(table.stdout).toMatch(/^acme\s+signed-in\s+.*\s+aa-sim\s+https:/m);
    const list = await ssotray(home, "session", "list", "--json");
    expect(JSON.parse(list.stdout)).toMatchObject([
      { name: "acme", accountAccessTenant: "aa-sim" },
    ]);

    const removal = await ssotray(home, "session", "remove", "acme", "--yes");
    expect(removal.code, removal.stderr).toBe(0);
    expect(removal.stderr).toContain("its cached entitled roles");
    expect(removal.stderr).toContain("its client registration with the account access scopes");
    expect(removal.stderr).toContain("its account access tenant (aa-sim)");
    expect(existsSync(registration)).toBe(false);
    expect(existsSync(entitledCacheFile(locations.cache, "acme"))).toBe(false);
    expect(JSON.parse(readFileSync(locations.accountAccessTenants, "utf8")).sessions).toEqual({});
    const credentials = path.join(locations.cache, "credentials");
    expect(existsSync(credentials) ? readdirSync(credentials) : []).toEqual([]);
  });

  it("with the device code too, the token carries the scopes", async () => {
    const home = cliHome(sim, { signedIn: false });
    const login = await ssotray(
      home,
      ...["login", "--device-code", "--tenant-id", "aa-sim", "--no-browser"],
    );
    expect(login.code, login.stderr).toBe(0);
    const creds = await ssotray(home, "creds", "--role-arn", arns[3]!, "--format", "json");
    expect(creds.code, creds.stderr).toBe(0);
    expect(calls("ListEntitledRoles")).toBe(0);
    const accounts = await ssotray(home, "accounts", "--json");
    expect(accounts.stderr).toBe("");
    expect(calls("ListEntitledRoles")).toBe(1);
  });

  it("--no-tenant-id signs in without it and forgets it; session tenant shows, names and clears it", async () => {
    const home = await tenantHome();
    expect((await ssotray(home, "session", "tenant", "acme")).stdout).toBe("aa-sim\n");
    // A new sign-in without the flag keeps asking for the session's tenant's scopes.
    const locations = resolveLocations(home.env);
    const key = {
      startUrl: sim.startUrl,
      region: sim.region,
      scopes: withAccountAccessScopes(["sso:account:access"]),
      sessionName: "acme",
    };
    expect((await ssotray(home, "login", "--no-browser")).code).toBe(0);
    expect(existsSync(registrationPath(locations, key, "authorization-code"))).toBe(true);
    const login = await ssotray(home, "login", "--no-tenant-id", "--no-browser");
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain("Session 'acme' names no account access tenant now");
    expect((await ssotray(home, "session", "tenant", "acme")).stdout).toBe("none\n");
    const status = await ssotray(home, "status");
    expect(status.stdout).not.toContain("TENANT");

    expect((await ssotray(home, "session", "tenant", "acme", "aa-sim")).code).toBe(0);
    const cleared = await ssotray(home, "session", "tenant", "acme", "--clear");
    expect(cleared.code, cleared.stderr).toBe(0);
    expect((await ssotray(home, "session", "tenant", "acme")).stdout).toBe("none\n");
  });

  it("refuses a tenant id of the wrong shape before any sign-in, saying the shape", async () => {
    const home = cliHome(sim, { signedIn: false });
    const login = await ssotray(home, "login", "--tenant-id", "Tenant 1", "--no-browser");
    expect(login.code).toBe(2);
    expect(login.stderr).toMatch(
      /--tenant-id: A tenant id looks like aa-example: aa- then up to 21 lowercase letters, digits or -/,
    );
    expect(sim.requestLog()).toEqual([]);
    const named = await ssotray(home, "session", "tenant", "acme", "aa-Upper");
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/A tenant id looks like aa-example/);
    const both = await ssotray(home, "session", "tenant", "acme", "aa-sim", "--clear");
    expect(both.code).toBe(2);
  });
});

describe("ssotray accounts with entitled roles", () => {
  it("lists them beside the permission sets, named by the API or else the portal, cached until --refresh", async () => {
    const home = await tenantHome();
    const first = await ssotray(home, "accounts", "--json");
    expect(first.code, first.stderr).toBe(0);
    const rows = JSON.parse(first.stdout) as Row[];
    expect(rows.filter((r) => !r.entitlement)).toHaveLength(8);
    const entitled = rows.filter((r) => r.entitlement);
    // Entitled1 and Entitled3 come without an account name: the portal's list names them.
    expect(entitled).toEqual(
      arns.map((roleArn, i) => ({
        session: "acme",
        accountId: sim.accounts()[i]!.accountId,
        accountName: sim.accounts()[i]!.accountName,
        emailAddress: sim.accounts()[i]!.emailAddress,
        roleName: `Entitled${i}`,
        entitlement: true,
        roleArn,
      })),
    );
    expect(calls("ListEntitledRoles")).toBe(1);
    const again = await ssotray(home, "accounts");
    expect(again.stdout).toMatch(/^ACCOUNT ID\s+ACCOUNT NAME\s+ROLE\s+ENTITLED ROLE ARN$/m);
    expect(again.stdout).toContain(arns[2]);
    expect(calls("ListEntitledRoles")).toBe(1);
    expect((await ssotray(home, "accounts", "--refresh", "--json")).code).toBe(0);
    expect(calls("ListEntitledRoles")).toBe(2);
    // Older than accountListFreshHours (24 by default): listed again.
    const file = entitledCacheFile(resolveLocations(home.env).cache, "acme");
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    utimesSync(file, dayAgo, dayAgo);
    expect((await ssotray(home, "accounts", "--json")).code).toBe(0);
    expect(calls("ListEntitledRoles")).toBe(3);
  });

  it("warns when they cannot be listed and still prints the permission-set roles", async () => {
    // Signed in before the tenant was named: the token lacks the account access scopes.
    const home = await tenantHome({ scopes: ["sso:account:access"] });
    const result = await ssotray(home, "accounts", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: The entitled roles of session 'acme' were not listed: Account access refused listing entitled roles: The access token lacks the scope account_access:read_only/,
    );
    expect(JSON.parse(result.stdout)).toHaveLength(8);
  });

  it("has no entitled rows, and no new column, for a session without a tenant", async () => {
    const home = cliHome(sim);
    const result = await ssotray(home, "accounts");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ACCOUNT ID\s+ACCOUNT NAME\s+ROLE$/m);
    expect(calls("ListEntitledRoles")).toBe(0);
  });
});

interface Keys {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

describe("--role-arn", () => {
  it("gives creds, credential-process and exec the entitled role's credentials, kept until sign-out", async () => {
    const home = await tenantHome();
    const creds = await ssotray(home, "creds", "--role-arn", arns[1]!, "--format", "json");
    expect(creds.code, creds.stderr).toBe(0);
    const keys = JSON.parse(creds.stdout) as Keys;
    expect(keys.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const process1 = await ssotray(
      home,
      ...["credential-process", "--session", "acme", "--role-arn", arns[1]!],
    );
    expect(process1.code, process1.stderr).toBe(0);
    expect(JSON.parse(process1.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: keys.AWS_ACCESS_KEY_ID,
    });
    const out = path.join(home.dir, "exec-key");
    const exec = await ssotray(
      home,
      ...["exec", "--role-arn", arns[1]!, "--", process.execPath, "-e"],
      `require("node:fs").writeFileSync(${JSON.stringify(out)}, process.env.AWS_ACCESS_KEY_ID)`,
    );
    expect(exec.code, exec.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(keys.AWS_ACCESS_KEY_ID);
    expect(calls("GetEntitledRoleCredentials")).toBe(1);
    // What a populated profile runs is answered from that file before the full CLI loads.
    let fast = "";
    const fastArgs = ["--session", "acme", "--role-arn", arns[1]!];
    expect(tryFastCredentialProcess(fastArgs, home.env, (t) => void (fast += t))).toBe(true);
    expect(JSON.parse(fast)).toMatchObject({ AccessKeyId: keys.AWS_ACCESS_KEY_ID });
    expect(tryFastCredentialProcess([...fastArgs, "--role", "x"], home.env, () => {})).toBe(false);

    const cache = path.join(home.env.SSOTRAY_HOME!, "cache", "credentials");
    const kept = () => readdirSync(cache).filter((f) => f.startsWith("entitled-"));
    expect(kept()).toHaveLength(1);
    expect((await ssotray(home, "logout")).code).toBe(0);
    expect(kept()).toEqual([]);
    expect(tryFastCredentialProcess(fastArgs, home.env, () => {})).toBe(false);
  });

  it.skipIf(!hasBotocore)("gets credentials STS knows as the entitled role", async () => {
    const home = await tenantHome();
    const creds = await ssotray(home, "creds", "--role-arn", arns[0]!, "--format", "json");
    const keys = JSON.parse(creds.stdout) as Keys;
    const arn = await botocoreCallerArn(keys, { home: home.dir, sim });
    expect(arn).toMatch(
      new RegExp(`^arn:aws:sts::${sim.accounts()[0]!.accountId}:assumed-role/Entitled0/`),
    );
  });
  if (!hasBotocore) console.warn(SKIP_BOTOCORE);

  it("opens the console through federation, and refuses --via-portal", async () => {
    const home = await tenantHome();
    const result = await ssotray(home, "console", "--role-arn", arns[0]!, "--print");
    expect(result.code, result.stderr).toBe(0);
    const page = await (await fetch(result.stdout.trim())).text();
    expect(page).toContain('data-role-name="Entitled0"');
    const portal = await ssotray(
      home,
      ...["console", "--role-arn", arns[0]!, "--via-portal", "--print"],
    );
    expect(portal.code).toBe(2);
    expect(portal.stderr).toContain(
      `The access portal opens only the roles it lists; ${arns[0]} is an account access entitlement, which signs in through federation: leave out --via-portal`,
    );
  });

  it.each([
    [
      "a role not entitled",
      ["--role-arn", "arn:aws:iam::123456789012:role/NotEntitled"],
      1,
      /Account access refused getting credentials for arn:aws:iam::123456789012:role\/NotEntitled: You are not entitled to/,
    ],
    [
      "--role-arn beside --account",
      ["--role-arn", "ARN0", "--account", "x", "--role", "y"],
      2,
      /--role-arn names the role by itself: leave out --account, --role and --profile/,
    ],
    [
      "--role-arn beside --profile",
      ["--role-arn", "ARN0", "--profile", "p"],
      2,
      /--role-arn names the role by itself/,
    ],
    [
      "a value that is no role ARN",
      ["--role-arn", "arn:aws:iam::1:user/x"],
      2,
      /--role-arn: A role ARN looks like arn:aws:iam::111111111111:role\/Name/,
    ],
    [
      "--credentials-file-profile",
      ["--role-arn", "ARN0", "--credentials-file-profile", "x"],
      2,
      /--credentials-file-profile writes permission-set roles only .* `ssotray config populate` writes a credential_process profile/,
    ],
  ])("refuses %s with a message naming why", async (_what, args, code, message) => {
    const home = await tenantHome();
    const result = await ssotray(home, "creds", ...args.map((a) => (a === "ARN0" ? arns[0]! : a)));
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("says how to name a tenant when the session has none, and asks which of several", async () => {
    const none = cliHome(sim);
    const result = await ssotray(none, "creds", "--role-arn", arns[0]!);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Session 'acme' names no account access tenant; name it with `ssotray login --session acme --tenant-id aa-…`",
    );
    expect(calls("GetEntitledRoleCredentials")).toBe(0);

    const two = await tenantHome({
      config: `[sso-session other]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\n`,
    });
    expect((await ssotray(two, "session", "tenant", "other", "aa-sim")).code).toBe(0);
    const which = await ssotray(two, "creds", "--role-arn", arns[0]!);
    expect(which.code).toBe(2);
    expect(which.stderr).toMatch(
      /Sessions acme, other name account access tenants; choose one with --session/,
    );
    const chosen = await ssotray(two, "creds", "--session", "acme", "--role-arn", arns[0]!);
    expect(chosen.code, chosen.stderr).toBe(0);
  });
});

describe.skipIf(!hasBotocore)("config populate with entitled roles", () => {
  it("writes credential_process profiles botocore reads, and takes them away with the tenant", async () => {
    const home = await tenantHome();
    const node = (...args: string[]) =>
      run(process.execPath, [rig.script, ...args], { env: home.env, encoding: "utf8" });
    const populate = await node("config", "populate");
    expect(populate.stderr).toMatch(/: 12 added\n$/);
    const config = readFileSync(home.env.AWS_CONFIG_FILE!, "utf8");
    const name = `${sim.accounts()[1]!.accountName}-entitled1`
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, "-");
    const section = new RegExp(
      `^\\[profile ${name}\\]\\ncredential_process = \\S+ \\S+ credential-process --session acme --role-arn ${arns[1]!.replace(/[/]/g, "\\/")}\\nregion = ${sim.region}\\nssotray_session = acme$`,
      "m",
    );
    expect(config).toMatch(section);
    // The permission sets' profiles stay SSO profiles.
    expect(config.match(/^sso_session = acme$/gm)).toHaveLength(8);

    const { stdout } = await run(
      botocorePythonCommand!,
      [
        "-c",
        `import botocore.session; print(botocore.session.Session(profile=${JSON.stringify(name)}).create_client('sts').get_caller_identity()['Arn'])`,
      ],
      { env: { ...home.env, AWS_EC2_METADATA_DISABLED: "true" } },
    );
    expect(stdout.trim()).toMatch(
      new RegExp(`^arn:aws:sts::${sim.accounts()[1]!.accountId}:assumed-role/Entitled1/`),
    );

    // A listing that fails keeps what was written for the entitled roles.
    rmSync(entitledCacheFile(resolveLocations(home.env).cache, "acme"));
    sim.setOptions({ accountAccessTenant: "aa-elsewhere" });
    try {
      const failing = await node("config", "populate");
      expect(failing.stderr).toMatch(
        /warning: The entitled roles of session 'acme' were not listed: .*No account access application has tenant aa-sim/,
      );
      expect(failing.stderr).toMatch(/: already up to date\n$/);
    } finally {
      sim.setOptions({ accountAccessTenant: "aa-sim" });
    }
    expect(readFileSync(home.env.AWS_CONFIG_FILE!, "utf8")).toMatch(section);

    expect((await ssotray(home, "session", "tenant", "acme", "--clear")).code).toBe(0);
    const again = await node("config", "populate");
    expect(again.stderr).toMatch(/: 4 removed\n$/);
    expect(readFileSync(home.env.AWS_CONFIG_FILE!, "utf8")).not.toContain("--role-arn");
  });
});

describe("config populate where this ssotray cannot name itself", () => {
  it("still writes the SSO profiles, and says why the entitled roles have none", async () => {
    // In this process the command is the test runner's, which does not answer --version.
    const home = await tenantHome();
    const result = await ssotray(home, "config", "populate");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /warning: no credential_process profiles for entitled roles: The credential_process command .* did not run/,
    );
    const config = readFileSync(home.env.AWS_CONFIG_FILE!, "utf8");
    expect(config.match(/^sso_session = acme$/gm)).toHaveLength(8);
    expect(config).not.toContain("--role-arn");
    // Asked for credential_process profiles, it is an error, as before.
    const asked = await ssotray(home, "config", "populate", "--credential-process");
    expect(asked.code).not.toBe(0);
  });
});

// Last: it moves the simulator's clock, so its tokens expire while ours look fresh.
describe("a token the account access API refuses", () => {
  it("is refreshed once and the call made again", async () => {
    const home = await tenantHome({ tokenExpiresInSeconds: 3000 });
    sim.advanceTime(3600_000);
    const result = await ssotray(home, "creds", "--role-arn", arns[2]!, "--format", "json");
    expect(result.code, result.stderr).toBe(0);
    const log = sim.requestLog().map((e) => `${e.api} ${e.status}`);
    expect(log).toEqual([
      "GetEntitledRoleCredentials 401",
      "CreateToken 200",
      "GetEntitledRoleCredentials 200",
    ]);
  });
});
