// How `ssotray` reads on a terminal: -v, colour (and NO_COLOR over everything), status words that
// say whether the user has anything to do, a second logout, "did you mean" for profiles, and the
// browser variables in --help. In process against the simulator; the terminal case runs the built
// command under script(1), which gives it a real pseudo-terminal.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { requireTool } from "../simulator/testing.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { cliHome, removeCliHomes, type CliHome } from "../test-support/cli-home.js";
import { runSsotray } from "../test-support/run-ssotray.js";

const run = promisify(execFile);
const script = requireTool("script", { args: ["-qec", "true", "/dev/null"] });
const ESC = "\x1b[";
/** A string as a regular expression that matches it exactly. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let sim: Simulator;
let scratch: string;
let bin: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-manners-"));
  await buildCli({ quiet: true, outdir: path.join(scratch, "dist") });
  bin = path.join(scratch, "dist", "ssotray.mjs");
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 35 });
}, 120_000);

afterAll(async () => {
  await sim?.close();
  removeCliHomes();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Rewrites the cached sign-in of session acme (as `aws sso login` left it). */
function editToken(home: CliHome, change: (token: Record<string, unknown>) => void): void {
  const file = path.join(
    home.dir,
    ".aws",
    "sso",
    "cache",
    `${createHash("sha1").update("acme").digest("hex")}.json`,
  );
  const token = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  change(token);
  writeFileSync(file, JSON.stringify(token));
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

describe("the terminal's manners", () => {
  it("-v prints the version, as --version does", async () => {
    const home = cliHome(sim);
    const short = await runSsotray(home.env, ["-v"]);
    const long = await runSsotray(home.env, ["--version"]);
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(short.stdout).toBe(long.stdout);
  });

  it("colours states and errors with FORCE_COLOR, never with NO_COLOR, and not in a pipe", async () => {
    const home = cliHome(sim);
    const plain = await runSsotray(home.env, ["status"]);
    expect(plain.stdout).toMatch(/^acme +signed-in /m);
    expect(plain.stdout).not.toContain(ESC);

    const forced = await runSsotray({ ...home.env, FORCE_COLOR: "1" }, ["status"]);
    expect(forced.stdout).toContain(`${ESC}32msigned-in`);
    const error = await runSsotray({ ...home.env, FORCE_COLOR: "1" }, ["creds", "--profile", "x"]);
    expect(
      error.stderr.startsWith(`${ESC}1m${ESC}31mssotray:${ESC}39m${ESC}22m There is no profile`),
    ).toBe(true);

    for (const env of [{ NO_COLOR: "1", FORCE_COLOR: "1" }, { FORCE_COLOR: "0" }]) {
      const off = await runSsotray({ ...home.env, ...env }, ["status"]);
      expect(off.stdout).toMatch(/^acme +signed-in /m);
      expect(off.stdout).not.toContain(ESC);
      const offError = await runSsotray({ ...home.env, ...env }, ["creds", "--profile", "x"]);
      expect(offError.stderr).toMatch(/^ssotray: There is no profile/);
    }
  });

  it("doctor colours its marks the same way, and NO_COLOR turns them off", async () => {
    const home = cliHome(sim);
    const forced = await runSsotray({ ...home.env, FORCE_COLOR: "1" }, ["doctor"]);
    expect(forced.stdout.split("\n")).toContainEqual(
      expect.stringMatching(new RegExp(`^${escape(`${ESC}32mok     ${ESC}39m`)}  \\S`)),
    );
    const off = await runSsotray({ ...home.env, FORCE_COLOR: "1", NO_COLOR: "1" }, ["doctor"]);
    expect(off.stdout).toMatch(/^ok {7}\S/m);
    expect(off.stdout).not.toContain(ESC);
  });

  it.skipIf(!script)("colours on a real terminal unless NO_COLOR is set", async () => {
    const home = cliHome(sim);
    const status = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} status`;
    const onTty = await run(script!, ["-qec", status, "/dev/null"], {
      env: { ...home.env, TERM: "xterm" },
      encoding: "utf8",
    });
    expect(onTty.stdout).toContain(`${ESC}32msigned-in`);
    const noColor = await run(script!, ["-qec", status, "/dev/null"], {
      env: { ...home.env, TERM: "xterm", NO_COLOR: "1" },
      encoding: "utf8",
    });
    expect(noColor.stdout).toMatch(/acme +signed-in /);
    expect(noColor.stdout).not.toContain(ESC);
  });

  it("status tells a sign-in that refreshes by itself from one that needs the user", async () => {
    // Expired an hour ago, with its refresh token and registration: renewed at the next use.
    const refreshable = cliHome(sim);
    editToken(refreshable, (t) => (t.expiresAt = utc(Date.now() - 3_600_000)));
    expect((await runSsotray(refreshable.env, ["status"])).stdout).toMatch(
      /^acme +signed-in +refreshes by itself +us-east-1 /m,
    );

    // No refresh token: the time left, then the user signs in again.
    const fixed = cliHome(sim);
    editToken(fixed, (t) => {
      delete t.refreshToken;
      t.expiresAt = utc(Date.now() + 2 * 3_600_000 + 30 * 60_000);
    });
    expect((await runSsotray(fixed.env, ["status"])).stdout).toMatch(
      /^acme +signed-in +2h (29|30)m, then sign in again +us-east-1 /m,
    );

    const ended = cliHome(sim);
    editToken(ended, (t) => {
      delete t.refreshToken;
      t.expiresAt = utc(Date.now() - 60_000);
    });
    const table = (await runSsotray(ended.env, ["status"])).stdout;
    expect(table).toMatch(/^acme +sign-in-needed +sign in again +us-east-1 /m);
    // Its reason gives the time by the local clock, as login does, not in UTC.
    expect(table).toMatch(/^ {2}The sign-in expired at [^\n]*\d\d:\d\d/m);
    expect(table).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it("a second logout says there was nothing to sign out of", async () => {
    const home = cliHome(sim);
    const first = await runSsotray(home.env, ["logout"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe("Signed out of acme\n");
    const second = await runSsotray(home.env, ["logout"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe("Session 'acme' was not signed in: nothing to sign out of\n");
  });

  it("--profile with a typo gets a did-you-mean, as accounts and regions do", async () => {
    const account = sim.accounts()[0]!;
    const home = cliHome(sim, {
      config: `[profile deploy]\nsso_session = acme\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\n[profile audit]\nsso_session = acme\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\n`,
    });
    const result = await runSsotray(home.env, ["creds", "--profile", "deplo"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "ssotray: There is no profile named 'deplo' in ~/.aws/config; did you mean 'deploy'?\n",
    );
    const far = await runSsotray(home.env, ["creds", "--profile", "zzzzzzzz"]);
    expect(far.stderr).toBe("ssotray: There is no profile named 'zzzzzzzz' in ~/.aws/config\n");
  });

  it("login and console --help name SSOTRAY_BROWSER and BROWSER", async () => {
    const home = cliHome(sim);
    for (const command of ["login", "console"]) {
      const help = (await runSsotray(home.env, [command, "--help"])).stdout;
      expect(help).toMatch(/^ {2}SSOTRAY_BROWSER {2}the program that opens links/m);
      expect(help).toMatch(/^ {2}BROWSER {10}used when SSOTRAY_BROWSER is not set/m);
    }
  });
});
