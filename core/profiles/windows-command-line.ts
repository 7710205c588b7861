// A credential_process line for Windows, where three readers run it three ways:
// - botocore (and the AWS CLI) split it with the C runtime's rules (compat._windows_shell_split)
//   and start the words with subprocess, which joins them again with list2cmdline (quoting only a
//   word with a space or a tab); a .cmd file is then run by cmd.exe /c, which CreateProcess
//   starts for it;
// - the AWS SDK for JavaScript hands the line to cmd.exe /d /s /c "<line>" (child_process.exec);
// - the AWS SDK for Go v2 hands it to exec.Command("cmd.exe", "/C", line), and Go writes every
//   `"` in it as `\"`, which cmd.exe does not read as an escape: a line with any quote in it does
//   not run there (aws/aws-sdk-go-v2#3208). Its INI reader also reads `\n` in a value as a line
//   break and ends the value at the first `#` or `;`.
// So a word is written bare wherever it can be: backslashes are plain to cmd.exe and to the C
// runtime (unless a quote follows), and a path's `\n` is written `\N`, the same folder to Windows,
// whose file names ignore case. A word that cannot be bare (a space, `&`, parentheses) goes in
// double quotes, which botocore and cmd.exe read alike; Go then cannot run the line
// (docs/security.md, "What SSO Tray trusts"). What no reader takes as itself is refused, naming the
// character and the reader: test-support/windows-readers.ts models each reader, and core/profiles
// tests check every line.
import { CommandLineError } from "./command-line-error.js";

export interface WindowsWord {
  value: string;
  what: string;
}

/** Plain to cmd.exe, the C runtime, botocore and both INI readers, in an argument. */
const BARE_ARGUMENT = /^[A-Za-z0-9_\-.,/@+=:]+$/;
/** The same in a path given as an argument (node's script), where backslashes are plain too. */
const BARE_PATH = /^[A-Za-z0-9_\-.,/@+=:~\\]+$/;
/** A command name: cmd.exe ends an unquoted one at `,`, `;`, `=` and `/`. */
const BARE_COMMAND = /^[A-Za-z0-9_\-.@+:~\\]+$/;
/** cmd.exe's operators, taken as such when a .cmd file gets them through botocore. */
const CMD_OPERATORS = /[&|<>()^]/;

function refusal(word: WindowsWord, what: string): CommandLineError {
  const fix =
    word.what === "the command"
      ? "Install ssotray where its path has none."
      : "Rename it or leave it out.";
  return new CommandLineError(
    `SSO Tray will not put ${word.what} ${JSON.stringify(word.value.slice(0, 80))} on a credential_process line for Windows: it holds ${what}. ${fix}`,
  );
}

/** Why `value` cannot be on a Windows line, in words, or undefined. */
function unsafe(value: string, throughCmd: boolean): string | undefined {
  if (value === "") return "nothing";
  if (value.includes('"')) return "a double quote, which no Windows reader keeps inside a word";
  if (value.includes("%")) return "'%', which cmd.exe expands even inside quotes";
  if (value.includes("!")) return "'!', which cmd.exe expands when delayed expansion is on";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return "a control character";
  const wide = /\P{ASCII}/u.exec(value);
  if (wide)
    return `'${wide[0]}', which botocore on Windows reads from ~/.aws/config in the system's ANSI code page, not UTF-8`;
  if (/[#;]/.test(value))
    return `'${/[#;]/.exec(value)![0]}', where the AWS SDKs' config readers start a comment`;
  if (value.endsWith("\\")) return "a backslash at its end, which would escape a closing quote";
  if (throughCmd && CMD_OPERATORS.test(value))
    return `'${CMD_OPERATORS.exec(value)![0]}': botocore starts a .cmd file through cmd.exe without quoting it, where it is an operator`;
  return undefined;
}

/**
 * The words as one line for the Windows readers: the first is the program (a path), then the
 * rest; words of `what: "the command"` are paths. Throws CommandLineError for a word no reader
 * would read back as itself.
 */
export function windowsCommandLine(parts: ReadonlyArray<string | WindowsWord>): string {
  const first = parts[0];
  const program = typeof first === "string" ? first : first?.value;
  const throughCmd = program !== undefined && /\.(cmd|bat)$/i.test(program);
  return parts
    .map((part, i) => {
      const word = typeof part === "string" ? { value: part, what: "an option" } : part;
      const why = unsafe(word.value, throughCmd);
      if (why !== undefined) throw refusal(word, why);
      if (typeof part === "string") {
        if (!BARE_ARGUMENT.test(part)) throw refusal(word, "characters an option never has");
        return part;
      }
      const isPath = word.what === "the command";
      // Go's INI reader reads `\n` as a line break; Windows reads `\N` as the same folder.
      const value = isPath ? word.value.replaceAll("\\n", "\\N") : word.value;
      const bare = i === 0 ? BARE_COMMAND : isPath ? BARE_PATH : BARE_ARGUMENT;
      return bare.test(value) ? value : `"${value}"`;
    })
    .join(" ");
}
