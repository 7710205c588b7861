// Test support: how Windows turns one credential_process line into the words a program receives,
// for the three readers that run it there, modelled from their documentation and source so that a
// Linux run can check every line we write. The model is strict: wherever the real rule is one we
// never rely on (an unquoted `&`, a `/` in a command name), it throws rather than guess.
//
// - cmd.exe: `cmd /?` for the text after /C and /S; percent expansion, `^` escapes and the special
//   characters as cmd parses a line (in a batch file, `%%` is one `%`, `%*` the arguments, and an
//   undefined `%name%` is nothing; on a command line, an undefined `%name%` stays as it is).
// - A program's own words: the Microsoft C runtime's rules ("Parsing C command-line arguments",
//   learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments), which Python and Go
//   programs share; CommandLineToArgvW (Node's) differs only for `""` inside quotes, which no
//   line of ours holds.
// - A .cmd file run by CreateProcess: Windows runs `cmd.exe /c "<the whole command line>"` for it
//   (undocumented; described in rust-lang/rust#92208 and the BatBadBut advisory, CVE-2024-24576).
// - Node's exec (the AWS SDK for JavaScript): `cmd.exe /d /s /c "<line>"` with the line verbatim
//   (lib/child_process.js, normalizeSpawnArguments).
// - The AWS SDK for Go v2: its INI reader's value rules (internal/ini: trimComment,
//   legacyStrconv), then exec.Command("cmd.exe", "/C", line), whose command line Go builds with
//   syscall.EscapeArg (src/syscall/exec_windows.go, appendEscapeArg).
// botocore's own splitter (compat._windows_shell_split) and Python's list2cmdline are run for
// real, in Python, by the tests that use this model.
import path from "node:path";

export class WindowsModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WindowsModelError";
  }
}

/** What the model knows of the machine: files (a .cmd file's text) and the environment. */
export interface WindowsMachine {
  /** Existing files by full path (compared case-insensitively); a .cmd file's text, else "". */
  files: Readonly<Record<string, string>>;
  env: Readonly<Record<string, string>>;
}

/** The program a line ends up running and the words it receives (argv[0] first). */
export interface Ran {
  program: string;
  argv: string[];
}

function fileOf(machine: WindowsMachine, name: string): string | undefined {
  const key = Object.keys(machine.files).find((f) => f.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : machine.files[key];
}

function envOf(machine: WindowsMachine, name: string): string | undefined {
  const key = Object.keys(machine.env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : machine.env[key];
}

/**
 * The command cmd.exe runs for the text after /C (`cmd /?`): with /S, or unless every one of
 * "exactly two quote characters; no special characters between them (&<>()@^|); whitespace
 * between them; the string between them is the name of an executable file" holds, a leading quote
 * and the last quote on the line are removed and the rest is kept as it is.
 */
export function afterSlashC(text: string, s: boolean, machine: WindowsMachine): string {
  const rest = text.replace(/^[ \t]+/, "");
  const quotes = [...rest].filter((c) => c === '"').length;
  if (!s && quotes === 2) {
    const first = rest.indexOf('"');
    const last = rest.lastIndexOf('"');
    const between = rest.slice(first + 1, last);
    if (
      !/[&<>()@^|]/.test(between) &&
      /[ \t]/.test(between) &&
      fileOf(machine, between) !== undefined
    )
      return rest;
  }
  if (!rest.startsWith('"')) return rest;
  const last = rest.lastIndexOf('"');
  return last <= 0 ? rest.slice(1) : rest.slice(1, last) + rest.slice(last + 1);
}

/** Percent expansion as cmd.exe does it on a command line (not in a batch file). */
function expandCommandLine(line: string, machine: WindowsMachine): string {
  let out = "";
  for (let i = 0; i < line.length;) {
    if (line[i] !== "%") {
      out += line[i++];
      continue;
    }
    const close = line.indexOf("%", i + 1);
    const name = close > i + 1 ? line.slice(i + 1, close) : "";
    const value = name === "" ? undefined : envOf(machine, name);
    if (value === undefined) {
      // Undefined (or no closing %): the % stays, and the next one may start a name.
      out += "%";
      i++;
      continue;
    }
    out += value;
    i = close + 1;
  }
  return out;
}

/** Percent expansion in a batch file's line: %%, %*, %0 and %~dp0, %name% (else nothing). */
function expandBatchLine(
  line: string,
  machine: WindowsMachine,
  batch: { file: string; args: string },
): string {
  let out = "";
  for (let i = 0; i < line.length;) {
    const c = line[i]!;
    if (c !== "%") {
      out += c;
      i++;
      continue;
    }
    const next = line[i + 1];
    if (next === "%") {
      out += "%";
      i += 2;
    } else if (next === "*") {
      out += batch.args;
      i += 2;
    } else if (line.startsWith("~dp0", i + 1)) {
      out += path.win32.dirname(batch.file) + "\\";
      i += 5;
    } else if (next === "0") {
      out += batch.file;
      i += 2;
    } else if (next !== undefined && /[1-9]/.test(next)) {
      throw new WindowsModelError(`the model does not know %${next}`);
    } else {
      const close = line.indexOf("%", i + 1);
      if (close < 0) {
        // A lone % in a batch file is dropped.
        i++;
        continue;
      }
      out += envOf(machine, line.slice(i + 1, close)) ?? "";
      i = close + 1;
    }
  }
  return out;
}

/**
 * cmd.exe's second pass over an expanded line: quotes toggle, and outside them `^` makes the next
 * character plain (the caret goes) and `& | < > ( )` are operators, which no line of ours may
 * hold: the model refuses them. Quotes stay in the line, as cmd hands it on.
 */
function removeEscapes(line: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "^") {
      i++;
      if (i < line.length) out += line[i];
      continue;
    } else if (!quoted && /[&|<>()]/.test(c))
      throw new WindowsModelError(`cmd.exe reads an unquoted '${c}' as an operator in: ${line}`);
    out += c;
  }
  return out;
}

