// `ssotray exec`, built and run as a process against the simulator, with real clients as its
// command: botocore, the AWS CLI and the JavaScript SDK's container provider.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { hasAwsCli, hasBotocore, SKIP_BOTOCORE, writeTokenCache } from "../simulator/testing.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { linuxOnly } from "../test-support/platform-only.js";

const terminal = linuxOnly("util-linux's script gives it a terminal");
const hasScript = terminal.runs;
const FROM_HTTP = createRequire(import.meta.url).resolve("@aws-sdk/credential-provider-http");

let sim: Simulator;
let scratch: string;
let bin: string;
let account: { accountId: string; roles: string[] };
if (!(hasBotocore && hasAwsCli)) console.warn(SKIP_BOTOCORE);

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A signed-in HOME of its own (so a credential cache from one case never serves another). */
async function makeHome(): Promise<Record<string, string>> {
  const home = mkdtempSync(path.join(scratch, "home-"));
  writeFileSync(
    path.join(home, "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  await writeTokenCache(home, "acme", sim, sim.issueToken({ expiresInSeconds: 8 * 3600 }));
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    SSOTRAY_HOME: path.join(home, "ssotray"),
    AWS_CONFIG_FILE: path.join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    ...sim.env,
  };
}

/** Runs a command; `onStdout` sees stdout as it comes (to signal a child once it is ready). */
function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: SpawnOptions & {
    onStdout?: (text: string, child: ChildProcess) => void;
    keepStdin?: boolean;
  } = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "pipe", ...options });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (!options.keepStdin) child.stdin!.end();
  });
}

function ssotray(env: Record<string, string>, args: string[], options = {}): Promise<Result> {
  return run(process.execPath, [bin, ...args], env, options);
}

