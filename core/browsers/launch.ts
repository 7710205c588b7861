// Starts a browser (or the system's opener) and tells whether it failed. Openers such as xdg-open
// end at once with a status (3 on a Linux without a desktop); a browser started fresh keeps
// running. So: a non-zero exit or a signal within the first moments is a failure, and a program
// still running then, or one that ended with 0, has done its job.
import { spawn } from "node:child_process";
import type { ConsoleBrowser } from "../../shared/console-browser.js";
import { consoleLaunchCommand, type LaunchCommand } from "./launch-command.js";

type Env = Record<string, string | undefined>;

/** How long a launch may take to fail before it counts as started. */
export const LAUNCH_SETTLE_MS = 3000;

export class BrowserLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrowserLaunchError";
  }
}

export function launch(
  command: LaunchCommand,
  options: { env: Env; settleMs?: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.program, command.args, {
      // Its output is not ours to show, and a pipe we close later could end a browser with SIGPIPE.
      stdio: "ignore",
      detached: true,
      shell: false,
      windowsHide: false,
      env: options.env as NodeJS.ProcessEnv,
    });
    let settled = false;
    const done = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.unref();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(), options.settleMs ?? LAUNCH_SETTLE_MS);
    child.once("error", (error) =>
      done(new BrowserLaunchError(`Could not start ${command.label}: ${error.message}`)),
    );
    child.once("exit", (code, signal) => {
      if (code === 0) return done();
      done(
        new BrowserLaunchError(
          `${command.label} ${signal ? `was ended by ${signal}` : `exited with status ${code}`} without opening the link`,
        ),
      );
    });
  });
}

export interface OpenOptions {
  env: Env;
  platform?: NodeJS.Platform;
  exists?: (file: string) => boolean;
  settleMs?: number;
}

/** Opens a console link where the user chose; rejects when the browser is missing or fails. */
export async function openConsoleIn(
  choice: ConsoleBrowser,
  url: string,
  options: OpenOptions,
): Promise<void> {
  const command = consoleLaunchCommand(choice, url, {
    env: options.env,
    platform: options.platform ?? process.platform,
    ...(options.exists ? { exists: options.exists } : {}),
  });
  await launch(command, {
    env: options.env,
    ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
  });
}
