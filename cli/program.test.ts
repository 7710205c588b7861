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

describe("a mistyped option", () => {
  it.each([
    [
      ["creds", "--acount", "x", "--role", "r"],
      "unknown option '--acount' (Did you mean --account?)",
    ],
    [
      ["exec", "--acount", "x", "--role", "r", "--", "true"],
      "unknown option '--acount' (Did you mean --account?)",
    ],
    [["status", "--jsn"], "unknown option '--jsn' (Did you mean --json?)"],
  ])("%j is named as unknown, with the closest option", async (args, said) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toBe(`ssotray: ${said}\n`);
  });

  it("a missing required option is still said, once nothing is misspelt", async () => {
    const { code, stderr } = await cli(["creds", "--role", "r"]);
    expect(code).toBe(EXIT_USAGE);
    // --account is needed unless --profile names the role (a chained or SSO profile).
    expect(stderr).toBe(
      "ssotray: Name the role: --account and --role (with --session when there are several), or --profile (or --role-arn for an account access entitlement)\n",
    );
  });
});

describe("a mistyped region", () => {
  it.each([
    [["creds", "--account", "111111111111", "--role", "r", "--region", "eu-wset-1"]],
    [["exec", "--account", "111111111111", "--role", "r", "--region", "eu-wset-1", "--", "true"]],
    [["config", "populate", "--dry-run", "--region", "eu-wset-1"]],
    [["login", "--start-url", "https://acme.awsapps.com/start", "--region", "eu-wset-1"]],
  ])("%j is refused, with the closest real region", async (args) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toMatch(/'eu-wset-1'.*; did you mean eu-west-1\?\n$/);
  });
});
