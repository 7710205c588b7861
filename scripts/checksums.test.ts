// SHA256SUMS as the release attaches it: what `sha256sum --check` (or macOS's `shasum -a 256
// --check`) accepts, over exactly the files beside it.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksumLine, checksums } from "./checksums.mjs";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "checksums.mjs");
// FIPS 180-2's test vector: the SHA-256 of "abc".
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-checksums-"));
  writeFileSync(path.join(dir, "SSO-Tray-1.2.3.AppImage"), "abc");
  writeFileSync(path.join(dir, "SSO-Tray-1.2.3-arm64.dmg"), "");
  writeFileSync(path.join(dir, "ssotray-win-x64.exe"), Buffer.alloc(70_000, 7));
  mkdirSync(path.join(dir, "cli"));
  writeFileSync(path.join(dir, "cli", "ssotray-linux-x64"), "not summed: in a folder");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SHA256SUMS", () => {
  it("has one line per file, sorted by name, in sha256sum's format", async () => {
    const lines = (await checksums(dir)).split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(0, -1).map((line) => line.slice(66))).toEqual([
      "SSO-Tray-1.2.3-arm64.dmg",
      "SSO-Tray-1.2.3.AppImage",
      "ssotray-win-x64.exe",
    ]);
    expect(lines[1]).toBe(`${ABC}  SSO-Tray-1.2.3.AppImage`);
  });

  // Windows has neither checker: there the format is held to by the test above.
  it.skipIf(process.platform === "win32")(
    "is accepted by the system's own checker, and names a file that changed",
    async () => {
      const out = path.join(dir, "SHA256SUMS");
      await run(process.execPath, [script, dir, "--out", out]);
      const checker =
        process.platform === "darwin"
          ? ["shasum", ["-a", "256", "--check", "SHA256SUMS"]]
          : ["sha256sum", ["--check", "SHA256SUMS"]];
      const [command, args] = checker as [string, string[]];
      const ok = await run(command, args, { cwd: dir });
      expect(ok.stdout).toContain("ssotray-win-x64.exe: OK");
      // The sums file leaves itself out.
      expect(ok.stdout).not.toContain("SHA256SUMS:");
      writeFileSync(path.join(dir, "SSO-Tray-1.2.3.AppImage"), "abd");
      try {
        await expect(run(command, args, { cwd: dir })).rejects.toMatchObject({
          stdout: expect.stringContaining("SSO-Tray-1.2.3.AppImage: FAILED"),
        });
      } finally {
        writeFileSync(path.join(dir, "SSO-Tray-1.2.3.AppImage"), "abc");
        rmSync(out);
      }
    },
  );

  it("refuses a name sha256sum would escape, saying what to do", () => {
    expect(() => checksumLine(ABC, "evil\nname")).toThrow(/newline or a backslash.*rename/);
    expect(() => checksumLine(ABC, "back\\slash")).toThrow(/backslash/);
    expect(() => checksumLine("ABC", "x")).toThrow(/64 lowercase hex/);
  });

  it("fails with a message, not an empty file, when there is nothing to sum", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "ssotray-checksums-empty-"));
    try {
      await expect(run(process.execPath, [script, empty])).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`No files to sum in ${empty}`),
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
