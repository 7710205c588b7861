// The command that runs this very `ssotray`, as absolute words, for the credential_process lines
// it writes: a bare `ssotray` works only where it is linked on PATH, and a tool that reads the
// profile (the AWS CLI, an SDK in an IDE) often runs with another PATH or none.
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export function selfCommand(
  proc: { execPath: string; argv: readonly string[] } = process,
  isSingleExecutable = singleExecutable(),
): string[] {
  // A packaged executable is its own command; under Node it is node and the script it ran.
  const script = proc.argv[1];
  if (isSingleExecutable || script === undefined) return [proc.execPath];
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

function singleExecutable(): boolean {
  try {
    // node:sea is there from Node 20.12 and only require() reaches it.
    const sea = createRequire(import.meta.url)("node:sea") as { isSea?: () => boolean };
    return sea.isSea?.() ?? false;
  } catch {
    return false;
  }
}
