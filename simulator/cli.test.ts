// `npm run simulator` as a newcomer runs it: one `export` line keeps their own ~/.aws out of every
// command after it, the commands it suggests work as printed, and stopping the simulator takes
// the throwaway home away. The documentation's own examples run against it in
// scripts/docs-examples.test.ts.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { split } from "shlex";
import { describe, expect, it } from "vitest";
import { runSsotray } from "../test-support/run-ssotray.js";

const root = path.resolve(import.meta.dirname, "..");

/** `ssotray ARGS` in this process; a sign-in link printed with --no-browser is followed. */
function ssotray(env: Record<string, string>, args: string[]) {
  return runSsotray(env, args);
}

describe("npm run simulator", () => {
  it("prints one export line with a throwaway HOME for every later command, and commands that work as printed", async () => {
    const sim = spawn(
      path.join(root, "node_modules", ".bin", "tsx"),
      [path.join(root, "simulator", "cli.ts"), "--accounts", "5", "--authorize-approval", "auto"],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    sim.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      sim.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (/removed when the simulator stops/.test(stdout)) resolve();
      });
      sim.on("exit", () => reject(new Error(`the simulator ended early: ${stdout}${stderr}`)));
    });
    const exportLines = stdout.split("\n").filter((l) => l.startsWith("export "));
    expect(exportLines).toHaveLength(1);
    const env = Object.fromEntries(
      split(exportLines[0]!.slice("export ".length)).map((w) => w.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    expect(env.HOME).not.toBe(process.env.HOME);
    expect(existsSync(env.HOME!)).toBe(true);
    expect(env.SSOTRAY_HOME!.startsWith(env.HOME!)).toBe(true);
    expect(env.AWS_ENDPOINT_URL_SSO_OIDC).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Where the AWS CLI would not follow the endpoints, the user is told before trying it.
    expect(stdout).toMatch(/from v2\.13 on; an older one ignores AWS_ENDPOINT_URL_\*/);

    // Every suggested command runs, as printed, in the line's environment alone.
    const suggested = stdout
      .split("\n")
      .filter((l) => l.startsWith("  node bin/ssotray.mjs "))
      .map((l) => split(l.trim()).slice(2));
    expect(suggested.map((a) => a[0])).toEqual(["login", "creds", "console", "exec"]);
    expect(suggested[1]).toEqual([
      "creds",
      "--account",
      "payments-prod",
      "--role",
      "ReadOnlyAccess",
    ]);
    for (const args of suggested) {
      const [command, ...rest] = args;
      const run =
        command === "login"
          ? [...args, "--no-browser"]
          : command === "exec"
            ? // The AWS CLI may be missing here: any command shows the credentials reached it.
              [
                command!,
                ...rest.slice(0, rest.indexOf("--") + 1),
                process.execPath,
                "-e",
                "process.exit(process.env.AWS_SESSION_TOKEN ? 0 : 3)",
              ]
            : args;
      const result = await ssotray(env, run);
      expect(result.code, `${run.join(" ")}: ${result.stderr}`).toBe(0);
    }

    sim.kill("SIGINT");
    const exit = await new Promise<number | null>((resolve) => sim.on("exit", resolve));
    expect(exit, stderr).toBe(0);
    expect(existsSync(env.HOME!)).toBe(false);
  }, 60_000);
});
