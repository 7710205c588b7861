// `ssotray creds` taken into real shells the way --help says, then used by botocore and the AWS
// CLI with no region of the user's own; and `exec` after such an export. The built command runs
// as a process against the simulator, in a throwaway HOME.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import {
  awsCliCommand,
  botocorePythonCommand,
  hasBotocore,
  requireTool,
  SKIP_BOTOCORE,
} from "../simulator/testing.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { runSsotray } from "../test-support/run-ssotray.js";

const run = promisify(execFile);
const fish = requireTool("fish");
if (!hasBotocore) console.warn(SKIP_BOTOCORE);

let sim: Simulator;
let scratch: string;
let bin: string;
let account: { accountId: string; roles: string[] };

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-exports-"));
  // A bundle of its own: other files rebuild dist-cli/ and may run at the same time.
  await buildCli({ quiet: true, outdir: path.join(scratch, "dist") });
  bin = path.join(scratch, "dist", "ssotray.mjs");
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 34 });
  account = sim.accounts()[0]!;
}, 120_000);

afterAll(async () => {
  await sim?.close();
  removeCliHomes();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The environment a shell starts in: the HOME's, with `ssotray` as NODE BIN and no region. */
function shellEnv(config = ""): Record<string, string> {
  const home = cliHome(sim, { config });
  return {
    ...home.env,
    NODE: process.execPath,
    BIN: bin,
    ACCOUNT: account.accountId,
    ROLE: account.roles[0]!,
    AWS_EC2_METADATA_DISABLED: "true",
    XDG_CONFIG_HOME: path.join(home.dir, ".config"),
    XDG_DATA_HOME: path.join(home.dir, ".local", "share"),
  };
}

async function bash(script: string, env: Record<string, string>) {
  // In the scratch folder: the scripts write files of their own.
  return run("bash", ["--noprofile", "--norc", "-c", script], {
    env,
    encoding: "utf8",
    cwd: scratch,
  });
}

const IDENTITY = `import botocore.session as b
s = b.get_session()
print(s.get_config_variable("region"), s.create_client("sts").get_caller_identity()["Account"])`;

describe("exports that work as they are", () => {
  it.skipIf(!hasBotocore)(
    'eval "$(ssotray creds …)" gives botocore and the AWS CLI a region: the session\'s',
    async () => {
      const env = shellEnv();
      const { stdout } = await bash(
        `set -e
eval "$("$NODE" "$BIN" creds --account "$ACCOUNT" --role "$ROLE")"
"$PYTHON" -c "$IDENTITY"
if [ -n "$AWS" ]; then "$AWS" sts get-caller-identity --query Account --output text; fi`,
        { ...env, PYTHON: botocorePythonCommand!, IDENTITY, AWS: awsCliCommand ?? "" },
      );
      const lines = stdout.trim().split("\n");
      expect(lines[0]).toBe(`${sim.region} ${account.accountId}`);
      if (awsCliCommand) expect(lines[1]).toBe(account.accountId);
    },
  );

  it("exports the profile's region for --profile, and --region over it", async () => {
    const env = shellEnv(
      `[profile deploy]\nsso_session = acme\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\nregion = eu-central-1\n`,
    );
    const { stdout } = await bash(
      `eval "$("$NODE" "$BIN" creds --profile deploy)"; echo "$AWS_REGION $AWS_DEFAULT_REGION"
eval "$("$NODE" "$BIN" creds --profile deploy --region ap-south-1)"; echo "$AWS_REGION"`,
      env,
    );
    expect(stdout).toBe("eu-central-1 eu-central-1\nap-south-1\n");
  });

  it("leaves a region the user set alone", async () => {
    const env = { ...shellEnv(), AWS_REGION: "sa-east-1" };
    const { stdout } = await run(
      process.execPath,
      [bin, "creds", "--account", account.accountId, "--role", account.roles[0]!],
      { env, encoding: "utf8" },
    );
    expect(stdout).not.toContain("AWS_REGION");
  });

  it.skipIf(!fish)("fish takes the format with eval (…) and with | source", async () => {
    const env = shellEnv();
    const check = `set -l n (count $AWS_ACCESS_KEY_ID); echo $n (string sub -l 4 -- $AWS_ACCESS_KEY_ID) (set -q AWS_SECRET_ACCESS_KEY; and echo secret) $AWS_REGION`;
    const creds = `$NODE $BIN creds --format fish --account $ACCOUNT --role $ROLE`;
    const viaEval = await run(
      fish!,
      ["--no-config", "--private", "-c", `eval (${creds}); ${check}`],
      {
        env,
        encoding: "utf8",
      },
    );
    expect(viaEval.stdout).toBe(`1 ASIA secret ${sim.region}\n`);
    const viaSource = await run(
      fish!,
      ["--no-config", "--private", "-c", `${creds} | source; ${check}`],
      { env, encoding: "utf8" },
    );
    expect(viaSource.stdout).toBe(`1 ASIA secret ${sim.region}\n`);
  });

  it("exec after an eval says what it found and both ways on, and each way works", async () => {
    const env = shellEnv();
    const exec = `"$NODE" "$BIN" exec --account "$ACCOUNT" --role "$ROLE"`;
    const { stdout } = await bash(
      `eval "$("$NODE" "$BIN" creds --account "$ACCOUNT" --role "$ROLE")"
${exec} -- true 2>refused; echo "status $?"; cat refused
${exec} --allow-nested -- sh -c 'echo replaced $AWS_REGION'
env -u AWS_ACCESS_KEY_ID ${exec} -- sh -c 'echo clean $AWS_REGION'`,
      env,
    );
    const [status, refused, replaced, clean] = stdout.trim().split("\n");
    expect(status).toBe("status 2");
    expect(refused).toMatch(
      /^ssotray: AWS_ACCESS_KEY_ID is already set: this environment holds AWS keys/,
    );
    expect(refused).toContain("add --allow-nested");
    expect(refused).toContain("env -u AWS_ACCESS_KEY_ID ssotray exec");
    expect(refused).not.toMatch(/\([^)]*\(/);
    expect(replaced).toBe(`replaced ${sim.region}`);
    expect(clean).toBe(`clean ${sim.region}`);
  });

  it("creds --help says how each shell loads its format", async () => {
    const { stdout } = await runSsotray(shellEnv(), ["creds", "--help"]);
    expect(stdout).toContain(`eval "$(ssotray creds ARGS)"`);
    expect(stdout).toContain("eval (ssotray creds --format fish ARGS)");
    expect(stdout).toContain("ssotray creds --format fish ARGS | source");
    expect(stdout).toMatch(
      /PowerShell +ssotray creds --format powershell ARGS \| Out-String \| Invoke-Expression/,
    );
    expect(stdout).toMatch(/cmd +ssotray creds --format cmd ARGS > .*&& call /);
  });

  it("exec keeps its own variables out of the command", async () => {
    const env = shellEnv();
    const { stdout } = await run(
      process.execPath,
      [
        bin,
        "exec",
        "--account",
        account.accountId,
        "--role",
        account.roles[0]!,
        "--",
        "sh",
        "-c",
        'echo "[${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED-unset}]"',
      ],
      { env, encoding: "utf8" },
    );
    expect(stdout).toBe("[unset]\n");
  });
});
