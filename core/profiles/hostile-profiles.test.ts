// What reaches ~/.aws/config and a credential_process line: nothing that changes the file's shape,
// and nothing a shell runs. Checked with the readers themselves: /bin/sh, botocore's own splitters
// (shlex and its Windows rules) and the AWS SDK for JavaScript's credential_process provider.
import { execFile } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { accountRolePairs } from "../../shared/pairs.js";
import { startSimulator } from "../../simulator/index.js";
import { hasBotocore, SKIP_BOTOCORE } from "../../simulator/testing.js";
import { applySectionEdits, ConfigValueError, parseConfig } from "../aws-files/config-file.js";
import { AccountDirectory } from "../portal/account-directory.js";
import { commandLine, CommandLineError, quoteArg } from "./command-line.js";
import { planPopulate, populateProfiles } from "./populate.js";
import { signedInStatus } from "../../test-support/signed-in-status.js";
import { resolveLocations } from "../locations.js";
import { withLocations } from "../../test-support/with-locations.js";

const run = promisify(execFile);
const work = mkdtempSync(path.join(os.tmpdir(), "ssotray-hostile-profiles-"));
const marker = path.join(work, "pwned");
const command = `touch ${marker}`;
afterAll(() => rmSync(work, { recursive: true, force: true }));
if (!hasBotocore) console.warn(SKIP_BOTOCORE);

/** How botocore splits each line: shlex (POSIX) and _windows_shell_split (Windows). */
async function botocoreSplits(
  lines: string[],
): Promise<{ posix: string[][]; windows: string[][] }> {
  const script = [
    "import json, shlex, sys",
    "from botocore.compat import _windows_shell_split",
    "lines = json.load(sys.stdin)",
    "print(json.dumps({'posix': [shlex.split(l) for l in lines], 'windows': [_windows_shell_split(l) for l in lines]}))",
  ].join("\n");
  const child = execFile("python3", ["-c", script], { encoding: "utf8" });
  child.stdin!.end(JSON.stringify(lines));
  const out = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (d: string) => (text += d));
    child.on("close", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`python3 exit ${code}`)),
    );
  });
  return JSON.parse(out) as { posix: string[][]; windows: string[][] };
}

/** How /bin/sh reads each line as a command's words (what `child_process.exec` runs). */
async function shSplits(lines: string[]): Promise<string[][]> {
  const script = lines
    .map((l) => `for a in ${l}; do printf '%s\\036' "$a"; done; printf '\\035'`)
    .join("\n");
  const { stdout } = await run("/bin/sh", ["-c", script], { encoding: "utf8", cwd: work });
  return stdout
    .split("\x1d")
    .slice(0, -1)
    .map((words) => words.split("\x1e").slice(0, -1));
}

describe("the config writer", () => {
  it.each([
    ["a value with a line break", { k: "v\n[profile injected]" }],
    ["a value with a carriage return", { k: "v\r[default]" }],
    ["a value with an escape", { k: "v\x1b[31m" }],
    ["a value with a line separator", { k: "v\u2028x" }],
    ["a key with '='", { "a=b": "v" }],
    ["a key with a line break", { "a\nb": "v" }],
  ])("refuses %s and writes nothing", (_, values) => {
    expect(() => applySectionEdits("", [{ kind: "profile", name: "p", values }])).toThrow(
      ConfigValueError,
    );
  });

  it("refuses a section name with a line break or ']' line", () => {
    expect(() =>
      applySectionEdits("", [{ kind: "profile", name: "x]\n[default", values: { a: "b" } }]),
    ).toThrow(/will not write the section name "x]\\n\[default"/);
  });
});

