// Test support: a folder that the test process really cannot write to. chmod alone does not stop
// root (tests run as root in containers and CI), so as root the folder is made immutable with
// `chattr +i`, which stops root too; as another user, chmod a-w does. Imported by tests only.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmdirSync } from "node:fs";
import { chmod } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const isRoot = process.getuid?.() === 0;

function chattr(flag: "+i" | "-i", folder: string): boolean {
  return spawnSync("chattr", [flag, folder], { stdio: "ignore" }).status === 0;
}

/** Whether this process can make a folder read-only for itself (chattr needs a file system that has it). */
export const canMakeReadOnly: boolean = (() => {
  if (!isRoot) return true;
  const probe = mkdtempSync(path.join(os.tmpdir(), "ssotray-chattr-"));
  const works = chattr("+i", probe) && chattr("-i", probe);
  rmdirSync(probe);
  if (!works) {
    // A container without CAP_LINUX_IMMUTABLE cannot do this at all, CI included; the tests with
    // a file standing where the folder belongs still run there and reach the same messages.
    console.warn(
      "chattr +i does not work here, so root cannot be kept out of a folder: skipping the read-only folder tests",
    );
  }
  return works;
})();

/** Makes `folder` unwritable for this process until the returned function is called. */
export async function readOnlyFolder(folder: string): Promise<() => Promise<void>> {
  if (isRoot) {
    if (!chattr("+i", folder)) throw new Error(`chattr +i ${folder} failed`);
    return async () => {
      chattr("-i", folder);
    };
  }
  await chmod(folder, 0o500);
  return () => chmod(folder, 0o700);
}
