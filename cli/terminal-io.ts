// What a command writes to and asks on: stdout and stderr, whether each is a terminal, and a
// yes/no prompt when someone is there to answer. Warnings and progress lines go to stderr, the
// first as one printable line each, the second only where a person watches it being redrawn.
import { printable } from "../core/portal/portal-shapes.js";
import type { Paint } from "./terminal-colour.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress lines are drawn only then). */
  stderrIsTTY: boolean;
  /** Whether stdout is a terminal (colour only then, unless FORCE_COLOR). */
  stdoutIsTTY?: boolean;
  /** Asks a yes/no question on the terminal; absent when nobody is there to answer. */
  confirm?: (question: string) => Promise<boolean>;
}

/** Warns on stderr, one line each, shown rather than obeyed (it may quote a file or the portal). */
export function warnOnce(io: Io, paint: Paint): (message: string) => void {
  // Once per run: a damaged cache is read both for the answer and by the sync that replaces it.
  const warned = new Set<string>();
  return (message) => {
    if (warned.has(message)) return;
    warned.add(message);
    io.stderr(`${paint("yellow", "warning:")} ${printable(message)}\n`);
  };
}

/**
 * Runs `work` with a line on stderr it may redraw (`draw`, only when stderr is a terminal), and
 * clears that line afterwards, whether the work succeeded or not.
 */
export async function withProgressLine<T>(
  io: Io,
  work: (draw: ((text: string) => void) | undefined) => Promise<T>,
): Promise<T> {
  const draw = io.stderrIsTTY ? (text: string) => io.stderr(`\r\x1b[K${text}`) : undefined;
  try {
    return await work(draw);
  } finally {
    if (draw) io.stderr("\r\x1b[K");
  }
}
