// One command line that every reader of `credential_process` splits into the same words. The AWS
// SDK for JavaScript hands the line to a shell (child_process.exec: /bin/sh -c on POSIX, cmd.exe
// /d /s /c on Windows); botocore splits it itself, with shlex on POSIX and, on Windows, with the
// C runtime's rules (botocore compat.py, _windows_shell_split). Their common ground is a word in
// double quotes that holds none of the characters any of them treats specially there:
// - sh expands `$` and backquotes and reads `\` before `$ \` " \\` and newline inside "…";
// - cmd.exe expands `%` even inside quotes, and `!` when delayed expansion is on;
// - the Windows rules read backslashes before a `"` as escapes.
// So every value goes in double quotes, and a value holding `"`, `$`, backquote, `%`, `!`, a
// control character, or a backslash before another backslash or at the end is refused: ids and
// names are checked long before this (portal-shapes.ts), and this is the wall behind that.

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandLineError";
  }
}

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

/** A command line from words that are already safe as they stand (flags) and values to quote. */
export function commandLine(
  parts: ReadonlyArray<string | { value: string; what: string }>,
): string {
  return parts.map((p) => (typeof p === "string" ? p : quoteArg(p.value, p.what))).join(" ");
}
