// Every `ssotray` command that goes to the network ends, with a message naming the endpoint and
// what to check, when the endpoint takes the connection and never answers. The per-try deadline
// is cut to 300 ms through SSOTRAY_NETWORK_TIMEOUT_MS so each case takes about a second; a
// command that hangs is killed by execFile's timeout and fails its case, never the whole suite.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type StallTarget } from "../simulator/index.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";

const run = promisify(execFile);
// A build of its own: cli.test.ts may be rebuilding dist-cli/ while these run.
const buildDir = mkdtempSync(path.join(os.tmpdir(), "ssotray-deadline-cli-"));
const BIN = path.join(buildDir, "ssotray.mjs");
/** Well past 3 tries of 300 ms, well short of the test timeout. */
const KILL_AFTER_MS = 15_000;

let sim: Simulator;

function makeHome(signedIn: boolean): Record<string, string> {
  return cliHome(sim, { signedIn, env: { SSOTRAY_NETWORK_TIMEOUT_MS: "300" } }).env;
}

async function ssotray(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env,
      timeout: KILL_AFTER_MS,
    });
    return { code: 0, stdout, stderr, killed: false };
  } catch (error) {
    const e = error as { code: number | null; stdout: string; stderr: string; killed: boolean };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, killed: e.killed };
  }
}

/** Ended by itself, non-zero, one line naming the endpoint, the variable to check, and no stack. */
function expectStalledMessage(
  result: Awaited<ReturnType<typeof ssotray>>,
  service: RegExp,
  variable: string,
): void {
  expect(result.killed, "the command hung until it was killed").toBe(false);
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(service);
  expect(result.stderr).toContain(sim.url);
  expect(result.stderr).toContain("did not answer in 3 tries");
  expect(result.stderr).toContain(`check your network and proxy, and ${variable}`);
}

function stall(...targets: StallTarget[]): void {
  sim.setOptions({ stall: targets });
}

/** How many calls reached a stalled API: the SDK's budget of three tries each time. */
function stalledCalls(): number {
  return sim.requestLog().filter((r) => r.error === "Stalled").length;
}

beforeAll(async () => {
  await buildCli({ quiet: true, outdir: buildDir });
  sim = await startSimulator({ accounts: 4, rolesPerAccount: 2, seed: 5 });
}, 120_000);
afterEach(() => {
  stall();
  sim.clearRequestLog();
});
afterAll(async () => {
  await sim?.close();
  removeCliHomes();
  rmSync(buildDir, { recursive: true, force: true });
});

describe("a stalled endpoint ends the command with a message", () => {
  it("creds: the portal never answers GetRoleCredentials", async () => {
    const env = makeHome(true);
    const account = sim.accounts()[0]!;
    expect((await ssotray(env, "accounts", "--json")).code).toBe(0);
    stall("portal");
    const result = await ssotray(
      env,
      "creds",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
    );
    expectStalledMessage(result, /^ssotray: The portal at /, "AWS_ENDPOINT_URL_SSO");
    expect(result.stderr).toContain(`getting credentials for role ${account.roles[0]}`);
    expect(stalledCalls()).toBe(3);
  });

  it("credential-process: the slow path (nothing cached) gives up the same way", async () => {
    const env = makeHome(true);
    const account = sim.accounts()[1]!;
    stall("/federation/credentials");
    const result = await ssotray(
      env,
      "credential-process",
      "--session",
      "acme",
      "--account",
      account.accountId,
      "--role",
      account.roles[1]!,
    );
    expectStalledMessage(result, /^ssotray: The portal at /, "AWS_ENDPOINT_URL_SSO");
  });

  it("accounts --refresh: the sync stops instead of waiting for ever", async () => {
    const env = makeHome(true);
    stall("/assignment/accounts");
    const result = await ssotray(env, "accounts", "--refresh");
    expectStalledMessage(result, /^ssotray: The portal at /, "AWS_ENDPOINT_URL_SSO");
    expect(result.stderr).toContain("listing the accounts of session 'acme'");
    expect(stalledCalls()).toBe(3);
  });

  it("accounts --refresh: a stall in the middle of listing roles ends it too", async () => {
    const env = makeHome(true);
    stall("/assignment/roles");
    const result = await ssotray(env, "accounts", "--refresh");
    expectStalledMessage(result, /^ssotray: The portal at /, "AWS_ENDPOINT_URL_SSO");
  });

  it("console: the federation endpoint never hands out a sign-in token", async () => {
    const env = makeHome(true);
    const account = sim.accounts()[2]!;
    stall("federation");
    const result = await ssotray(
      env,
      "console",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
      "--print",
    );
    expectStalledMessage(
      result,
      /^ssotray: The console sign-in service at .*\/federation /,
      "AWS_ENDPOINT_URL_SIGNIN",
    );
    // The credentials travel in the query string: never in a message.
    expect(result.stderr).not.toMatch(/Session=|sessionKey/);
    expect(stalledCalls()).toBe(3);
  });

  for (const [flow, target, doing] of [
    ["device", "oidc", "registering SSO Tray"],
    ["browser", "/client/register", "registering SSO Tray"],
    ["device", "/device_authorization", "starting the device sign-in"],
    ["device", "/token", "waiting for the device sign-in"],
  ] as const) {
    it(`login (${flow}): IAM Identity Center never answers ${target}`, async () => {
      const env = makeHome(false);
      stall(target as StallTarget);
      const args = ["login", "--session", "acme", "--no-browser"];
      if (flow === "device") args.push("--device-code");
      const result = await ssotray(env, ...args);
      expect(result.killed, "the command hung until it was killed").toBe(false);
      expect(result.code, result.stderr).not.toBe(0);
      const last = result.stderr.trimEnd().split("\n").at(-1) ?? "";
      expect(last).toMatch(/^ssotray: IAM Identity Center at /);
      expect(last).toContain(sim.url);
      expect(last).toContain(`did not answer in 3 tries while ${doing}`);
      expect(last).toContain("check your network and proxy, and AWS_ENDPOINT_URL_SSO_OIDC");
      expect(stalledCalls()).toBe(3);
    });
  }
});
