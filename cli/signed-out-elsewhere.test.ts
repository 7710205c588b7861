// Keys that `ssotray creds --credentials-file-profile` wrote into ~/.aws/credentials go away the
// moment a command sees that the sign-in they came from ended elsewhere (`aws sso logout`, or the
// token file deleted): left there, they would keep working for up to an hour after the sign-out.
import { appendFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { sha1Hex } from "../core/sessions/sign-in-file.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 6 });
});
afterAll(async () => {
  await sim?.close();
  removeCliHomes();
});

function ssotray(env: Record<string, string>, args: string[]) {
  return runSsotray(env, args);
}

describe("keys in ~/.aws/credentials after a sign-out elsewhere", () => {
  it("are removed by the next command that finds the sign-in gone", async () => {
    const home = cliHome(sim, {
      config: `[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = ${sim.region}\n`,
    });
    const account = sim.accounts()[0]!;
    const role = ["--account", account.accountId, "--role", account.roles[0]!, "--session", "acme"];
    const wrote = await ssotray(home.env, ["creds", ...role, "--credentials-file-profile", "mine"]);
    expect(wrote.code, wrote.stderr).toBe(0);
    const credentials = home.env.AWS_SHARED_CREDENTIALS_FILE!;
    // A section of another session, and one written by hand: neither is touched.
    const others = `[theirs]\naws_access_key_id = ASIATHEIRS\naws_secret_access_key = s\nssotray_session = other\nssotray_account_id = 111111111111\nssotray_role_name = R\n\n[hand]\naws_access_key_id = AKIAHAND\naws_secret_access_key = s\n`;
    appendFileSync(credentials, `\n${others}`);
    expect(readFileSync(credentials, "utf8")).toContain("[mine]");

    // As `aws sso logout` does: the token file goes.
    rmSync(path.join(home.dir, ".aws", "sso", "cache", `${sha1Hex("acme")}.json`));
    const after = await ssotray(home.env, ["credential-process", ...role]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(
      "warning: Session 'acme' was signed out elsewhere: removed its keys from ~/.aws/credentials ([mine])",
    );
    const left = readFileSync(credentials, "utf8");
    expect(left).not.toContain("[mine]");
    expect(left).toContain("[theirs]");
    expect(left).toContain("[hand]");
  });
});
