// `ssotray session endpoints`: a session's FIPS and dual-stack choice, written into its
// [sso-session] where the AWS CLI reads it too, and followed by every call the session makes.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { EXIT_USAGE } from "./cli-error.js";
import { configHome, removeCliHomes } from "../test-support/cli-home.js";

afterAll(removeCliHomes);

const CONFIG = `# ours
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eusc-de-east-1
sso_registration_scopes = sso:account:access

[profile dev]
region = eu-west-1
`;

const home = () => configHome(CONFIG);

async function oidcHost(env: Record<string, string>, session?: string): Promise<string> {
  const listed = await runSsotray(env, ["doctor", "--endpoints", "--json"]);
  const entries = JSON.parse(listed.stdout) as Array<{
    session: string;
    endpoints: { oidc: string };
  }>;
  const entry = session === undefined ? entries[0] : entries.find((e) => e.session === session);
  return new URL(entry?.endpoints.oidc ?? "").hostname;
}

describe("ssotray session endpoints", () => {
  it("turns FIPS and dual-stack on in the [sso-session], changing nothing else in the file", async () => {
    const { env, config } = home();
    const shown = await runSsotray(env, ["session", "endpoints", "acme"]);
    expect(shown.stdout).toBe("FIPS off, dual-stack off\n");
    // Off where nothing is set: no key is added.
    expect((await runSsotray(env, ["session", "endpoints", "acme", "--no-fips"])).code).toBe(0);
    expect(readFileSync(config, "utf8")).toBe(CONFIG);

    const on = await runSsotray(env, ["session", "endpoints", "acme", "--fips", "--dualstack"]);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toBe("FIPS on, dual-stack on\n");
    const text = readFileSync(config, "utf8");
    expect(text).toMatch(/^use_fips_endpoint = true$/m);
    expect(text).toMatch(/^use_dualstack_endpoint = true$/m);
    expect(text.replace(/^use_(fips|dualstack)_endpoint = true\n/gm, "")).toBe(CONFIG);
    expect(await oidcHost(env)).toBe("oidc-fips.eusc-de-east-1.api.amazonwebservices.eu");

    const off = await runSsotray(env, ["session", "endpoints", "acme", "--no-dualstack"]);
    expect(off.stdout).toBe("FIPS on, dual-stack off\n");
    expect(await oidcHost(env)).toBe("oidc-fips.eusc-de-east-1.amazonaws.eu");
  });

  it("says when the environment wins over the session's setting", async () => {
    const { env } = home();
    const result = await runSsotray({ ...env, AWS_USE_FIPS_ENDPOINT: "false" }, [
      "session",
      "endpoints",
      "acme",
      "--fips",
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/AWS_USE_FIPS_ENDPOINT is set here and wins/);
  });

  it("refuses a session that is not an [sso-session]", async () => {
    const { env, config } = home();
    const result = await runSsotray(env, ["session", "endpoints", "dev", "--fips"]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/no \[sso-session dev\]/);
    expect(readFileSync(config, "utf8")).toBe(CONFIG);
  });
});

describe("ssotray login --fips / --dualstack", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 33 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  /** The home's environment without the simulator's AWS_ENDPOINT_URL_*: the hosts AWS has. */
  const realHosts = (env: Record<string, string>) =>
    Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("AWS_ENDPOINT_URL_")));

  it("writes the choice into the new [sso-session], and doctor then lists the FIPS host", async () => {
    const { env: bare, config } = home();
    const env = { ...bare, ...sim.env };
    const login = await runSsotray(env, [
      "login",
      "--start-url",
      sim.startUrl,
      "--region",
      "us-east-1",
      "--session",
      "gov",
      "--fips",
      "--no-browser",
    ]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toMatch(/Session 'gov' calls FIPS endpoints on, dual-stack off/);
    const text = readFileSync(config, "utf8");
    const section = text.slice(text.indexOf("[sso-session gov]"));
    expect(section).toMatch(/^use_fips_endpoint = true$/m);
    // Not asked for: no key, so the AWS CLI's own default stands.
    expect(section).not.toMatch(/use_dualstack_endpoint/);
    expect(await oidcHost(realHosts(env), "gov")).toBe("oidc-fips.us-east-1.amazonaws.com");
    // The session the file had before keeps its standard hosts.
    expect(await oidcHost(realHosts(env), "acme")).toBe("oidc.eusc-de-east-1.amazonaws.eu");
  });

  it("turns dual-stack on for a session already there, as it signs in", async () => {
    const { env: bare, config } = home();
    const env = { ...bare, ...sim.env };
    const first = await runSsotray(env, [
      "login",
      "--start-url",
      sim.startUrl,
      "--region",
      "us-east-1",
      "--session",
      "again",
      "--no-browser",
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(config, "utf8")).not.toMatch(/use_(fips|dualstack)_endpoint/);
    const second = await runSsotray(env, [
      "login",
      "--session",
      "again",
      "--dualstack",
      "--no-browser",
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(await oidcHost(realHosts(env), "again")).toBe("oidc.us-east-1.api.aws");
  });

  it("refuses a legacy profile before asking anyone to sign in", async () => {
    const { env: bare, config } = home();
    const legacy = `${CONFIG}
[profile old]
sso_start_url = ${sim.startUrl}
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly
`;
    writeFileSync(config, legacy);
    const result = await runSsotray({ ...bare, ...sim.env }, [
      "login",
      "--session",
      "old",
      "--fips",
      "--no-browser",
    ]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/legacy way/);
    expect(result.stdout).toBe("");
    expect(readFileSync(config, "utf8")).toBe(legacy);
  });
});
