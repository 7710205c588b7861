// The release tag and package.json agree, or the release stops before building anything.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { releaseVersion } from "./release-version.mjs";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "release-version.mjs");
const { version } = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8"),
) as { version: string };

describe("the release version", () => {
  it("is the tag without its v when package.json says the same", () => {
    expect(releaseVersion("v1.2.3", "1.2.3")).toBe("1.2.3");
    expect(releaseVersion("v2.0.0-beta.1", "2.0.0-beta.1")).toBe("2.0.0-beta.1");
  });

  it("refuses a tag that is not v and a version", () => {
    for (const tag of ["1.2.3", "v1.2", "v01.2.3", "v1.2.3; rm -rf /", "vnext", ""])
      expect(() => releaseVersion(tag, "1.2.3"), tag).toThrow(/e\.g\. v1\.2\.3/);
  });

  it("refuses a tag package.json disagrees with, saying what to change", () => {
    expect(() => releaseVersion("v1.2.4", "1.2.3")).toThrow(
      'The tag v1.2.4 does not match package.json\'s version 1.2.3: set "version": "1.2.4"',
    );
  });

  it("prints the line for $GITHUB_OUTPUT, or an ::error:: for the log", async () => {
    const { stdout } = await run(process.execPath, [script, `v${version}`]);
    expect(stdout).toBe(`version=${version}\n`);
    await expect(run(process.execPath, [script, "v999.0.0"])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^::error::The tag v999\.0\.0 does not match/),
    });
  });
});
