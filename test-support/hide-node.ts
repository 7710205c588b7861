// Test support: runs a shell script where Node.js is not there, as on a machine with only the
// packaged `ssotray`: a private mount namespace (unshare, as root on Linux) with /dev/null bound
// over every node binary the PATH or this process can reach, and no node in PATH either.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Why Node cannot be hidden here, or undefined when it can. */
export function cannotHideNode(): string | undefined {
  if (process.platform !== "linux") return "hiding Node needs Linux mount namespaces";
  if (process.getuid?.() !== 0) return "hiding Node needs root (unshare --mount)";
  const probe = spawnSync("unshare", ["--mount", "--propagation", "private", "true"]);
  if (probe.status !== 0) return `unshare --mount does not work here: ${String(probe.stderr)}`;
  return undefined;
}

/** Every node binary that PATH or this process can reach, as real paths. */
function nodeBinaries(): string[] {
  const found = new Set<string>();
  const candidates = [
    process.execPath,
    ...(process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "node")),
  ];
  for (const candidate of candidates) {
    try {
      if (existsSync(candidate)) found.add(realpathSync(candidate));
    } catch {
      // A PATH entry we cannot read: nothing to hide there.
    }
  }
  return [...found];
}

/**
 * Runs `script` with bash in a private mount namespace where every node binary is /dev/null.
 * The script first proves it: `node` must fail to run.
 */
export async function runWithoutNode(
  script: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  const hide = nodeBinaries()
    .map((file) => `mount --bind /dev/null ${JSON.stringify(file)}`)
    .join("\n");
  const whole = `set -euo pipefail\n${hide}\nif node --version >/dev/null 2>&1; then echo "node still runs" >&2; exit 99; fi\n${script}`;
  return run("unshare", ["--mount", "--propagation", "private", "bash", "-c", whole], {
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
}
