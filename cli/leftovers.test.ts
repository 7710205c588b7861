// A kill between a write's temporary file and its rename, made deterministic with strace's fault
// injection on the built `ssotray`: what it leaves is ours by name and 0600, and the next command
// (or the sign-out that removes the keys) takes it away.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { cliHome, removeCliHomes, type CliHome } from "../test-support/cli-home.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { linuxOnly } from "../test-support/platform-only.js";

const run = promisify(execFile);
const linux = linuxOnly("strace's fault injection");
const hasStrace = (() => {
  try {
    execFileSync("strace", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (linux.runs && !hasStrace && process.env.CI)
  throw new Error("strace is missing (apt-get install strace)");

const OUR_TEMP = /\.ssotray-\d+-[0-9a-f]{8}\.tmp$/;

let sim: Simulator;
let bin: string;
let outdir: string;
let account: { accountId: string; roles: string[] };

beforeAll(async () => {
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 24 });
  account = sim.accounts()[0]!;
  outdir = mkdtempSync(path.join(os.tmpdir(), "ssotray-leftovers-cli-"));
  await buildCli({ quiet: true, outdir });
  bin = path.join(outdir, "ssotray.mjs");
}, 120_000);
afterAll(async () => {
  await sim?.close();
  removeCliHomes();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

async function ssotray(home: CliHome, ...args: string[]) {
  return run(process.execPath, [bin, ...args], { env: home.env });
}

/**
 * Runs `ssotray` with SIGKILL at its first rename: the moment a write has its temporary file
 * whole. (strace counts per thread, and libuv renames on any thread of its pool: only the first
 * rename of a run is one to aim at.)
 */
async function killedAtRename(home: CliHome, ...args: string[]): Promise<void> {
  const inject = "inject=rename,renameat,renameat2:signal=KILL:when=1";
  const out: { code?: number | null; signal?: string | null } = await run(
    "strace",
    ["-f", "-qq", "-o", "/dev/null", "-e", inject, process.execPath, bin, ...args],
    { env: home.env },
  ).then(
    () => ({ code: 0 }),
    (error: { code?: number | null; signal?: string | null }) => error,
  );
  // strace ends the way the process it traced ended: killed, not finished.
  expect(out.signal ?? out.code).toBe(out.signal ? "SIGKILL" : 128 + 9);
}

function leftoversIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => OUR_TEMP.test(n)).map((n) => path.join(dir, n));
}

function age(files: string[]): void {
  const old = new Date(Date.now() - 10 * 60_000);
  for (const file of files) utimesSync(file, old, old);
}

const creds = (profile?: string) => [
  "creds",
  "--account",
  account.accountId,
  "--role",
  account.roles[0]!,
  "--session",
  "acme",
  ...(profile ? ["--credentials-file-profile", profile] : []),
];

describe.skipIf(!hasStrace)(linux.title("a write killed before its rename"), () => {
  it("leaves the role keys under a name of ours, 0600, and the next command removes them", async () => {
    const home = cliHome(sim);
    const cacheDir = path.join(home.env.SSOTRAY_HOME!, "cache", "credentials");
    await killedAtRename(home, ...creds());
    const [left, ...more] = leftoversIn(cacheDir);
    expect(more).toEqual([]);
    expect(left && path.basename(left)).toMatch(
      /^[0-9a-f]{40}\.json\.ssotray-\d+-[0-9a-f]{8}\.tmp$/,
    );
    expect(statSync(left!).mode & 0o777).toBe(0o600);
    expect(readFileSync(left!, "utf8")).toContain("SecretAccessKey");

    // A minute is what any write of another process may take: younger ones stay.
    await ssotray(home, "status");
    expect(leftoversIn(cacheDir)).toEqual([left]);
    age([left!]);
    await ssotray(home, "status");
    expect(leftoversIn(cacheDir)).toEqual([]);
  });

  it("leaves a copy of ~/.aws/credentials 0600 that the next command, or logout at once, removes", async () => {
    const home = cliHome(sim);
    const awsDir = path.dirname(home.env.AWS_SHARED_CREDENTIALS_FILE!);
    // With the role's keys cached already, the credentials file's is the first rename.
    await ssotray(home, ...creds());
    await killedAtRename(home, ...creds("work"));
    const [left] = leftoversIn(awsDir);
    expect(left && path.basename(left)).toMatch(/^credentials\.ssotray-/);
    expect(statSync(left!).mode & 0o777).toBe(0o600);
    expect(readFileSync(left!, "utf8")).toContain("aws_secret_access_key");
    // A sign-out removes it at once, whatever its age: it holds the keys the sign-out ends.
    await ssotray(home, "logout", "--session", "acme");
    expect(leftoversIn(awsDir)).toEqual([]);

    const again = cliHome(sim);
    const againDir = path.dirname(again.env.AWS_SHARED_CREDENTIALS_FILE!);
    await ssotray(again, ...creds());
    await killedAtRename(again, ...creds("work"));
    age(leftoversIn(againDir));
    await ssotray(again, "status");
    expect(leftoversIn(againDir)).toEqual([]);
  });

  it("keeps the config's backup 0600, and sweeps the backup's temporary file", async () => {
    const home = cliHome(sim);
    const config = home.env.AWS_CONFIG_FILE!;
    const awsDir = path.dirname(config);
    await ssotray(home, "accounts", "--session", "acme");
    // The backup's rename comes first, the config's second.
    await killedAtRename(home, "config", "populate", "--session", "acme");
    const [left] = leftoversIn(awsDir);
    expect(left && path.basename(left)).toMatch(/^config\.ssotray\.bak\.ssotray-/);
    expect(statSync(left!).mode & 0o777).toBe(0o600);
    age([left!]);
    await ssotray(home, "config", "populate", "--session", "acme");
    expect(leftoversIn(awsDir)).toEqual([]);
    expect(statSync(`${config}.ssotray.bak`).mode & 0o777).toBe(0o600);
  });
});
