// The project's .npmrc turns npm's warnings off (see the comment there): this runs the install
// with them on, offline and without writing anything, and fails on any warning but the known
// engine notices of Electron's toolchain, which must still load on the Node running the tests.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
/** Declare Node >=22.12 (the first 22.x with require() of ES modules) and run on >=20.19. */
const KNOWN_ENGINE_NOTICES = [
  "@electron-internal/extract-zip",
  "@electron/fuses",
  "@electron/get",
  "@electron/rebuild",
  "electron",
  "node-abi",
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-npm-install-"));
  for (const file of ["package.json", "package-lock.json", ".npmrc"])
    copyFileSync(path.join(root, file), path.join(dir, file));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm ci` planned from the lockfile alone: nothing fetched, nothing installed. */
async function dryInstall(...extra: string[]): Promise<string> {
  // Variables npm sets for a script it runs would reach this npm as configuration.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const { stdout, stderr } = await run(
    "npm",
    [
      "ci",
      "--dry-run",
      "--ignore-scripts",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--cache",
      path.join(dir, "cache"),
      ...extra,
    ],
    { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout + stderr;
}

describe("npm install", () => {
  it("is quiet with the project's settings", async () => {
    const output = await dryInstall();
    expect(output).not.toMatch(/npm (warn|WARN)/);
  }, 60_000);

  it("would warn about nothing but the known engine notices, on a Node the project supports", async () => {
    const wanted = (
      JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
        engines: { node: string };
      }
    ).engines.node;
    expect(wanted).toMatch(/^>=\d+\.\d+$/);
    expect(atLeast(process.version, wanted.slice(2))).toBe(true);

    const warnings = (await dryInstall("--loglevel=warn"))
      .split("\n")
      .filter((line) => /^npm warn/i.test(line));
    const other = warnings.filter((line) => !line.startsWith("npm warn EBADENGINE"));
    expect(other, "npm warns about something the project's .npmrc would hide").toEqual([]);
    const packages = warnings
      .map((line) => /package: '(.+)@[^@]+'/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect([...new Set(packages)].sort()).toEqual(
      atLeast(process.version, "22.12") ? [] : KNOWN_ENGINE_NOTICES,
    );
  }, 60_000);

  it("the packages behind those notices load on this Node", async () => {
    // electron's own code run under Node is its installer, which loads @electron/get.
    const load = KNOWN_ENGINE_NOTICES.filter((name) => name !== "electron")
      .map((name) => `require(${JSON.stringify(name)});`)
      .join("");
    const { stdout } = await run(process.execPath, ["-e", `${load}console.log("loaded")`], {
      cwd: root,
    });
    expect(stdout.trim()).toBe("loaded");
  });
});

/** Whether "v20.20.2" is at least "20.19". */
function atLeast(version: string, floor: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  const [wantMajor = 0, wantMinor = 0] = floor.split(".").map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}
