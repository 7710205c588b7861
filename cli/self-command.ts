// The command that runs this very `ssotray`, as absolute words, for the credential_process lines
// it writes: a bare `ssotray` works only where it is linked on PATH, and a tool that reads the
// profile (the AWS CLI, an SDK in an IDE) often runs with another PATH or none.
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { windowsShimRuns } from "../core/cli-install/cli-link.js";

export interface SelfProcess {
  execPath: string;
  argv: readonly string[];
  /** The command as it was typed (a link's name or path), which execPath has resolved. */
  argv0?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `windowsShim`: where Install command line tool puts `ssotray.cmd` on Windows. When it runs this
 * executable, lines name it: it stays put, and in a user folder without spaces it needs no
 * quotes, which the AWS SDK for Go cannot pass to cmd.exe (the executable's own folder, SSO Tray,
 * has a space).
 */
export function selfCommand(
  proc: SelfProcess = process,
  isSingleExecutable = singleExecutable(),
  windowsShim?: string,
): string[] {
  // A packaged executable is its own command; under Node it is node and the script it ran.
  const script = proc.argv[1];
  if (isSingleExecutable) {
    if (windowsShim !== undefined && windowsShimRuns(windowsShim, proc.execPath, proc.env ?? {}))
      return [windowsShim];
    return [linkedAs(proc) ?? proc.execPath];
  }
  if (script === undefined) return [proc.execPath];
  const absolute = path.resolve(script);
  let real = absolute;
  try {
    // Through `npm link` or another symlink: the script itself, which stays where it is.
    real = realpathSync(absolute);
  } catch {
    // Gone meanwhile: the check before writing says so.
  }
  return [proc.execPath, real];
}

/**
 * The link the executable was run through (`ssotray` on PATH, ~/.local/bin/ssotray), when it
 * leads to this very executable: that path stays put, while the executable inside an app bundle
 * moves with every update.
 */
function linkedAs(proc: SelfProcess): string | undefined {
  const typed = proc.argv0;
  // A path as typed, or a bare name looked up on PATH as the shell did.
  const candidates =
    typed === undefined
      ? []
      : typed.includes("/") || typed.includes(path.sep)
        ? [path.resolve(typed)]
        : (proc.env?.PATH ?? "")
            .split(path.delimiter)
            .filter((dir) => path.isAbsolute(dir))
            .map((dir) => path.join(dir, typed));
  let self: string;
  try {
    self = realpathSync(proc.execPath);
  } catch {
    return undefined;
  }
  for (const candidate of candidates) {
    try {
      if (candidate !== self && realpathSync(candidate) === self) return candidate;
    } catch {
      // Not there: the next one.
    }
  }
  return undefined;
}

function singleExecutable(): boolean {
  try {
    // node:sea is there from Node 20.12 and only require() reaches it.
    // In the single executable, `require` is the embedder's (built-ins only) and import.meta has
    // no url; in the ESM bundle and under tests, require() comes from createRequire.
    const load = typeof require === "function" ? require : createRequire(import.meta.url);
    const sea = load("node:sea") as { isSea?: () => boolean };
    return sea.isSea?.() ?? false;
  } catch {
    return false;
  }
}
