// `npm run simulator` as a newcomer runs it: one `export` line keeps their own ~/.aws out of every
// command after it, the commands it suggests work as printed, and stopping the simulator takes
// the throwaway home away. The README's own command examples work against it too.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { split } from "shlex";
import { afterAll, describe, expect, it } from "vitest";
import { runSsotray } from "../test-support/run-ssotray.js";
import { startSimulator } from "./index.js";

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

/** A stand-in browser that asks for the page it is given, as a real one does, and ends. */
function fetchingBrowser(dir: string): string {
  const file = path.join(dir, "browser");
  writeFileSync(
    file,
    `#!/bin/sh\nexec "${process.execPath}" -e 'fetch(process.argv[1], { redirect: "manual" }).catch(() => {})' "$1"\n`,
    { mode: 0o755 },
  );
  return file;
}

describe("the README's command examples", () => {
  // The README names an account access tenant (aa-example) and one of its roles.
  const sim = startSimulator({
    accounts: 20,
    exampleAccounts: true,
    accountAccessTenant: "aa-example",
  });
  afterAll(async () => (await sim).close());

  it("work as written against the simulator's example accounts", async () => {
    const s = await sim;
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const block = /From a terminal[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-readme-"));
    try {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        SSOTRAY_HOME: path.join(dir, "ssotray"),
        // A browser that opens anything: the console lines open one, and ssotray waits until the
        // browser has asked for the one-time address it hands over (handoff.ts).
        SSOTRAY_BROWSER: fetchingBrowser(dir),
        ...s.env,
      };
      const lines = block!
        .trim()
        .split("\n")
        .map((line) => line.replace(/\s+#.*$/, "").replace(/^eval "\$\((.*)\)"$/, "$1"))
        .map((line) => split(line).slice(1));
      // Removals go last, so every other example has its session to run on.
      const removals = lines.filter((a) => a.includes("remove"));
      const ordered = [...lines.filter((a) => !a.includes("remove")), ...removals];
      let ran = 0;
      for (const args of ordered) {
        // A named browser may not be installed here; which browser is not what is tested.
        if (args.includes("--browser")) continue;
        // A chained profile is the user's own ~/.aws/config (the README shows it beside), tested
        // in cli/chained-roles.test.ts.
        if (args.includes("--profile")) continue;
        const run =
          args[0] === "login"
            ? [...args, "--no-browser"]
            : args[0] === "exec"
              ? [...args.slice(0, args.indexOf("--") + 1), process.execPath, "-e", "0"]
              : args[0] === "session" && args[1] === "remove"
                ? [...args, "--yes"]
                : args;
        const result = await ssotray(env, run);
        expect(result.code, `ssotray ${run.join(" ")}: ${result.stderr}`).toBe(0);
        ran += 1;
      }
      expect(ran).toBeGreaterThanOrEqual(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
