// `npm run simulator` as a newcomer runs it: the line it prints for `ssotray` keeps their own
// ~/.aws out of it, and stopping the simulator takes that throwaway home away.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/program.js";

const root = path.resolve(import.meta.dirname, "..");

describe("npm run simulator", () => {
  it("prints an ssotray line with a throwaway HOME and SSOTRAY_HOME, removed when it stops", async () => {
    const sim = spawn(
      path.join(root, "node_modules", ".bin", "tsx"),
      [path.join(root, "simulator", "cli.ts"), "--accounts", "3"],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    sim.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      sim.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const found = /^ssotray without touching your own ~\/\.aws .*?: +(.*)$/m.exec(stdout)?.[1];
        if (found) resolve(found);
      });
      sim.on("exit", () => reject(new Error(`the simulator ended early: ${stdout}${stderr}`)));
    });
    const words = line.split(" ");
    const assignments = words.filter((w) => /^[A-Z_]+=/.test(w));
    const env = Object.fromEntries(assignments.map((w) => w.split(/=(.*)/s).slice(0, 2)));
    expect(env.HOME).not.toBe(process.env.HOME);
    expect(existsSync(env.HOME!)).toBe(true);
    expect(env.SSOTRAY_HOME!.startsWith(env.HOME!)).toBe(true);
    expect(words.slice(assignments.length).join(" ")).toMatch(
      /^node bin\/ssotray\.mjs login --start-url https:\/\/\S+ --region [a-z0-9-]+$/,
    );
    expect(env.AWS_ENDPOINT_URL_SSO_OIDC).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // The line's environment is a home with nothing in it yet, pointed at this simulator.
    let out = "";
    const code = await runCli(["status", "--json"], env, {
      stdout: (t) => void (out += t),
      stderr: () => undefined,
      stderrIsTTY: false,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([]);

    sim.kill("SIGINT");
    const exit = await new Promise<number | null>((resolve) => sim.on("exit", resolve));
    expect(exit, stderr).toBe(0);
    expect(existsSync(env.HOME!)).toBe(false);
  }, 60_000);
});
