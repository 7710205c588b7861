// What `ssotray` prints about a hostile portal: no escape sequence, control character or bidi
// override reaches the terminal, from a table, a warning or an error. The command runs in this
// process (runSsotray) with its output captured, against the simulator's hostile mode.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { writeTokenCache } from "../simulator/testing.js";
import { oneLine } from "./cli-error.js";
import { runSsotray } from "../test-support/run-ssotray.js";

const UNSHOWABLE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

let sim: Simulator;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({
    accounts: 3,
    rolesPerAccount: 1,
    hostile: { names: true, badIds: true },
  });
  home = await mkdtemp(path.join(os.tmpdir(), "ssotray-terminal-"));
  await mkdir(path.join(home, ".aws"), { recursive: true });
  await writeFile(
    path.join(home, ".aws", "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\n` +
      // A config file is data too: a session named with an escape sequence.
      `[sso-session evil\x1b]0;title\x07\x1b[31m]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\n`,
  );
  await writeTokenCache(home, "acme", sim, sim.issueToken());
  env = { HOME: home, SSOTRAY_HOME: path.join(home, "ssotray"), ...sim.env };
});
afterAll(async () => {
  await sim.close();
  await rm(home, { recursive: true, force: true });
});

function ssotray(...args: string[]) {
  return runSsotray(env, args);
}

/** Every line printable, line breaks apart. */
function expectShowable(text: string): void {
  for (const line of text.split("\n")) expect(line).not.toMatch(UNSHOWABLE);
}

describe("terminal output from a hostile portal", () => {
  it("lists accounts without escapes, with one warning for what was left out", async () => {
    const { code, stdout, stderr } = await ssotray("accounts", "--refresh", "--session", "acme");
    expect(code, stderr).toBe(0);
    expectShowable(stdout);
    expectShowable(stderr);
    expect(stdout).toContain("900000000002  ]0;owned [31mprod [0m]");
    expect(stdout).toContain("reportgpj.exe");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(
      /^warning: The portal's answer for session 'acme' .* 4 accounts whose ids are not 12 digits/,
    );

    const cached = await ssotray("accounts", "--json", "--session", "acme");
    expect(cached.stderr).toBe("");
    expectShowable(cached.stdout);
    const pairs = JSON.parse(cached.stdout) as Array<{ accountId: string; roleName: string }>;
    expect(pairs.every((p) => /^\d{12}$/.test(p.accountId))).toBe(true);
  });

  it("prints status rows, and errors that echo names, as showable lines", async () => {
    const status = await ssotray("status");
    expect(status.code).toBe(0);
    expectShowable(status.stdout);
    expect(status.stdout).toContain("evil ]0;title [31m");
    const missing = await ssotray(
      "creds",
      "--session",
      "acme",
      "--account",
      "no\x1b]0;such\x07account",
      "--role",
      "R",
    );
    expect(missing.code).not.toBe(0);
    // The name is not in the cached list, so the list is synced once more (and warns again).
    const lines = missing.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toMatch(/^ssotray: No account 'no ]0;such account' in session 'acme'/);
    expectShowable(missing.stderr.trimEnd());
    expect(oneLine(new Error("a\x1b[31mb\r\nc\u202ed"))).toBe("a [31mb cd");
  });
});
