// Test support: the `ssotray` bundle built for one test file, in a folder of its own (cli.test.ts
// rebuilds dist-cli/ and may run at the same time), removed by `remove()`.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { buildCli } from "../scripts/build-cli.mjs";
import { startSimulator, type Simulator, type SimulatorOptions } from "../simulator/index.js";
import { removeCliHomes } from "./cli-home.js";

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

export interface SimulatorAndBundle {
  sim: Simulator;
  /** The bundle's entry: run it as `node <script> …`. */
  script: string;
}

/**
 * For a test file that runs `ssotray` as processes of its own: a simulator and a bundle built for
 * the file before its tests (not at all when `enabled` is false), and both removed after them,
 * with the homes cliHome() made.
 */
export function simulatorAndOwnBundle(
  prefix: string,
  options: SimulatorOptions,
  enabled = true,
): SimulatorAndBundle {
  const fixture = {} as SimulatorAndBundle;
  let bundle: CliBundle | undefined;
  beforeAll(async () => {
    if (!enabled) return;
    fixture.sim = await startSimulator(options);
    bundle = await ownCliBundle(prefix);
    fixture.script = bundle.script;
  }, 120_000);
  afterAll(async () => {
    await fixture.sim?.close();
    removeCliHomes();
    bundle?.remove();
  });
  return fixture;
}
