// vitest globalSetup: one temporary folder for the whole run, made the TMPDIR of every worker and
// of every process they start (shells, the AWS CLI, Chromium), and removed when the run ends, so
// a run leaves nothing in the system's temporary folder whatever a test forgot to remove.
// SSOTRAY_TEST_TMP_REPORT=1 prints how many folders the tests left for this to remove.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), "ssotray-tests-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length > 0 && process.env.SSOTRAY_TEST_TMP_REPORT) {
      const byPrefix = new Map<string, number>();
      for (const name of left) {
        const prefix = name.replace(/[-_]?[A-Za-z0-9]{6}$/, "");
        byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
      }
      console.info(
        `${left.length} temporary folders left by tests were removed with ${root}: ` +
          [...byPrefix].map(([prefix, n]) => `${prefix} ×${n}`).join(", "),
      );
    }
  };
}
