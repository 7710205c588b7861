// Test support: run a command in a mount namespace of its own (`unshare -m`), where the test can
// mount a read-only view of a folder or a tiny tmpfs that fills up, so that the command meets a
// real EROFS or ENOSPC. The mounts vanish with the namespace: nothing to clean up, nothing seen
// outside it. Needs root (or CAP_SYS_ADMIN); `canMount` says whether this machine allows it.
import { spawn, spawnSync } from "node:child_process";
import { linuxOnly } from "./platform-only.js";

/** Mount namespaces are Linux's. */
export const mountGate = linuxOnly("they mount in a private mount namespace (unshare)");

export const canMount: boolean = (() => {
  if (!mountGate.runs) return false;
  const probe = spawnSync("unshare", ["-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"], {
    stdio: "ignore",
  });
  if (probe.status !== 0)
    console.warn(
      "unshare -m with mount is not allowed here: skipping the full and read-only disk tests",
    );
  return probe.status === 0;
})();

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` (sh) in a new mount namespace with `args` as $1...; the script mounts what it
 * needs first. Not awaited in turn: a simulator in the test's process must keep answering.
 */
export function inMountNamespace(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn("unshare", ["-m", "sh", "-euc", script, "sh", ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Shell: make "$HOME" read-only inside the namespace (a read-only bind mount of itself). */
export const READ_ONLY_HOME = 'mount --bind "$HOME" "$HOME"; mount -o remount,ro,bind "$HOME"';