describe("credential_process lines", () => {
  it("quote a value only when it needs it, and refuse what a shell or Windows would read differently", () => {
    expect(
      commandLine([
        "x",
        { value: "a b'c", what: "v" },
        { value: "C:\\Program Files\\s.exe", what: "v" },
        { value: "Admin+x=y,z.w@q-1:/", what: "v" },
      ]),
    ).toBe(`x "a b'c" "C:\\Program Files\\s.exe" Admin+x=y,z.w@q-1:/`);
    // The command itself: never a leading quote, which the Go SDK's INI reader ends the line at.
    expect(commandLine([{ value: "/home/a b/it's/ssotray", what: "v" }, "x"], "linux")).toBe(
      `/home/a\\ b/it\\'s/ssotray x`,
    );
    expect(commandLine([{ value: "/usr/local/bin/ssotray", what: "v" }, "x"], "linux")).toBe(
      "/usr/local/bin/ssotray x",
    );
    expect(commandLine([{ value: "C:\\Program Files\\s.exe", what: "v" }, "x"], "win32")).toBe(
      `"C:\\Program Files\\s.exe" x`,
    );
    expect(() => commandLine([{ value: "/a/$(id)", what: "v" }], "linux")).toThrow(
      CommandLineError,
    );
    // A config value ends at ` #` for the JavaScript SDK, at any `#` or `;` for the Go SDK.
    for (const platform of ["linux", "win32"] as const)
      for (const session of ["team #1", "a;b"])
        expect(() =>
          commandLine(["x", { value: session, what: "the session name" }], platform),
        ).toThrow(/where the AWS SDKs' config readers start a comment/);
    for (const bad of [
      'a"b',
      "$(id)",
      "`id`",
      "%PATH%",
      "!x!",
      "a\nb",
      "a\\",
      "a\\\\b",
      'a\\"',
      "",
    ])
      expect(() => quoteArg(bad), bad).toThrow(CommandLineError);
  });

  it.skipIf(!hasBotocore)(
    "read back as the same words by sh, shlex and botocore's Windows rules, or are refused",
    async () => {
      const alphabet = fc.constantFrom(
        ..."aZ09 _-.@+=,:/\\'\"$`%!&|;<>()[]{}*?~#^\n\t\x1b\u202e".split(""),
      );
      const values = fc.sample(fc.string({ unit: alphabet, minLength: 0, maxLength: 12 }), {
        numRuns: 400,
        seed: 12,
      });
      const accepted: string[] = [];
      for (const v of values) {
        try {
          quoteArg(v);
          // A credential_process line refuses `#` and `;` besides (config comments).
          commandLine(["prog", { value: v, what: "v" }], "linux");
          accepted.push(v);
        } catch (error) {
          expect(error).toBeInstanceOf(CommandLineError);
        }
      }
      // A fair share of hostile-looking values is accepted, spaces, quotes and operators included.
      expect(accepted.length).toBeGreaterThan(50);
      expect(accepted.some((v) => /[ '&|;<>()]/.test(v))).toBe(true);
      const lines = accepted.map((v) => commandLine(["prog", { value: v, what: "v" }, "--flag"]));
      const expected = accepted.map((v) => ["prog", v, "--flag"]);
      const { posix, windows } = await botocoreSplits(lines);
      expect(posix).toEqual(expected);
      expect(windows).toEqual(expected);
      expect(await shSplits(lines)).toEqual(expected);
      // The same values as the command itself, escaped with backslashes on POSIX.
      const commands = accepted
        .filter((v) => v !== "")
        .map((v) => commandLine([{ value: v, what: "v" }, "--flag"], "linux"));
      const asCommands = accepted.filter((v) => v !== "").map((v) => [v, "--flag"]);
      expect(commands.some((l) => l.startsWith('"'))).toBe(false);
      expect((await botocoreSplits(commands)).posix).toEqual(asCommands);
      expect(await shSplits(commands)).toEqual(asCommands);
      expect(existsSync(marker)).toBe(false);
    },
  );
});

describe("profiles from a hostile portal", () => {
  it("hold only valid profiles, and their credential_process runs the right words in the SDK and botocore", async () => {
    const sim = await startSimulator({
      accounts: 3,
      rolesPerAccount: 1,
      hostile: { names: true, badIds: true, command },
    });
    try {
      const status = signedInStatus(sim);
      const token = sim.issueToken().accessToken;
      const warnings: string[] = [];
      const list = await new AccountDirectory({
        ...withLocations({ ...sim.env }),
        sessions: { get: () => status, accessToken: async () => token },
        cacheDir: path.join(work, "cache"),
        warn: (m) => warnings.push(m),
      }).sync("acme");
      expect(warnings).toHaveLength(1);

      // The command lives where a path needs quoting: spaces and an apostrophe.
      const home = path.join(work, "home");
      const bin = path.join(work, "it's a bin dir");
      mkdirSync(path.join(home, ".aws"), { recursive: true });
      mkdirSync(bin, { recursive: true });
      const calls = path.join(bin, "calls.jsonl");
      const stub = path.join(bin, "ssotray");
      writeFileSync(
        stub,
        [
          `#!${process.execPath}`,
          `require("fs").appendFileSync(${JSON.stringify(calls)}, JSON.stringify(process.argv.slice(2)) + "\\n");`,
          `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "ASIASTUB" + process.argv[8].slice(-12), SecretAccessKey: "c2VjcmV0c2VjcmV0c2VjcmV0", SessionToken: "dG9rZW50b2tlbnRva2Vu", Expiration: new Date(Date.now() + 3600e3).toISOString() }));`,
        ].join("\n"),
      );
      chmodSync(stub, 0o755);
      const env = { HOME: home, AWS_CONFIG_FILE: path.join(home, ".aws", "config") };
      const session = "acme corp's";
      const pairs = accountRolePairs(list).map((p) => ({ ...p, session }));
      const result = await populateProfiles(resolveLocations(env), {
        session,
        region: "eu-west-1",
        pairs,
        credentialProcess: true,
        credentialProcessCommand: [stub],
      });
      expect(result.skipped).toEqual([]);

      const text = readFileSync(env.AWS_CONFIG_FILE, "utf8");
      const profiles = parseConfig(text).filter((s) => s.kind === "profile");
      expect(profiles.map((p) => p.name).sort()).toEqual([...result.added].sort());
      expect(profiles).toHaveLength(pairs.length);
      expect(text).not.toMatch(/\[profile (pwned|injected)\]|\[default\]/);
      expect(text).not.toContain("\x1b");

      // The SDK for JavaScript runs each line through /bin/sh.
      const byProfile = new Map(result.added.map((name, i) => [name, pairs[i]!]));
      for (const [profile, pair] of byProfile) {
        const creds = await fromIni({
          profile,
          configFilepath: env.AWS_CONFIG_FILE,
          filepath: path.join(home, ".aws", "credentials"),
          ignoreCache: true,
        })();
        expect(creds.accessKeyId).toBe(`ASIASTUB${pair.roleName.slice(-12)}`);
      }
      const expected = [...byProfile.values()].map((p) => [
        "credential-process",
        "--session",
        session,
        "--account",
        p.accountId,
        "--role",
        p.roleName,
      ]);
      const read = () =>
        readFileSync(calls, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as string[]);
      expect(read()).toEqual(expected);

      if (hasBotocore) {
        rmSync(calls);
        const script = [
          "import botocore.session, sys",
          "for p in sys.argv[1:]:",
          "    botocore.session.Session(profile=p).get_credentials().get_frozen_credentials()",
        ].join("\n");
        await run("python3", ["-c", script, ...byProfile.keys()], {
          env: { PATH: process.env.PATH, ...env },
        });
        expect(read()).toEqual(expected);
      }
      expect(existsSync(marker)).toBe(false);
    } finally {
      await sim.close();
    }
  }, 60_000);

  it("skips a pair whose id or role name is not valid, with the reason", () => {
    const plan = planPopulate("", {
      session: "acme",
      region: "eu-west-1",
      credentialProcess: true,
      pairs: [
        {
          session: "acme",
          accountId: `222222222222$(${command})`,
          accountName: "a",
          emailAddress: "",
          roleName: "R",
        },
        {
          session: "acme",
          accountId: "111111111111",
          accountName: "b",
          emailAddress: "",
          roleName: "R\n[profile x]",
        },
      ],
    });
    expect(plan.added).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^the account id '222222222222\$\(touch .*' is not 12 digits$/),
      "'R [profile x]' is not a valid IAM role name",
    ]);
  });
});
