// Colour for what a person reads on a terminal: states, warnings and errors. Off when the stream
// is not a terminal (a pipe, a file, a script reading JSON); NO_COLOR (https://no-color.org) turns
// it off whatever else says; FORCE_COLOR turns it on where no terminal is, as Node's own tools do.
import { styleText } from "node:util";

export type Env = Record<string, string | undefined>;
type Format = Parameters<typeof styleText>[0];

/** Paints text in a style, or returns it as it is when colour is off. */
export type Paint = (format: Format, text: string) => string;

export function colourWanted(env: Env, isTTY: boolean): boolean {
  if ((env.NO_COLOR ?? "") !== "") return false;
  const force = env.FORCE_COLOR;
  // FORCE_COLOR=0 or false asks for none; any other value (even empty) for colour.
  if (force !== undefined) return !["0", "false"].includes(force.toLowerCase());
  return isTTY && env.TERM !== "dumb";
}

export function painter(on: boolean): Paint {
  // styleText's own check looks at process.stdout and process.env; ours has decided already.
  return on ? (format, text) => styleText(format, text, { validateStream: false }) : (_, t) => t;
}

/** One painter per stream, each by whether that stream is a terminal. */
export function terminalPaint(
  env: Env,
  io: { stdoutIsTTY?: boolean; stderrIsTTY: boolean },
): { stdout: Paint; stderr: Paint } {
  return {
    stdout: painter(colourWanted(env, io.stdoutIsTTY ?? false)),
    stderr: painter(colourWanted(env, io.stderrIsTTY)),
  };
}

/** Session states as `status` shows them: fine, soon to need you, needs you now. */
export function stateStyle(state: string): Format {
  if (state === "signed-in") return "green";
  if (state === "expiring") return "yellow";
  if (state === "sign-in-needed") return "red";
  return "dim";
}