function script(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

/** Prints the STS identity botocore finds, and how it found the credentials. */
const BOTOCORE_IDENTITY = `
import json, os, botocore.session
s = botocore.session.get_session()
creds = s.get_credentials()
who = s.create_client("sts", region_name="us-east-1").get_caller_identity()
print(json.dumps({"method": creds.method, "account": who["Account"], "arn": who["Arn"],
  "profile": os.environ.get("AWS_PROFILE"), "keys": "AWS_ACCESS_KEY_ID" in os.environ,
  "expiration": os.environ.get("AWS_CREDENTIAL_EXPIRATION"), "region": os.environ.get("AWS_REGION")}))
`;

/** Counts SIGINTs; half a second after the first, reports the count and exits with status 3. */
const COUNT_SIGINT = `
let n = 0;
process.on("SIGINT", () => {
  n += 1;
  if (n === 1) setTimeout(() => { console.log("SIGINT " + n); process.exit(3); }, 500);
});
console.log("ready");
setInterval(() => undefined, 1000);
`;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-exec-"));
  // A bundle of its own: cli.test.ts rebuilds dist-cli/ and may run at the same time.
  await buildCli({ quiet: true, outdir: path.join(scratch, "dist") });
  bin = path.join(scratch, "dist", "ssotray.mjs");
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 15 });
  account = sim.accounts()[0]!;
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("ssotray exec", () => {
  const role = () => ["--account", account.accountId, "--role", account.roles[0]!];

  it.skipIf(!hasBotocore)(
    "gives botocore the role's keys, the region and no AWS_PROFILE, and passes the exit status on",
    async () => {
      const env = { ...(await makeHome()), AWS_PROFILE: "someone-else" };
      const py = script("identity-then-7.py", `${BOTOCORE_IDENTITY}\nraise SystemExit(7)\n`);
      const result = await ssotray(env, [
        "exec",
        ...role(),
        "--region",
        "eu-west-1",
        "--",
        "python3",
        py,
      ]);
      expect(result.code, result.stderr).toBe(7);
      const seen = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(seen).toMatchObject({
        method: "env",
        account: account.accountId,
        profile: null,
        keys: true,
        region: "eu-west-1",
      });
      expect(seen.arn).toContain(account.roles[0]);
      expect(Date.parse(String(seen.expiration))).toBeGreaterThan(Date.now());
    },
  );

  it.skipIf(!(hasBotocore && hasAwsCli))(
    "--ecs-server: botocore's container provider, the AWS CLI and the JavaScript SDK read the endpoint",
    async () => {
      const env = await makeHome();
      const exported = JSON.parse(
        (await ssotray(env, ["creds", ...role(), "--format", "json"])).stdout,
      ) as Record<string, string>;
      const py = script("identity.py", BOTOCORE_IDENTITY);
      const js = script(
        "from-http.cjs",
        `require(process.argv[2]).fromHttp({})().then((c) => console.log(JSON.stringify({ accessKeyId: c.accessKeyId, expiration: c.expiration })));`,
      );
      const result = await ssotray(env, [
        "exec",
        ...role(),
        "--ecs-server",
        "--region",
        "us-east-1",
        "--",
        "sh",
        "-c",
        'python3 "$1" && aws sts get-caller-identity --output json && "$2" "$3" "$4"',
        "sh",
        py,
        process.execPath,
        js,
        FROM_HTTP,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const [viaBotocore, viaCli, viaJs] = result.stdout
        .trim()
        .split(/\n(?=\{)/)
        .map((text) => JSON.parse(text) as Record<string, unknown>);
      expect(viaBotocore).toMatchObject({
        method: "container-role",
        account: account.accountId,
        keys: false,
      });
      expect(viaCli).toMatchObject({ Account: account.accountId });
      expect(viaJs!.accessKeyId).toBe(exported.AWS_ACCESS_KEY_ID);
      expect(viaJs!.expiration).toBe(exported.AWS_CREDENTIAL_EXPIRATION);
    },
  );

  it("--ecs-server answers 401 without this run's token, and only on its own path", async () => {
    const env = await makeHome();
    const probe = script(
      "probe.mjs",
      `const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const status = async (u, headers) => (await fetch(u, { headers })).status;
console.log(JSON.stringify({
  tokenBytes: Buffer.from(token, "base64url").length,
  host: new URL(url).hostname,
  missing: await status(url, {}),
  wrong: await status(url, { authorization: token.slice(0, -1) + (token.endsWith("A") ? "B" : "A") }),
  longer: await status(url, { authorization: token + "x" }),
  otherPath: await status(new URL("/", url).href, { authorization: token }),
  right: await status(url, { authorization: token }),
}));`,
    );
    const result = await ssotray(env, [
      "exec",
      ...role(),
      "--ecs-server",
      "--",
      process.execPath,
      probe,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      tokenBytes: 32,
      host: "127.0.0.1",
      missing: 401,
      wrong: 401,
      longer: 401,
      otherPath: 404,
      right: 200,
    });
  });

  it("--ecs-server keeps serving until the last process that inherited the endpoint has ended", async () => {
    const env = await makeHome();
    const out = path.join(scratch, `late-${Date.now()}.json`);
    const late = script(
      "late.mjs",
      `await new Promise((r) => setTimeout(r, 1500));
const res = await fetch(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, {
  headers: { authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN },
});
const body = await res.json();
(await import("node:fs")).writeFileSync(process.argv[2], JSON.stringify({ status: res.status, key: body.AccessKeyId }));`,
    );
    // The command returns at once and leaves a background job that asks for credentials later,
    // with none of ssotray's stdio (only the inherited endpoint holds it).
    const result = await ssotray(env, [
      "exec",
      ...role(),
      "--ecs-server",
      "--",
      "sh",
      "-c",
      '"$1" "$2" "$3" </dev/null >/dev/null 2>&1 &',
      "sh",
      process.execPath,
      late,
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/processes it started still hold the credentials endpoint/);
    const got = JSON.parse(readFileSync(out, "utf8")) as { status: number; key: string };
    expect(got.status).toBe(200);
    expect(got.key).toMatch(/^ASIA/);
  });

  it.skipIf(!hasBotocore)(
    "--ecs-server fetches fresh credentials before they expire, so a child outlives them",
    async () => {
      const env = await makeHome();
      sim.setOptions({ credentialTtlSeconds: 8 });
      try {
        const py = script(
          "outlive.py",
          `
import json, time, datetime, botocore.session
s = botocore.session.get_session()
sts = s.create_client("sts", region_name="us-east-1")
creds = s.get_credentials()
first = creds.get_frozen_credentials().access_key
sts.get_caller_identity()
expiry = creds._expiry_time
def sleep_until(t):
    while datetime.datetime.now(datetime.timezone.utc) <= t:
        time.sleep(0.1)
# Past the half-way point, before the expiry: the endpoint has fetched new ones already.
sleep_until(expiry - datetime.timedelta(seconds=1.5))
ahead = creds.get_frozen_credentials().access_key
# Past the first credentials' expiry: a call still works.
sleep_until(expiry + datetime.timedelta(seconds=0.5))
who = sts.get_caller_identity()
after = creds.get_frozen_credentials().access_key
print(json.dumps({"first": first, "ahead": ahead, "after": after, "account": who["Account"]}))
`,
        );
        const result = await ssotray(env, ["exec", ...role(), "--ecs-server", "--", "python3", py]);
        expect(result.code, result.stderr).toBe(0);
        const seen = JSON.parse(result.stdout) as Record<string, string>;
        expect(seen.account).toBe(account.accountId);
        expect(seen.ahead).not.toBe(seen.first);
        expect(seen.after).not.toBe(seen.first);
      } finally {
        sim.setOptions({ credentialTtlSeconds: 3600 });
      }
    },
  );

  it("gives the command the session's region when nothing names one, and leaves a region the user set", async () => {
    const env = await makeHome();
    const printRegion = [process.execPath, "-e", "console.log(process.env.AWS_REGION ?? 'none')"];
    const plain = await ssotray(env, ["exec", ...role(), "--", ...printRegion]);
    expect(plain.stdout.trim(), plain.stderr).toBe(sim.region);
    const fromShell = await ssotray({ ...env, AWS_REGION: "ap-south-2" }, [
      "exec",
      ...role(),
      "--",
      ...printRegion,
    ]);
    expect(fromShell.stdout.trim(), fromShell.stderr).toBe("ap-south-2");
    writeFileSync(
      env.AWS_CONFIG_FILE!,
      `[default]\nregion = eu-north-1\n\n${readFileSync(env.AWS_CONFIG_FILE!, "utf8")}`,
    );
    const fromDefault = await ssotray(env, ["exec", ...role(), "--", ...printRegion]);
    expect(fromDefault.stdout.trim(), fromDefault.stderr).toBe("none");
  });

  it("refuses to run inside another exec unless --allow-nested, and then replaces the keys", async () => {
    const env = { ...(await makeHome()), AWS_ACCESS_KEY_ID: "ASIAOUTEROUTEROUTER1" };
    // No `--`: everything from the command on is the command's, its options included.
    const printKey = [process.execPath, "-e", "console.log(process.env.AWS_ACCESS_KEY_ID)"];
    const refused = await ssotray(env, ["exec", ...role(), ...printKey]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/AWS_ACCESS_KEY_ID is already set.*--allow-nested/);
    const nested = await ssotray(env, ["exec", ...role(), "--allow-nested", ...printKey]);
    expect(nested.code, nested.stderr).toBe(0);
    expect(nested.stdout.trim()).toMatch(/^ASIA/);
    expect(nested.stdout.trim()).not.toBe("ASIAOUTEROUTEROUTER1");
  });

  it("ends by the signal that killed the child, and says when the command does not exist", async () => {
    const env = await makeHome();
    const killed = await ssotray(env, ["exec", ...role(), "--", "sh", "-c", "kill -TERM $$"]);
    expect(killed.signal, `${killed.code} ${killed.stderr}`).toBe("SIGTERM");
    const missing = await ssotray(env, ["exec", ...role(), "--", "no-such-command-here"]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/Could not run 'no-such-command-here': no such command on PATH/);
  });

  it("relays a SIGINT sent to ssotray alone to the child, exactly once", async () => {
    const env = await makeHome();
    const child = script("count-sigint.mjs", COUNT_SIGINT);
    let sent = false;
    const result = await ssotray(env, ["exec", ...role(), "--", process.execPath, child], {
      // A session of its own: no controlling terminal, as under a process manager or CI runner.
      detached: true,
      onStdout: (text: string, cli: ChildProcess) => {
        if (!sent && text.includes("ready")) {
          sent = true;
          process.kill(cli.pid!, "SIGINT");
        }
      },
    });
    expect(result.stdout, result.stderr).toContain("SIGINT 1\n");
    expect(result.code).toBe(3);
  });

  it.skipIf(!hasScript)(
    terminal.title(
      "Ctrl+C in a terminal reaches the child once, not once from the terminal and once from us",
    ),
    async () => {
      const env = await makeHome();
      const child = script("count-sigint-tty.mjs", COUNT_SIGINT);
      const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      // `exec`: a shell waiting in between would die of the SIGINT itself and hide our status.
      const line = ["exec", process.execPath, bin, "exec", ...role(), "--", process.execPath, child]
        .map((word, i) => (i === 0 ? word : quote(word)))
        .join(" ");
      let sent = false;
      // util-linux `script` runs the line on a new pseudo-terminal, in its foreground process
      // group; ^C written to it makes the terminal signal that whole group, as a keyboard does.
      const result = await run("script", ["-qfec", line, "/dev/null"], env, {
        keepStdin: true,
        onStdout: (text: string, terminal: ChildProcess) => {
          if (!sent && text.includes("ready")) {
            sent = true;
            terminal.stdin!.end("\x03");
          }
        },
      });
      expect(result.stdout, result.stderr).toMatch(/SIGINT 1\r?\n/);
      expect(result.code).toBe(3);
    },
  );
});

describe("ssotray creds --credentials-file-profile", () => {
  it.skipIf(!hasBotocore)(
    "writes keys botocore uses for that profile; config remove and logout take them away",
    async () => {
      const env = await makeHome();
      const args = ["--account", account.accountId, "--role", account.roles[0]!];
      const wrote = await ssotray(env, ["creds", ...args, "--credentials-file-profile", "sim-ro"]);
      expect(wrote.code, wrote.stderr).toBe(0);
      expect(wrote.stdout).toBe("");
      expect(wrote.stderr).toMatch(/^Wrote \[sim-ro\] to .*credentials; the keys expire at /);
      const identity = await run(
        "python3",
        [
          "-c",
          "import botocore.session as b; s = b.Session(profile='sim-ro'); print(s.get_credentials().method, s.create_client('sts', region_name='us-east-1').get_caller_identity()['Account'])",
        ],
        env,
      );
      expect(identity.stdout.trim(), identity.stderr).toBe(
        `shared-credentials-file ${account.accountId}`,
      );
      const removed = await ssotray(env, ["config", "remove"]);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stderr).toMatch(/credentials: 1 removed \(\[sim-ro\]\)/);
      expect(readFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, "utf8")).toBe("");
      await ssotray(env, ["creds", ...args, "--credentials-file-profile", "sim-ro"]);
      const signedOut = await ssotray(env, ["logout"]);
      expect(signedOut.code, signedOut.stderr).toBe(0);
      expect(readFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, "utf8")).toBe("");
    },
  );
});
