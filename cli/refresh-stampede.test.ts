// Many `credential_process` runs at once, as a build tool or Terraform starts its workers, find
// the access token due for a refresh together. With single-use refresh tokens (the simulator's
// default) only one refresh may happen: every other run waits for it and uses what it saved.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulatorAndOwnBundle } from "../test-support/cli-bundle.js";
import { cliHome } from "../test-support/cli-home.js";
import { sha1Hex } from "../core/sessions/sign-in-file.js";

/** How many runs start at once; the bench (bench/refresh-stampede.bench.ts) runs 100. */
const RUNS = 24;

const rig = simulatorAndOwnBundle("stampede", { accounts: 3, rolesPerAccount: 1, seed: 24 });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One `ssotray` process, not awaited in turn: the simulator in this process must keep answering. */
function ssotray(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [rig.script, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function credentialProcess(env: Record<string, string>): Promise<Run> {
  const account = rig.sim.accounts()[0]!;
  return ssotray(
    [
      "credential-process",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
      "--session",
      "acme",
    ],
    env,
  );
}

const createTokenCalls = () => rig.sim.requestLog().filter((e) => e.api === "CreateToken");

describe("a refresh stampede", () => {
  it(`ends with all ${RUNS} concurrent credential-process runs served and one refresh`, async () => {
    const home = cliHome(rig.sim, { tokenExpiresInSeconds: 60 });
    rig.sim.clearRequestLog();
    const runs = await Promise.all(Array.from({ length: RUNS }, () => credentialProcess(home.env)));
    const failed = runs.filter((r) => r.code !== 0);
    expect(failed.map((r) => r.stderr)).toEqual([]);
    for (const run of runs) expect(JSON.parse(run.stdout)).toMatchObject({ Version: 1 });
    expect(createTokenCalls()).toHaveLength(1);
    // The sign-in lives on: the next run after the access token expires refreshes again.
    const file = path.join(home.dir, ".aws", "sso", "cache", `${sha1Hex("acme")}.json`);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      refreshToken: expect.any(String),
    });
  }, 120_000);

  it("is not held up for good by a lock its holder left when it was killed", async () => {
    const home = cliHome(rig.sim, { tokenExpiresInSeconds: 60 });
    const lock = path.join(
      home.dir,
      ".aws",
      "sso",
      "cache",
      `${sha1Hex("acme")}.ssotray-refresh.lock`,
    );
    mkdirSync(lock);
    // As a killed holder leaves it: nobody renews it any more.
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    rig.sim.clearRequestLog();
    const run = await credentialProcess(home.env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(createTokenCalls()).toHaveLength(1);
  }, 60_000);

  it("waits for a live holder and uses the sign-in it saved, without refreshing", async () => {
    const home = cliHome(rig.sim, { tokenExpiresInSeconds: 60 });
    const cache = path.join(home.dir, ".aws", "sso", "cache");
    const lock = path.join(cache, `${sha1Hex("acme")}.ssotray-refresh.lock`);
    mkdirSync(lock);
    rig.sim.clearRequestLog();
    const waiting = credentialProcess(home.env);
    // The holder (here: this test) saves a refreshed sign-in, then lets the lock go.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const file = path.join(cache, `${sha1Hex("acme")}.json`);
    const before = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    const t = rig.sim.issueToken({ expiresInSeconds: 3600 });
    writeFileSync(
      file,
      JSON.stringify({
        ...before,
        accessToken: t.accessToken,
        expiresAt: t.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      }),
      { mode: 0o600 },
    );
    rmSync(lock, { recursive: true });
    const run = await waiting;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(createTokenCalls()).toHaveLength(0);
  }, 60_000);
});
