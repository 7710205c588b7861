import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT_USAGE } from "./cli-error.js";
import { runCli } from "./program.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function cli(args: string[]) {
  const home = await mkdtemp(path.join(os.tmpdir(), "ssotray-program-"));
  dirs.push(home);
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    args,
    {
      HOME: home,
      SSOTRAY_HOME: path.join(home, "data"),
      AWS_CONFIG_FILE: path.join(home, "config"),
    },
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false },
  );
  return { code, stdout, stderr };
}

describe("ssotray without a command", () => {
  it.each([[[]], [["config"]]])(
    "%j prints its help, and only its help, as a usage error",
    async (args) => {
      const { code, stdout, stderr } = await cli(args);
      expect(code).toBe(EXIT_USAGE);
      expect(stdout + stderr).toMatch(/^Usage: ssotray/m);
      expect(stdout + stderr).not.toContain("outputHelp");
    },
  );

  it("--help is not an error", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: ssotray/m);
  });
});