/** The command token of a parsed line, without its quotes, and the text after it. */
function commandToken(line: string): { name: string; tail: string } {
  const start = line.search(/[^ \t]/);
  if (start < 0) throw new WindowsModelError("an empty command");
  let quoted = false;
  let end = start;
  for (; end < line.length; end++) {
    const c = line[end]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && /[ \t]/.test(c)) break;
    // cmd also ends an unquoted command name at these; we never write one that holds them.
    else if (!quoted && /[,;=/]/.test(c))
      throw new WindowsModelError(`cmd.exe ends a command name at an unquoted '${c}': ${line}`);
  }
  return { name: line.slice(start, end).replaceAll('"', ""), tail: line.slice(end) };
}

/**
 * The words a program gets from its command line, by the C runtime's rules: argv[0] is read up to
 * whitespace, or from quote to quote with no escapes; then whitespace separates words, quotes
 * group, 2n backslashes before a quote are n and the quote groups, 2n+1 are n and a literal quote,
 * other backslashes are themselves, and `""` inside quotes is a literal quote.
 */
export function msvcrtArgv(commandLine: string): string[] {
  const argv: string[] = [];
  let i = commandLine.search(/[^ \t]/);
  if (i < 0) return argv;
  if (commandLine[i] === '"') {
    const close = commandLine.indexOf('"', i + 1);
    argv.push(commandLine.slice(i + 1, close < 0 ? undefined : close));
    i = close < 0 ? commandLine.length : close + 1;
  } else {
    const end = commandLine.slice(i).search(/[ \t]/);
    argv.push(end < 0 ? commandLine.slice(i) : commandLine.slice(i, i + end));
    i = end < 0 ? commandLine.length : i + end;
  }
  for (;;) {
    while (i < commandLine.length && /[ \t]/.test(commandLine[i]!)) i++;
    if (i >= commandLine.length) return argv;
    let word = "";
    let quoted = false;
    for (; i < commandLine.length; i++) {
      const c = commandLine[i]!;
      if (c === "\\") {
        let n = 0;
        while (commandLine[i + n] === "\\") n++;
        if (commandLine[i + n] === '"') {
          word += "\\".repeat(Math.floor(n / 2));
          i += n;
          if (n % 2 === 1) {
            word += '"';
            continue;
          }
          i--; // the quote is read next, as a quote
          continue;
        }
        word += "\\".repeat(n);
        i += n - 1;
      } else if (c === '"') {
        if (quoted && commandLine[i + 1] === '"') {
          word += '"';
          i++;
        } else quoted = !quoted;
      } else if (!quoted && /[ \t]/.test(c)) break;
      else word += c;
    }
    argv.push(word);
  }
}

/**
 * Runs one command line as cmd.exe does after /C: the command it names gets the line (an .exe
 * splits it by the C runtime's rules); a .cmd file runs its lines in turn with %* standing for
 * the arguments, the way the shim of Install command line tool hands them on.
 */
