// `ssotray session endpoints`: a session's FIPS and dual-stack choice, written into its
// [sso-session] where the AWS CLI reads it too, and followed by every call the session makes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSsotray } from "../test-support/run-ssotray.js";
import { EXIT_USAGE } from "./cli-error.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CONFIG = `# ours
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eusc-de-east-1
sso_registration_scopes = sso:account:access

[profile dev]
region = eu-west-1
`;

function home(): { env: Record<string, string>; config: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-session-endpoints-"));
  dirs.push(dir);
  const config = path.join(dir, ".aws", "config");
  mkdirSync(path.dirname(config));
  writeFileSync(config, CONFIG);
  return {
    config,
    env: {
      HOME: dir,
      SSOTRAY_HOME: path.join(dir, "ssotray"),
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, ".aws", "credentials"),
    },
  };
}

async function oidcHost(env: Record<string, string>): Promise<string> {
  const listed = await runSsotray(env, ["doctor", "--endpoints", "--json"]);
  const [entry] = JSON.parse(listed.stdout) as Array<{ endpoints: { oidc: string } }>;
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
