import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const start = path.resolve(import.meta.dirname, "start.mjs");

describe("npm start without Electron's binary", () => {
  it("says in a few lines what happened and what to do, with no stack trace", async () => {
    const result = await run(process.execPath, [start], {
      env: { PATH: process.env.PATH, ELECTRON_OVERRIDE_DIST_PATH: "/nonexistent/electron-dist" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Electron's binary is not installed");
    expect(result.stderr).toContain("node node_modules/electron/install.js");
    expect(result.stderr).toContain("ELECTRON_MIRROR");
    expect(result.stderr).toContain("npm run demo");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.split("\n").length).toBeLessThan(10);
  });
});
