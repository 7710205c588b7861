// One command line that every reader of `credential_process` splits into the same words. The AWS
// SDK for JavaScript hands the line to a shell (child_process.exec: /bin/sh -c on POSIX, cmd.exe
// /d /s /c on Windows), as do the AWS SDK for Go v2 (sh -c / cmd.exe /C) and Ruby's (Open3, a shell
// for any line with a quote or backslash); botocore and the AWS CLI split it themselves, with shlex
// on POSIX and, on Windows, with the C runtime's rules (botocore compat.py, _windows_shell_split).
// Their common ground is a word of plain characters as it stands, or a word in double quotes that
// holds none of the characters any of them treats specially there:
// - sh expands `$` and backquotes and reads `\` before `$ \` " \\` and newline inside "…";
// - cmd.exe expands `%` even inside quotes, and `!` when delayed expansion is on;
// - the Windows rules read backslashes before a `"` as escapes.
// So a value that needs quoting goes in double quotes, and a value holding `"`, `$`, backquote, `%`,
// `!`, a control character, or a backslash before another backslash or at the end is refused: ids
// and names are checked long before this (portal-shapes.ts), and this is the wall behind that.
//
// Quoting only what needs it is for the AWS SDK for Go v2 (config 1.17, Debian's): its INI reader
// takes a value that starts with `"` as one quoted string and drops the rest of the line, so
// `"/usr/bin/node" "/x/ssotray.mjs" …` runs just /usr/bin/node. The first word is therefore never
// quoted on POSIX: a command path with spaces gets a backslash before each character that needs
// one, which sh, shlex and Go (which keeps the line as it is for sh) all read back the same.

import { CommandLineError } from "./command-line-error.js";
import { windowsCommandLine } from "./windows-command-line.js";

export { CommandLineError };

const UNSAFE = /["$`%!\p{Cc}\u2028\u2029]|\\(?=\\|$)/u;

/** `value` in double quotes, read back as itself by sh, shlex and Windows; or a CommandLineError. */
export function quoteArg(
  value: string,
  what = "an argument",
  where = "a credential_process line",
): string {
  const bad = UNSAFE.exec(value);
  if (value === "" || bad) {
    const char = bad ? JSON.stringify(bad[0]) : "nothing";
    throw new CommandLineError(
      `SSO Tray will not put ${what} ${JSON.stringify(value.slice(0, 60))} on ${where}: it holds ${char}, which a shell or Windows would read differently. Rename it or leave it out.`,
    );
  }
  return `"${value}"`;
}

/** Characters that mean nothing to sh, cmd.exe, shlex, the Windows rules or Go's INI reader. */
const PLAIN = /^[A-Za-z0-9_\-.,/@+=:]+$/;
const NOT_PLAIN = /[^A-Za-z0-9_\-.,/@+=:]/g;

/** `value` as it stands when nothing in it needs quoting, else as quoteArg() puts it. */
export function wordArg(value: string, what = "an argument"): string {
  return PLAIN.test(value) ? value : quoteArg(value, what);
}

/**
 * A command line from words that are already safe as they stand (flags) and values, each quoted
 * only when it needs it; the command itself is escaped with backslashes on POSIX, never quoted.
 * Windows has readers of its own (windows-command-line.ts).
 */
export function commandLine(
  parts: ReadonlyArray<string | { value: string; what: string }>,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === "win32") return windowsCommandLine(parts);
  return parts
    .map((p, i) => {
      if (typeof p === "string") return p;
      // The line sits in ~/.aws/config: the JavaScript SDK ends a value at ` #` or ` ;`, and the
      // Go SDK's reader (since 2023) at any `#` or `;`, quoted or not.
      const comment = /[#;]/.exec(p.value);
      if (comment)
        throw new CommandLineError(
          `SSO Tray will not put ${p.what} ${JSON.stringify(p.value.slice(0, 60))} on a credential_process line: it holds ${JSON.stringify(comment[0])}, where the AWS SDKs' config readers start a comment. Rename it or leave it out.`,
        );
      if (i > 0 || PLAIN.test(p.value)) return wordArg(p.value, p.what);
      quoteArg(p.value, p.what); // the same refusals
      return p.value.replace(NOT_PLAIN, "\\$&");
    })
    .join(" ");
}
