// A test that needs Linux is skipped by name on macOS and Windows, and runs, probing its tool,
// on Linux.
import { describe, expect, it } from "vitest";
import { linuxOnly, onlyOn } from "./platform-only.js";

describe("tests for some systems only", () => {
  it("run on Linux with their title and their probe", () => {
    const gate = linuxOnly("strace's fault injection", "linux");
    expect(gate.runs).toBe(true);
    expect(gate.title("a write killed before its rename")).toBe("a write killed before its rename");
    expect(gate.probe(() => "/usr/bin/strace")).toBe("/usr/bin/strace");
  });

  it("a probe that throws on Linux (a missing tool with CI set) still throws", () => {
    const gate = linuxOnly("strace", "linux");
    expect(() =>
      gate.probe(() => {
        throw new Error("strace is missing");
      }),
    ).toThrow("strace is missing");
  });

  it("are skipped elsewhere with the reason in their title, and never probe", () => {
    const gate = linuxOnly("strace's fault injection", "darwin");
    expect(gate.runs).toBe(false);
    expect(gate.title("a write killed before its rename")).toBe(
      "a write killed before its rename [skipped on macOS: Linux only, strace's fault injection]",
    );
    expect(
      gate.probe(() => {
        throw new Error("probed");
      }),
    ).toBeUndefined();
  });

  it("name every system they run on", () => {
    const gate = onlyOn(["linux", "darwin"], "zsh and fish read the exports back", "win32");
    expect(gate.runs).toBe(false);
    expect(gate.title("zsh reads back")).toBe(
      "zsh reads back [skipped on Windows: Linux and macOS only, zsh and fish read the exports back]",
    );
    expect(onlyOn(["linux", "darwin"], "x", "darwin").runs).toBe(true);
  });
});
