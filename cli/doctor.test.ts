// `ssotray doctor`: a broken config line named by file and number (as botocore refuses it too),
// sign-ins, the clock against the simulator's, leftover locks, exit status 1 only for what stops
// sign-in, and a report that holds no token, key, secret or account id.
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { botocorePython } from "../simulator/tools.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { EXIT_FAILURE } from "./cli-error.js";
import { resolveLocations } from "../core/locations.js";
import { FailureStore } from "../core/sessions/failure-store.js";

let sim: Simulator;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ accounts: 3, seed: 7 });
});
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function home(config: string, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-doctor-"));
  dirs.push(dir);
  const configPath = path.join(dir, ".aws", "config");
  mkdirSync(path.dirname(configPath));
  writeFileSync(configPath, config);
  return {
    dir,
    configPath,
    env: {
      HOME: dir,
      SSOTRAY_HOME: path.join(dir, "ssotray"),
      AWS_CONFIG_FILE: configPath,
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, ".aws", "credentials"),
      SSOTRAY_NETWORK_TIMEOUT_MS: "2000",
      ...sim.env,
      ...extra,
    },
  };
}

const SESSION = () =>
  `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`;

const BOTOCORE_READS = `
import sys
from botocore import configloader
try:
    configloader.raw_config_parse(sys.argv[1])
except Exception as e:
    print(type(e).__name__, str(e.__context__ or e))
    sys.exit(1)
`;

interface Found {
  check: string;
  severity: string;
  message: string;
}

describe("ssotray doctor", () => {
  it("names a broken config line by file and number, as botocore refuses it, and exits 1", async () => {
    const broken = `${SESSION()}\n[profile dev]\nregion = eu-west-1\nthis line is broken\n`;
    const h = home(broken);
    const result = await runSsotray(h.env, ["doctor", "--json"]);
    expect(result.code).toBe(EXIT_FAILURE);
    const findings = JSON.parse(result.stdout) as Found[];
    const config = findings.find((f) => f.check === "config");
    expect(config?.severity).toBe("error");
    expect(config?.message).toMatch(/^~\/\.aws\/config line 8: .*'this line is broken'/);

    const python = botocorePython();
    if (python) {
      // botocore raises ConfigParseError from configparser's ParsingError, which has the line.
      const read = spawnSync(python, ["-c", BOTOCORE_READS, h.configPath], { encoding: "utf8" });
      expect(read.status).not.toBe(0);
      // configparser names the same line: "[line  8]: 'this line is broken'".
      expect(read.stdout).toMatch(/\[line\s+8\]: 'this line is broken/);
    }
  });

  it("with a signed-in session and a right clock, warns only and exits 0", async () => {
    const h = home(SESSION());
    const login = await runSsotray(h.env, ["login", "--session", "acme", "--no-browser"]);
    expect(login.code, login.stderr).toBe(0);
    const result = await runSsotray(h.env, ["doctor", "--json"]);
    const findings = JSON.parse(result.stdout) as Found[];
    expect(result.code, result.stdout).toBe(0);
    expect(findings.find((f) => f.check === "sign-in")).toMatchObject({
      severity: "ok",
      message: expect.stringMatching(/^acme: signed in, \d+ min left, refreshable$/),
    });
    expect(findings.find((f) => f.check === "clock")).toMatchObject({
      severity: "ok",
      message: expect.stringContaining(sim.env.AWS_ENDPOINT_URL_SSO_OIDC),
    });
    // No ssotray on this test's PATH: a warning, which leaves the exit status at 0.
    expect(findings.find((f) => f.check === "path")?.severity).toBe("warning");
    expect(findings.some((f) => f.severity === "error")).toBe(false);
  });

  it("an endpoint that cannot be reached stops sign-in: exit 1, naming it", async () => {
    const h = home(SESSION(), { AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9" });
    const result = await runSsotray(h.env, ["doctor"]);
    expect(result.code).toBe(EXIT_FAILURE);
    expect(result.stdout).toMatch(/^ERROR\s+clock\s+Could not reach http:\/\/127\.0\.0\.1:9 /m);
  });

  it("reports a lock left by a process that ended, as a warning", async () => {
    const h = home(SESSION());
    const lock = path.join(h.dir, ".aws", "sso", "cache", "0123abcd.ssotray-refresh.lock");
    mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(lock, old, old);
    const result = await runSsotray(h.env, ["doctor", "--json"]);
    const locks = (JSON.parse(result.stdout) as Found[]).filter((f) => f.check === "locks");
    expect(locks).toEqual([
      {
        check: "locks",
        severity: "warning",
        message: expect.stringContaining(
          "~/.aws/sso/cache/0123abcd.ssotray-refresh.lock (60 min old)",
        ),
      },
    ]);
  });

  it("--report writes a report with versions, OS and config, and no token, key, secret or account id", async () => {
    const secrets = {
      accessKey: "AKIAIOSFODNN7EXAMPLE",
      secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue0123456789abcdef",
      account: "123456789012",
      chainedAccount: "210987654321",
    };
    const h = home(
      `${SESSION()}
[profile dev]
sso_session = acme
sso_account_id = ${secrets.account}
sso_role_name = Dev
credential_process = ssotray credential-process --secret ${secrets.secretKey}

[profile keys]
aws_access_key_id = ${secrets.accessKey}
aws_secret_access_key = ${secrets.secretKey}
aws_session_token = ${secrets.sessionToken}

[profile chained]
role_arn = arn:aws:iam::${secrets.chainedAccount}:role/Deploy
source_profile = dev
`,
    );
    const login = await runSsotray(h.env, ["login", "--session", "acme", "--no-browser"]);
    expect(login.code, login.stderr).toBe(0);
    const cache = path.join(h.dir, ".aws", "sso", "cache");
    const tokens = readFileSync(path.join(cache, readdirJson(cache)), "utf8");
    const cached = JSON.parse(tokens) as Record<string, string>;
    // A failure remembered for the session, quoting an account id and a token.
    await new FailureStore(resolveLocations(h.env)).set("acme", {
      token: "0".repeat(64),
      why: `refused in account ${secrets.account} with token ${cached.accessToken}`,
    });

    const file = path.join(h.dir, "report.txt");
    const result = await runSsotray(h.env, ["doctor", "--report", file]);
    // Under HOME, shown as every path under HOME is.
    expect(result.stderr).toContain("Report written to ~/report.txt;");
    const report = readFileSync(file, "utf8");
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(report).toMatch(/^ssotray \d+\.\d+\.\d+; Node\.js \d+/m);
    expect(report).toContain(`[profile keys]`);
    expect(report).toMatch(/^aws_secret_access_key = \*\*\*$/m);
    expect(report).toContain(`sso_start_url = ${sim.startUrl}`);
    expect(report).toMatch(/^acme: refused in account \*{12} with token \*\*\*$/m);
    for (const secret of [
      ...Object.values(secrets),
      cached.accessToken,
      cached.refreshToken,
      cached.clientSecret,
      cached.clientId,
    ]) {
      expect(secret && secret.length > 8).toBe(true);
      expect(report).not.toContain(secret);
    }
  });
});

function readdirJson(folder: string): string {
  const names = spawnSync("ls", [folder], { encoding: "utf8" }).stdout.split("\n");
  const name = names.find((n) => n.endsWith(".json") && n.length === 45);
  if (!name) throw new Error(`no token file in ${folder}`);
  return name;
}
