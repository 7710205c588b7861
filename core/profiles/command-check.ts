// Before profiles name a command on their credential_process lines, that command is run once
// (`--version`): a line that cannot run fails much later, inside another tool, with
// "[Errno 2] No such file or directory", far from whoever wrote it.
import { exec, execFile } from "node:child_process";
import { CommandLineError } from "./command-line-error.js";
import { windowsCommandLine } from "./windows-command-line.js";

const CHECK_TIMEOUT_MS = 15_000;

export function checkCommand(
  words: readonly string[],
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const [file, ...args] = words;
  const shown = words.join(" ");
  if (file === undefined)
    return Promise.reject(
      new CommandLineError("No command was given for credential_process lines"),
    );
  let start: (
    options: { timeout: number; windowsHide: boolean; encoding: "utf8" },
    done: (error: (Error & { killed?: boolean }) | null, stdout: string, stderr: string) => void,
  ) => void;
  if (platform === "win32") {
    // Node starts no .cmd file (the app's shim) without a shell (CVE-2024-27980), and the line
    // is run through cmd.exe anyway: checked as the AWS SDK for JavaScript will run it.
    let line: string;
    try {
      line = windowsCommandLine([
        ...words.map((value) => ({ value, what: "the command" })),
        "--version",
      ]);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    start = (options, done) => exec(line, options, done);
  } else start = (options, done) => execFile(file, [...args, "--version"], options, done);
  return new Promise((resolve, reject) => {
    start(
      { timeout: CHECK_TIMEOUT_MS, windowsHide: true, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (!error && stdout.trim() !== "") return resolve();
        const why = !error
          ? "it printed nothing"
          : (error as NodeJS.ErrnoException).code === "ENOENT"
            ? "there is no such file"
            : error.killed
              ? `it did not finish within ${CHECK_TIMEOUT_MS / 1000} s`
              : firstError(stderr) || error.message;
        reject(
          new CommandLineError(
            `The credential_process command '${shown} --version' did not run (${why}); no profile was written. Run ssotray from where it is installed, e.g. node /path/to/sso-tray/bin/ssotray.mjs`,
          ),
        );
      },
    );
  });
}

/** The line of stderr that says what went wrong: the first naming an error, else the last. */
function firstError(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return (lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? "").slice(0, 300);
}
