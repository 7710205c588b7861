// One sign-in for SSO Tray and the AWS CLI/SDKs, in both directions, checked with the real
// Python botocore (the AWS CLI's engine) against the simulator.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { botocorePython } from "../../simulator/tools.js";
import { SessionManager } from "./session-manager.js";
import { followingBrowser, tempHome, type TestHome } from "../../test-support/test-home.js";
import { sha1Hex } from "./token-cache.js";
import { resolveLocations } from "../locations.js";

const python = botocorePython();

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

// Role credentials through the profile, then an STS call signed with them: what
// `aws sts get-caller-identity --profile p` does.
const SCRIPT = `
import json, botocore.session
s = botocore.session.Session(profile="p")
creds = s.get_credentials().get_frozen_credentials()
out = {"accessKeyId": creds.access_key}
try:
    out["arn"] = s.create_client("sts", region_name="us-east-1").get_caller_identity()["Arn"]
except Exception as e:
    out["stsError"] = repr(e)
print(json.dumps(out))
`;

// Asynchronous on purpose: the simulator answers from this process's event loop.
async function runBotocore(
  home: TestHome,
  sim: Simulator,
): Promise<{ accessKeyId: string; arn?: string; stsError?: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home.dir,
    AWS_CONFIG_FILE: home.configPath,
    AWS_SHARED_CREDENTIALS_FILE: path.join(home.dir, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    ...sim.env,
  };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      python!,
      ["-c", SCRIPT],
      { env, encoding: "utf8", timeout: 30_000 },
      (error, out, err) =>
        error ? reject(new Error(`botocore failed: ${err || error.message}`)) : resolve(out),
    );
  });
  return JSON.parse(stdout.trim()) as { accessKeyId: string; arn?: string; stsError?: string };
}

async function setUp() {
  const sim = await startSimulator({ accounts: 3 });
  sims.push(sim);
  const home = await tempHome(sim.env);
  const account = sim.accounts()[0];
  if (!account) throw new Error("the simulator has no accounts");
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n\n` +
      `[profile p]\nsso_session = acme\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\nregion = ${sim.region}\n`,
  );
  const manager = new SessionManager({
    env: home.env,
    locations: resolveLocations(home.env),
    openBrowser: followingBrowser(),
  });
  return { sim, home, manager, account };
}

describe.skipIf(!python)("sharing the sign-in with botocore and the AWS CLI", () => {
  it("botocore gets role credentials from SSO Tray's sign-in without signing in again", async () => {
    const { sim, home, manager, account } = await setUp();
    await manager.signIn("acme", { method: "browser" });
    sim.clearRequestLog();
    const out = await runBotocore(home, sim);
    expect(out.accessKeyId).toEqual(expect.any(String));
    const apis = sim.requestLog().map((r) => r.api);
    expect(apis).toContain("GetRoleCredentials");
    expect(apis).not.toContain("CreateToken");
    expect(apis).not.toContain("RegisterClient");
    expect(out.stsError).toBeUndefined();
    expect(out.arn).toContain(account.accountId);
  }, 30_000);

  it("SSO Tray uses the token botocore refreshed and wrote, without a refresh of its own", async () => {
    const { sim, home, manager } = await setUp();
    await manager.signIn("acme", { method: "browser" });
    // Ten minutes left: botocore refreshes (its 15-minute window) and writes the file.
    const file = path.join(home.cacheDir, `${sha1Hex("acme")}.json`);
    const ours = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    const soon = new Date(Date.now() + 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    await writeFile(file, JSON.stringify({ ...ours, expiresAt: soon }));
    sim.clearRequestLog();

    await runBotocore(home, sim);
    expect(sim.requestLog().filter((r) => r.api === "CreateToken")).toHaveLength(1);
    const theirs = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    expect(theirs.accessToken).not.toBe(ours.accessToken);
    expect(theirs.refreshToken).toBeTruthy();

    expect(await manager.accessToken("acme")).toBe(theirs.accessToken);
    expect(sim.requestLog().filter((r) => r.api === "CreateToken")).toHaveLength(1);
    expect(await manager.get("acme")).toMatchObject({ state: "signed-in", canRefresh: true });
  }, 30_000);
});
