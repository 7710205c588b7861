// `npm run demo` without Electron's binary: the simulator stays up for the CLI line it prints,
// and Ctrl+C takes the throwaway home away.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/program.js";

const root = path.resolve(import.meta.dirname, "..");

describe("npm run demo", () => {
  it("prints a CLI line with every variable the app runs with, and removes its home on Ctrl+C", async () => {
    const demo = spawn(
      path.join(root, "node_modules", ".bin", "tsx"),
      [path.join(root, "scripts", "demo.ts")],
      {
        cwd: root,
        // No binary, and Electron's installer fails at once: its mirror is a closed port.
        env: {
          ...process.env,
          ELECTRON_OVERRIDE_DIST_PATH: "/nonexistent/electron-dist",
          ELECTRON_MIRROR: "http://127.0.0.1:9/",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    demo.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      demo.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const found = /^The CLI shares the sign-in: +(.*)$/m.exec(stdout)?.[1];
        if (found) resolve(found);
      });
      demo.on("exit", () => reject(new Error(`the demo ended early: ${stdout}${stderr}`)));
    });
    const words = line.split(" ");
    const assignments = words.filter((w) => /^[A-Z_]+=/.test(w));
    const env = Object.fromEntries(assignments.map((w) => w.split(/=(.*)/s).slice(0, 2)));
    expect(Object.keys(env).sort()).toEqual(
      expect.arrayContaining([
        "AWS_ENDPOINT_URL_SSO",
        "AWS_ENDPOINT_URL_SSO_OIDC",
        "HOME",
        "SSOTRAY_HOME",
      ]),
    );
    expect(words.slice(assignments.length, assignments.length + 2)).toEqual([
      "node",
      "bin/ssotray.mjs",
    ]);
    expect(env.SSOTRAY_HOME!.startsWith(env.HOME!)).toBe(true);

    // The line's environment reaches the demo's session.
    let out = "";
    const code = await runCli(["status", "--json"], env, {
      stdout: (t) => void (out += t),
      stderr: () => undefined,
      stderrIsTTY: false,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject([
      { name: "demo", state: "signed-out", accountAccessTenant: "aa-example" },
    ]);

    // The installer's failure comes in its own time (it starts a Node process of its own).
    await expect.poll(() => stderr, { timeout: 30_000 }).toMatch(/try the command line above/);
    demo.kill("SIGINT");
    const exit = await new Promise<number | null>((resolve) => demo.on("exit", resolve));
    expect(exit, stderr).toBe(0);
    // Without the app there is nothing to click: only the command line is offered.
    expect(stdout).not.toMatch(/In the app/);
    expect(stderr).toMatch(/try the command line above/);
    expect(existsSync(env.HOME!)).toBe(false);
  }, 60_000);
});
