// A release built without the signing secrets says so at the top of its notes, per system.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { unsignedNotice } from "./release-notes.mjs";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "release-notes.mjs");

describe("the release notes' notice", () => {
  it("is empty for a signed release", () => {
    expect(unsignedNotice({ macos: true, windows: true })).toBe("");
  });

  it("names each unsigned system and what a user does to open it", () => {
    const both = unsignedNotice({ macos: false, windows: false });
    expect(both).toMatch(/^### Unsigned build\n/);
    expect(both).toContain("macOS: not signed or not notarised");
    expect(both).toContain("xattr -dr com.apple.quarantine");
    expect(both).toContain("no Homebrew cask");
    expect(both).toContain("Windows: not signed.** SmartScreen asks once");
    const macOnly = unsignedNotice({ macos: false, windows: true });
    expect(macOnly).toContain("macOS");
    expect(macOnly).not.toContain("Windows");
  });

  it("refuses an output that is not true or false, so a miswired job is not read as signed", async () => {
    const { stdout } = await run(process.execPath, [
      script,
      "--macos-signed",
      "true",
      "--windows-signed",
      "false",
    ]);
    expect(stdout).toContain("Windows: not signed");
    await expect(
      run(process.execPath, [script, "--macos-signed", "", "--windows-signed", "true"]),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--macos-signed must be true or false (got '')"),
    });
  });
});
