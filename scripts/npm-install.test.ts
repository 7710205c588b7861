// `npm ci` with the project's package.json, lockfile and .npmrc, planned offline and without
// writing anything: warnings on, it warns about nothing (an engine notice, an install script that
// package.json's allowScripts does not cover), and on a Node older than engines it refuses.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-npm-install-"));
  for (const file of ["package.json", "package-lock.json", ".npmrc"])
    copyFileSync(path.join(root, file), path.join(dir, file));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm ci` planned from the lockfile alone: nothing fetched, nothing installed, no script run. */
async function dryInstall(cwd: string, ...extra: string[]): Promise<string> {
  // Variables npm sets for a script it runs would reach this npm as configuration.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const { stdout, stderr } = await run(
    "npm",
    [
      "ci",
      "--dry-run",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--cache",
      path.join(dir, "cache"),
      ...extra,
    ],
    { cwd, env, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout + stderr;
}

describe("npm install", () => {
  it("warns about nothing, on a Node the project supports", async () => {
    const wanted = (
      JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
        engines: { node: string };
      }
    ).engines.node;
    expect(wanted).toMatch(/^>=\d+\.\d+$/);
    expect(atLeast(process.version, wanted.slice(2))).toBe(true);

    const warnings = (await dryInstall(dir, "--loglevel=warn"))
      .split("\n")
      .filter((line) => /^npm warn/i.test(line));
    expect(warnings).toEqual([]);
  }, 60_000);

  it("stops on a Node older than engines asks for", async () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
      engines: { node: string };
    };
    const older = path.join(dir, "older");
    // The same project asking for a Node that is not out yet: what an old Node sees of it.
    mkdirSync(older);
    copyFileSync(path.join(dir, "package-lock.json"), path.join(older, "package-lock.json"));
    copyFileSync(path.join(dir, ".npmrc"), path.join(older, ".npmrc"));
    writeFileSync(
      path.join(older, "package.json"),
      JSON.stringify({ ...manifest, engines: { node: ">=999.0" } }),
    );
    const failed = await dryInstall(older).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(
      /EBADENGINE[\s\S]*Required: \{"node":">=999\.0"\}/,
    );
  }, 60_000);
});

/** Whether "v22.23.3" is at least "22.12". */
function atLeast(version: string, floor: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  const [wantMajor = 0, wantMinor = 0] = floor.split(".").map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}
