// `ssotray session regions` and `login --regions`: a replicated instance's regions in order, the
// first as sso_region and the rest in a key of ours that the AWS CLI reads past.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startSimulator } from "../simulator/index.js";
import { hasAwsCli, runAws, writeTokenCache } from "../simulator/testing.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { routeRegionsTo } from "../test-support/regional-endpoints.js";
import { EXIT_USAGE } from "./cli-error.js";
import { configHome, removeCliHomes } from "../test-support/cli-home.js";

afterAll(removeCliHomes);

const CONFIG = `# ours
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile dev]
region = eu-west-1
`;

const home = (config = CONFIG) => configHome(config);

describe("ssotray session regions", () => {
  it("writes the order as sso_region and ssotray_fallback_regions, changing nothing else", async () => {
    const { env, config } = home();
    expect((await runSsotray(env, ["session", "regions", "acme"])).stdout).toBe("eu-west-1\n");

    const set = await runSsotray(env, [
      ...["session", "regions", "acme", "--regions", "eu-central-1, eu-west-1,eu-north-1"],
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe("eu-central-1,eu-west-1,eu-north-1\n");
    const text = readFileSync(config, "utf8");
    expect(text).toMatch(/^sso_region = eu-central-1$/m);
    expect(text).toMatch(/^ssotray_fallback_regions = eu-west-1,eu-north-1$/m);
    expect(
      text
        .replace(/^ssotray_fallback_regions = .*\n/m, "")
        .replace("sso_region = eu-central-1", "sso_region = eu-west-1"),
    ).toBe(CONFIG);

    // One region: the fallback key goes, the file is as it was.
    const one = await runSsotray(env, ["session", "regions", "acme", "--regions", "eu-west-1"]);
    expect(one.stdout).toBe("eu-west-1\n");
    expect(readFileSync(config, "utf8")).toBe(CONFIG);
  });

  it.each([
    ["eu-west-1,us-gov-west-1", /one partition: us-gov-west-1 is not in aws/],
    ["eu-west-1,eu-west-1", /listed twice/],
    ["eu-west-1,eu-wset-1", /did you mean eu-west-1/],
  ])("refuses %s without touching the file", async (list, message) => {
    const { env, config } = home();
    const result = await runSsotray(env, ["session", "regions", "acme", "--regions", list]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(message);
    expect(readFileSync(config, "utf8")).toBe(CONFIG);
  });

  it("warns about a hand-edited list that does not parse and keeps the session's own region", async () => {
    const { env } = home(
      CONFIG.replace(
        "sso_region = eu-west-1\n",
        "sso_region = eu-west-1\nssotray_fallback_regions = cn-north-1\n",
      ),
    );
    const result = await runSsotray(env, ["session", "regions", "acme"]);
    expect(result.stdout).toBe("eu-west-1\n");
    expect(result.stderr).toMatch(
      /ssotray_fallback_regions in \[sso-session acme\].*line 2.*is not used/,
    );
  });

  it("login --regions refuses a session not yet added", async () => {
    const { env } = home();
    const result = await runSsotray(env, [
      ...["login", "--start-url", "https://other.awsapps.com/start", "--region", "eu-west-1"],
      ...["--regions", "eu-west-1,eu-central-1", "--no-browser"],
    ]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/add it with --start-url and --region first/);
  });
});

describe("ssotray login --regions", () => {
  it("sets the order, then signs in through the second region while the first is down, saying so", async () => {
    const sim = await startSimulator({ accounts: 3, region: "eu-west-1" });
    const unroute = routeRegionsTo(sim);
    try {
      const { env, config } = home(
        `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = eu-west-1\n`,
      );
      sim.setOptions({ downRegions: { "eu-west-1": "unavailable" } });
      const login = await runSsotray({ ...env, ...sim.env }, [
        ...["login", "--session", "acme", "--regions", "eu-west-1,eu-central-1", "--no-browser"],
      ]);
      expect(login.code, login.stderr).toBe(0);
      expect(login.stderr).toContain("Session 'acme' calls eu-west-1, eu-central-1, in that order");
      expect(login.stderr).toMatch(/in eu-central-1 in place of eu-west-1/);
      expect(readFileSync(config, "utf8")).toMatch(/^ssotray_fallback_regions = eu-central-1$/m);
      const tokens = sim.requestLog().filter((e) => e.api === "CreateToken" && e.status === 200);
      expect(tokens.map((e) => e.region)).toEqual(["eu-central-1"]);
    } finally {
      unroute();
      await sim.close();
    }
  });
});

describe.skipIf(!hasAwsCli)("the AWS CLI with ssotray_fallback_regions in the file", () => {
  it("reads past the key and uses sso_region", async () => {
    const sim = await startSimulator({ accounts: 3, region: "eu-west-1" });
    try {
      const account = sim.accounts()[0]!;
      const { dir } = home(
        [
          "[sso-session sim]",
          `sso_start_url = ${sim.startUrl}`,
          "sso_region = eu-west-1",
          "ssotray_fallback_regions = eu-central-1",
          "sso_registration_scopes = sso:account:access",
          "",
          "[profile p]",
          "sso_session = sim",
          `sso_account_id = ${account.accountId}`,
          `sso_role_name = ${account.roles[0]!}`,
          "region = eu-west-1",
          "",
        ].join("\n"),
      );
      await writeTokenCache(dir, "sim", sim, sim.issueToken());
      const identity = JSON.parse(
        await runAws(["sts", "get-caller-identity", "--profile", "p", "--output", "json"], {
          home: dir,
          sim,
        }),
      ) as { Account: string };
      expect(identity.Account).toBe(account.accountId);
    } finally {
      await sim.close();
    }
  });
});
