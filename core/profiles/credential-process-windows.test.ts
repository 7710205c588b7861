// Every credential_process line populate writes for Windows, read as the three Windows readers
// read it: botocore's own splitter and Python's list2cmdline, run here for real, then CreateProcess
// (and cmd.exe for the .cmd shim); the AWS SDK for JavaScript through cmd.exe /d /s /c; the AWS
// SDK for Go v2 through its config reader and cmd.exe /C. The parts that only Windows has are the
// model in test-support/windows-readers.ts. Each reader must start the program the line names
// with the words populate meant.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntitledRole } from "../../shared/model.js";
import { botocorePython } from "../../simulator/tools.js";
import { windowsShim } from "../cli-install/cli-link.js";
import { resolveLocations } from "../locations.js";
import {
  createProcess,
  goRun,
  jsIniValue,
  nodeExec,
  type Ran,
  type WindowsMachine,
} from "../../test-support/windows-readers.js";
import { CommandLineError } from "./command-line.js";
import { populateProfiles } from "./populate.js";
import { READER_PAIRS } from "../../test-support/credential-process-pairs.js";

const run = promisify(execFile);
const python = botocorePython();
const work = mkdtempSync(path.join(os.tmpdir(), "ssotray-windows-lines-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PAIRS = READER_PAIRS;
const ENTITLED: EntitledRole = {
  session: "",
  accountId: "333333333333",
  roleArn: "arn:aws:iam::333333333333:role/team/Entitled",
  roleName: "Entitled",
};

/** Where the app puts the executable and its shim, for a user folder named `user`. */
function install(user: string): { exe: string; shim: string; env: Record<string, string> } {
  const local = `C:\\Users\\${user}\\AppData\\Local`;
  return {
    exe: `${local}\\Programs\\SSO Tray\\resources\\cli\\ssotray.exe`,
    shim: `${local}\\ssotray\\bin\\ssotray.cmd`,
    env: { LOCALAPPDATA: local, USERPROFILE: `C:\\Users\\${user}` },
  };
}

interface Case {
  what: string;
  command: string[];
  session: string;
  machine: WindowsMachine;
  /** The program each reader must end up starting. */
  program: string;
}

function shimCase(what: string, user: string, session: string): Case {
  const { exe, shim, env } = install(user);
  return {
    what,
    command: [shim],
    session,
    machine: { files: { [exe]: "", [shim]: windowsShim(exe, env) }, env },
    program: exe,
  };
}

const NODE = "C:\\Program Files\\nodejs\\node.exe";
const SCRIPT = "C:\\Users\\nick\\AppData\\Roaming\\npm\\node_modules\\sso-tray\\bin\\ssotray.mjs";
const ODD = "C:\\Tools\\R&D (x86)^\\ssotray.exe";
const CASES: Case[] = [
  shimCase("the shim, for a user folder without spaces", "jane", "acme"),
  shimCase("the shim, for a user folder starting with n", "nick", "acme"),
  shimCase("the shim, for a user folder with a space", "Jane Doe", "acme corp's"),
  {
    what: "the packaged executable",
    command: [install("Jane Doe").exe],
    session: "acme",
    machine: { files: { [install("Jane Doe").exe]: "" }, env: install("Jane Doe").env },
    program: install("Jane Doe").exe,
  },
  {
    what: "node and the script from npm",
    command: [NODE, SCRIPT],
    session: "acme",
    machine: { files: { [NODE]: "", [SCRIPT]: "" }, env: install("nick").env },
    program: NODE,
  },
  {
    what: "an executable in a folder with &, parentheses and ^",
    command: [ODD],
    session: "acme",
    machine: { files: { [ODD]: "" }, env: install("jane").env },
    program: ODD,
  },
];

interface Line {
  c: Case;
  profile: string;
  /** As written in the file, after `credential_process = `. */
  written: string;
  expected: string[];
}
const lines: Line[] = [];
let configs: Array<{ file: string; c: Case }> = [];

beforeAll(async () => {
  configs = [];
  for (const [i, c] of CASES.entries()) {
    const file = path.join(work, `config-${i}`);
    await populateProfiles(resolveLocations({ HOME: work, AWS_CONFIG_FILE: file }), {
      session: c.session,
      region: "eu-west-1",
      pairs: PAIRS.map((p) => ({ ...p, session: c.session })),
      entitled: [{ ...ENTITLED, session: c.session }],
      credentialProcess: true,
      credentialProcessCommand: c.command,
      platform: "win32",
    });
    configs.push({ file, c });
    let profile = "";
    for (const text of readFileSync(file, "utf8").split("\n")) {
      const header = /^\[profile (.+)\]$/.exec(text);
      if (header) profile = header[1]!;
      const value = /^credential_process = (.*)$/.exec(text);
      if (!value) continue;
      const pair = PAIRS.find((p) => value[1]!.includes(p.accountId));
      lines.push({
        c,
        profile,
        written: value[1]!,
        expected: [
          ...c.command.slice(1),
          "credential-process",
          "--session",
          c.session,
          ...(pair
            ? ["--account", pair.accountId, "--role", pair.roleName]
            : ["--role-arn", ENTITLED.roleArn]),
        ],
      });
    }
  }
  expect(lines).toHaveLength(CASES.length * 3);
});

/** Windows compares paths without case: `\N` is the folder `\n`. */
function folded(words: readonly string[]): string[] {
  return words.map((w) => (/^[A-Za-z]:\\/.test(w) ? w.toLowerCase() : w));
}

function expectRan(ran: Ran, l: Line): void {
  expect(ran.program.toLowerCase(), l.written).toBe(l.c.program.toLowerCase());
  expect(folded(ran.argv.slice(1)), l.written).toEqual(folded(l.expected));
}

describe("credential_process lines for Windows", () => {
  it("are bare where they can be, quoted where they must be", () => {
    const first = lines.find((l) => l.c.what.includes("without spaces"))!;
    expect(first.written).toBe(
      "C:\\Users\\jane\\AppData\\Local\\ssotray\\bin\\ssotray.cmd credential-process --session acme --account 111111111111 --role Admin",
    );
    const nick = lines.find((l) => l.c.what.includes("starting with n"))!;
    expect(nick.written).toMatch(/^C:\\Users\\Nick\\AppData\\Local\\ssotray\\bin\\ssotray\.cmd /);
    const spaced = lines.find((l) => l.c.what.includes("with a space"))!;
    expect(spaced.written).toBe(
      '"C:\\Users\\Jane Doe\\AppData\\Local\\ssotray\\bin\\ssotray.cmd" credential-process --session "acme corp\'s" --account 111111111111 --role Admin',
    );
  });

  it.skipIf(!python)("run the words meant in botocore, through CreateProcess", async () => {
    for (const { file, c } of configs) {
      const script = [
        "import json, subprocess, sys",
        "from botocore.compat import _windows_shell_split",
        "from botocore.configloader import raw_config_parse",
        "for name, section in raw_config_parse(sys.argv[1]).items():",
        "    words = _windows_shell_split(section['credential_process'])",
        "    print(json.dumps([name, words, subprocess.list2cmdline(words)]))",
      ].join("\n");
      const { stdout } = await run(python!, ["-c", script, file]);
      const read = stdout
        .trim()
        .split("\n")
        .map((r) => JSON.parse(r) as [string, string[], string]);
      expect(read).toHaveLength(3);
      for (const [section, words, commandLine] of read) {
        const l = lines.find((x) => x.c === c && `profile ${x.profile}` === section)!;
        expect(folded(words), l.written).toEqual(folded([c.command[0]!, ...l.expected]));
        expectRan(createProcess(commandLine, c.machine), l);
      }
    }
  });

  it("run the words meant in the AWS SDK for JavaScript, through cmd.exe /d /s /c", () => {
    for (const l of lines) expectRan(nodeExec(jsIniValue(l.written), l.c.machine), l);
  });

  it("run the words meant in the AWS SDK for Go v2 when they hold no quote, which it cannot pass", () => {
    let ran = 0;
    for (const l of lines) {
      if (l.written.includes('"')) {
        // aws/aws-sdk-go-v2#3208: Go writes the quote as \", which cmd.exe does not read.
        expect(() => goRun(l.written, l.c.machine), l.written).toThrow(/is not recognized/);
        continue;
      }
      expectRan(goRun(l.written, l.c.machine), l);
      ran++;
    }
    // The shim in a user folder without spaces: the app's own lines, which Go runs too.
    expect(ran).toBe(6);
  });

  it.each([
    ["a % in the command's path", install("100%Jane").shim, "acme", /'%', which cmd.exe expands/],
    [
      "a character outside ASCII",
      install("José").shim,
      "acme",
      /'é', which botocore on Windows reads from ~\/.aws\/config in the system's ANSI code page/,
    ],
    [
      "an & in the path of a .cmd file",
      install("R&D").shim,
      "acme",
      /'&': botocore starts a .cmd file through cmd.exe without quoting it/,
    ],
    ["a # in the session name", install("jane").shim, "team #1", /'#', where the AWS SDKs/],
    ["a ! in the session name", install("jane").shim, "go!", /'!', which cmd.exe expands/],
  ])("are refused with %s, naming the reader", async (what, command, session, message) => {
    const file = path.join(work, `refused-${what.replace(/\W+/g, "-")}`);
    const writing = populateProfiles(resolveLocations({ HOME: work, AWS_CONFIG_FILE: file }), {
      session,
      region: "eu-west-1",
      pairs: PAIRS.map((p) => ({ ...p, session })),
      credentialProcess: true,
      credentialProcessCommand: [command],
      platform: "win32",
    });
    await expect(writing).rejects.toThrow(CommandLineError);
    await expect(writing).rejects.toThrow(message);
  });
});
