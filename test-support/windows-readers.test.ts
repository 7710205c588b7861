// The Windows model held to what its sources say: Microsoft's examples for the C runtime's
// splitting, `cmd /?` for /C and /S, Go's EscapeArg, and what users reported of real readers.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { botocorePython } from "../simulator/tools.js";
import {
  afterSlashC,
  cmdRun,
  createProcess,
  goEscapeArg,
  goIniValue,
  goRun,
  msvcrtArgv,
  nodeExec,
  type WindowsMachine,
} from "./windows-readers.js";

const PHOTON =
  "C:\\Program Files\\Amazon\\Photon\\PhotonRoleCredentialProvider\\PhotonRoleCredentialProvider.exe";
const machine: WindowsMachine = {
  files: {
    [PHOTON]: "",
    "C:\\Progra~1\\Amazon\\Photon\\PhotonRoleCredentialProvider\\PhotonRoleCredentialProvider.exe":
      "",
    "C:\\Tools\\creds.exe": "",
    "C:\\Tools\\creds.cmd": '@"C:\\Tools\\creds.exe" %*\r\n',
    "C:\\Tools\\100%.cmd": '@"C:\\Tools\\creds.exe" 100%% %UNSET%x %*\r\n',
  },
  env: { LOCALAPPDATA: "C:\\Users\\Jane Doe\\AppData\\Local", TOOLS: "C:\\Tools" },
};

describe("the C runtime's splitting of a command line", () => {
  // learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments, "Results of parsing".
  it.each([
    ['"a b c" d e', ["a b c", "d", "e"]],
    ['"ab\\"c" "\\\\" d', ['ab"c', "\\", "d"]],
    ['a\\\\\\b d"e f"g h', ["a\\\\\\b", "de fg", "h"]],
    ['a\\\\\\"b c d', ['a\\"b', "c", "d"]],
    ['a\\\\\\\\"b c" d e', ["a\\\\b c", "d", "e"]],
    ['a"b"" c d', ['ab" c d']],
  ])("reads %s as Microsoft's table says", (line, words) => {
    expect(msvcrtArgv(`prog ${line}`)).toEqual(["prog", ...words]);
  });

  it("reads the program's own name from quote to quote, with no escapes", () => {
    expect(msvcrtArgv('"C:\\Program Files\\x.exe" a')).toEqual(["C:\\Program Files\\x.exe", "a"]);
  });

  const python = botocorePython();
  it.skipIf(!python)("agrees with botocore's splitter past the program's name", () => {
    const lines = ['p "a b" c\\\\"d e" f', 'p a\\\\\\"b "c\\d" \\\\\\\\"x y"'];
    const script = [
      "import json, sys",
      "from botocore.compat import _windows_shell_split",
      "print(json.dumps([_windows_shell_split(l) for l in json.loads(sys.argv[1])]))",
    ].join("\n");
    const theirs = JSON.parse(
      execFileSync(python!, ["-c", script, JSON.stringify(lines)], { encoding: "utf8" }),
    ) as string[][];
    expect(lines.map(msvcrtArgv)).toEqual(theirs);
  });
});

describe("cmd.exe's /C and /S", () => {
  it("with /S takes off the first and the last quote, whatever is between", () => {
    expect(afterSlashC('"a" b "c"', true, machine)).toBe('a" b "c');
  });

  it("keeps the quotes around an executable's name with a space, and only then", () => {
    expect(afterSlashC(`"${PHOTON}"`, false, machine)).toBe(`"${PHOTON}"`);
    expect(afterSlashC(`"${PHOTON}" --role=Machine`, false, machine)).toBe(
      `"${PHOTON}" --role=Machine`,
    );
    expect(afterSlashC('"C:\\Tools\\creds.exe x"', false, machine)).toBe("C:\\Tools\\creds.exe x");
    expect(afterSlashC('"a" "b"', false, machine)).toBe('a" "b');
  });

  it("expands a defined %name% on a command line and leaves an undefined one", () => {
    expect(cmdRun("%TOOLS%\\creds.exe %NOPE% 5%", machine).argv).toEqual([
      "C:\\Tools\\creds.exe",
      "%NOPE%",
      "5%",
    ]);
  });

  it("takes a caret outside quotes as an escape, and an unquoted & as an operator", () => {
    expect(cmdRun('C:\\Tools\\creds.exe a^&b "c^d"', machine).argv.slice(1)).toEqual([
      "a&b",
      "c^d",
    ]);
    expect(() => cmdRun("C:\\Tools\\creds.exe a&b", machine)).toThrow(/unquoted '&'/);
  });

  it("runs a .cmd file with %* for the arguments, %% for a percent sign, nothing for an unset name", () => {
    expect(cmdRun('C:\\Tools\\creds.cmd a "b c"', machine)).toEqual({
      program: "C:\\Tools\\creds.exe",
      argv: ["C:\\Tools\\creds.exe", "a", "b c"],
    });
    expect(cmdRun('"C:\\Tools\\100%.cmd" z', machine).argv.slice(1)).toEqual(["100%", "x", "z"]);
  });
});

describe("the readers as users met them", () => {
  it("Go escapes the quotes of a quoted path, which cmd.exe cannot read (aws-sdk-go-v2#3208)", () => {
    const line = `"${PHOTON}" --role=Machine`;
    expect(goEscapeArg(line)).toBe(`"\\"${PHOTON}\\" --role=Machine"`);
    expect(() => goRun(line, machine)).toThrow(/is not recognized/);
    // What that report found to work: the short name, with no quotes at all.
    const short = goRun(
      "C:\\Progra~1\\Amazon\\Photon\\PhotonRoleCredentialProvider\\PhotonRoleCredentialProvider.exe --role=Machine",
      machine,
    );
    expect(short.argv.slice(1)).toEqual(["--role=Machine"]);
    // The JavaScript SDK, through cmd.exe /s, runs the quoted line as it is.
    expect(nodeExec(line, machine)).toEqual({
      program: PHOTON,
      argv: [PHOTON, "--role=Machine"],
    });
  });

  it("Go's config reader takes \\n in a value as a line break (aws-sdk-go-v2#2273)", () => {
    expect(goIniValue("C:\\somefolder\\new\\x.exe")).toBe("C:\\somefolder\new\\x.exe");
    // A line that starts and ends with a quote loses both.
    expect(goIniValue('"C:\\a b\\x.exe" --c "d"')).toBe('C:\\a b\\x.exe" --c "d');
    expect(goIniValue("x.exe --name a#b")).toBe("x.exe --name a");
  });

  it("Go's EscapeArg quotes only for a space and escapes only a quote", () => {
    expect(goEscapeArg("")).toBe('""');
    expect(goEscapeArg("C:\\x\\y.exe")).toBe("C:\\x\\y.exe");
    expect(goEscapeArg("a b\\")).toBe('"a b\\\\"');
    expect(goEscapeArg('a"b')).toBe('a\\"b');
  });

  it("a .cmd file started by CreateProcess runs through cmd.exe, operators and all (BatBadBut)", () => {
    expect(createProcess('C:\\Tools\\creds.cmd "a b"', machine).argv.slice(1)).toEqual(["a b"]);
    // Python's list2cmdline quotes only for whitespace: R&D reaches cmd.exe bare.
    expect(() => createProcess("C:\\Tools\\creds.cmd R&D", machine)).toThrow(/unquoted '&'/);
  });
});
