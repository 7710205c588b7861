// Test support: the `ssotray` bundle built for one test file, in a folder of its own (cli.test.ts
// rebuilds dist-cli/ and may run at the same time), removed by `remove()`.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildCli } from "../scripts/build-cli.mjs";

export interface CliBundle {
  /** The built entry: run it as `node <script> …`. */
  script: string;
  remove(): void;
}

export async function ownCliBundle(prefix: string): Promise<CliBundle> {
  const work = mkdtempSync(path.join(os.tmpdir(), `ssotray-${prefix}-`));
  await buildCli({ quiet: true, outdir: path.join(work, "dist-cli") });
  return {
    script: path.join(work, "dist-cli", "ssotray.mjs"),
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
}
