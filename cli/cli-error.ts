// An error the CLI reports as one line on stderr with a chosen exit code.
import { printable } from "../core/portal/portal-shapes.js";

// One rule for every command. 2: the command line is wrong or incomplete (an unknown option, a
// value of the wrong shape, a name that names nothing, a choice only the user can make). 1: the
// command was right but could not be done (no session yet, a sign-in needed or cancelled, the
// network, a file). `exec` passes its command's own status on; a sign-in stopped by Ctrl+C or
// SIGTERM exits 130 or 143.
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** A command stopped by a signal exits as a shell reports it: 128 + the signal's number. */
export const EXIT_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * One line, whatever the error: stderr is read by people and by tools that log one line. Messages
 * may echo what the portal or a file said, so control characters and escapes never get through.
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return printable(message.replace(/\s*\n\s*/g, " ")) || "unexpected error";
}

/** The exit status of a command run for the user (`ssotray exec`): passed on, with no message. */
export class ExitStatus extends CliError {
  constructor(exitCode: number) {
    super(`the command exited with status ${exitCode}`, exitCode);
    this.name = "ExitStatus";
  }
}