export function cmdRun(line: string, machine: WindowsMachine, depth = 0): Ran {
  const parsed = removeEscapes(expandCommandLine(line, machine));
  return runParsed(parsed, machine, depth);
}

function runParsed(parsed: string, machine: WindowsMachine, depth: number): Ran {
  const { name, tail } = commandToken(parsed);
  const text = fileOf(machine, name);
  if (text === undefined) throw new WindowsModelError(`'${name}' is not recognized as a command`);
  if (/\.(cmd|bat)$/i.test(name)) {
    if (depth > 3) throw new WindowsModelError("batch files call each other too deeply");
    // cmd.exe reads a batch file in the console's code page (437, 850, 1252...), not UTF-8.
    if (/\P{ASCII}/u.test(text))
      throw new WindowsModelError(`cmd.exe would misread ${name}: it holds more than ASCII`);
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length !== 1) throw new WindowsModelError("the model runs one-line batch files");
    const args = tail.replace(/^[ \t,;=]+/, "");
    const expanded = expandBatchLine(lines[0]!, machine, { file: name, args });
    // `@` at the start of a batch line only stops it being echoed.
    const own = removeEscapes(expanded).replace(/^([ \t]*)@/, "$1");
    return runParsed(own, machine, depth + 1);
  }
  return { program: name, argv: msvcrtArgv(parsed) };
}

/** CreateProcess with no application name: the program from the line, a .cmd through cmd.exe. */
export function createProcess(commandLine: string, machine: WindowsMachine): Ran {
  const program = msvcrtArgv(commandLine)[0] ?? "";
  if (/\.(cmd|bat)$/i.test(program))
    return cmdRun(afterSlashC(`"${commandLine}"`, false, machine), machine);
  if (fileOf(machine, program) === undefined)
    throw new WindowsModelError(`CreateProcess finds no file '${program}'`);
  return { program, argv: msvcrtArgv(commandLine) };
}

/** Node's child_process.exec, as the AWS SDK for JavaScript runs credential_process. */
export function nodeExec(line: string, machine: WindowsMachine): Ran {
  // cmd.exe /d /s /c "<line>": /S takes off the first and the last quote, whatever is between.
  return cmdRun(afterSlashC(`"${line}"`, true, machine), machine);
}

/** Go's syscall.EscapeArg: how exec.Command puts one argument on a Windows command line. */
export function goEscapeArg(s: string): string {
  if (s === "") return '""';
  const needsBackslash = /["\\]/.test(s);
  const hasSpace = /[ \t]/.test(s);
  if (!needsBackslash && !hasSpace) return s;
  if (!needsBackslash) return `"${s}"`;
  let out = hasSpace ? '"' : "";
  let slashes = 0;
  for (const c of s) {
    if (c === "\\") slashes++;
    else if (c === '"') {
      out += "\\".repeat(slashes) + "\\";
      slashes = 0;
    } else slashes = 0;
    out += c;
  }
  if (hasSpace) out += "\\".repeat(slashes) + '"';
  return out;
}

/**
 * The value the AWS SDK for Go v2 reads for `key = value` in the shared config: cut at the first
 * `#` or `;` anywhere (trimComment), trimmed, one pair of surrounding quotes taken off, and `\"`,
 * `\'` and `\n` read as escapes (legacyStrconv).
 */
export function goIniValue(written: string): string {
  let v = written.split(/[#;]/)[0]!.trim();
  if (
    v.length > 2 &&
    ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))
  )
    v = v.slice(1, -1);
  return v.replaceAll('\\"', '"').replaceAll("\\'", "'").replaceAll("\\n", "\n");
}

/** The AWS SDK for Go v2: the value it read, run as exec.Command("cmd.exe", "/C", value). */
export function goRun(written: string, machine: WindowsMachine): Ran {
  const value = goIniValue(written);
  // cmd.exe's own command line is `cmd.exe /C <EscapeArg(value)>`: the text after /C is that.
  return cmdRun(afterSlashC(goEscapeArg(value), false, machine), machine);
}

/**
 * The value the AWS SDK for JavaScript reads: the line up to a `#` or `;` at its start or after
 * whitespace (@smithy shared-ini-file-loader, parseIni), trimmed.
 */
export function jsIniValue(written: string): string {
  return written.split(/(?:^|\s)[;#]/)[0]!.trim();
}
