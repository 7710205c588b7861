// The AWS European Sovereign Cloud (partition aws-eusc, region eusc-de-east-1): a session there
// signs in, lists accounts and opens the console of its own partition, against the simulator.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { runSsotray } from "../test-support/run-ssotray.js";

const REGION = "eusc-de-east-1";
let sim: Simulator;
let home: string;
let env: Record<string, string>;
let configFile: string;

beforeAll(async () => {
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 33, region: REGION });
  home = mkdtempSync(path.join(os.tmpdir(), "ssotray-eusc-"));
  configFile = path.join(home, ".aws", "config");
  env = {
    HOME: home,
    SSOTRAY_HOME: path.join(home, "ssotray"),
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"),
    SSOTRAY_NETWORK_TIMEOUT_MS: "2000",
    ...sim.env,
  };
});
afterAll(async () => {
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("a session in the European Sovereign Cloud", () => {
  it("signs in with region eusc-de-east-1 and keeps the region in its [sso-session]", async () => {
    const login = await runSsotray(env, [
      "login",
      "--start-url",
      sim.startUrl,
      "--region",
      REGION,
      "--session",
      "sovereign",
      "--no-browser",
    ]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toMatch(/Signed in to sovereign/);
    expect(readFileSync(configFile, "utf8")).toMatch(/^sso_region = eusc-de-east-1$/m);

    const accounts = await runSsotray(env, ["accounts", "--json"]);
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(accounts.stdout).toContain(sim.accounts()[0]!.accountId);
  });

  it("opens the console of its own partition, console.amazonaws-eusc.eu", async () => {
    const account = sim.accounts()[0]!;
    const printed = await runSsotray(env, [
      "console",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
      "--print",
      "--json",
    ]);
    expect(printed.code, printed.stderr).toBe(0);
    const link = JSON.parse(printed.stdout) as { url: string; destination: string };
    expect(new URL(link.destination).hostname).toBe("console.amazonaws-eusc.eu");
    expect(link.destination).toContain(`region=${REGION}`);
    // The sign-in link goes to the federation endpoint the tests point at the simulator.
    expect(link.url.startsWith(sim.env.AWS_ENDPOINT_URL_SIGNIN)).toBe(true);
  });

  it("still calls the AWS_ENDPOINT_URL_* endpoints with FIPS and dual-stack turned on", async () => {
    // The overrides win, as in the AWS CLI: FIPS or dual-stack with a custom endpoint is refused
    // by the SDK's rules, so they must be left off for it.
    const fips = { ...env, AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true" };
    const login = await runSsotray(fips, ["login", "--session", "sovereign", "--no-browser"]);
    expect(login.code, login.stderr).toBe(0);
    const accounts = await runSsotray(fips, ["accounts", "--json", "--refresh"]);
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(accounts.stdout).toContain(sim.accounts()[1]!.accountId);
  });
});
