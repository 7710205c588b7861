// One real browser: `ssotray console --browser chromium --browser-profile Work` starts Debian's
// Chromium (headless, behind a wrapper on PATH that adds a throwaway --user-data-dir and passes
// our arguments on untouched), which signs in at the simulator's federation endpoint.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { writeTokenCache } from "../simulator/testing.js";
import { requireTool } from "../simulator/tools.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { linuxOnly } from "../test-support/platform-only.js";

const debian = linuxOnly("Debian's Chromium starts through an sh wrapper on PATH");
const chromium = debian.probe(() =>
  requireTool("Debian's chromium", {
    commands: [process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"],
    install: "Debian's chromium",
  }),
);

let sim: Simulator;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-chromium-console-"));
}, 120_000);
afterAll(async () => {
  await sim?.close();
  // The browser ends by itself once it has dumped the page; a slow one is ended here.
  const pidFile = path.join(scratch ?? "", "pid");
  if (scratch && existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, "utf8")), "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!chromium)(debian.title("a console in a real Chromium profile"), () => {
  it("reaches the simulator's federation page with the named profile", async () => {
    await buildCli({ quiet: true, outdir: path.join(scratch, "dist") });
    sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 7 });
    const account = sim.accounts()[1]!;
    const home = path.join(scratch, "home");
    const data = path.join(scratch, "user-data");
    const bin = path.join(scratch, "bin");
    for (const dir of [home, bin, path.join(home, ".aws")]) mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(home, ".aws", "config"),
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    await writeTokenCache(home, "acme", sim, sim.issueToken({ expiresInSeconds: 3600 }));
    // Root needs --no-sandbox; "$@" is exactly what ssotray gave `chromium`.
    writeFileSync(
      path.join(bin, "chromium"),
      `#!/bin/sh\necho $$ > "${scratch}/pid"\nexec "${chromium}" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="${data}" --dump-dom "$@" > "${scratch}/dom.html" 2>/dev/null\n`,
      { mode: 0o755 },
    );
    const env = {
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, ".config"),
      XDG_CACHE_HOME: path.join(home, ".cache"),
      SSOTRAY_HOME: path.join(home, "ssotray"),
      ...sim.env,
    };
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          path.join(scratch, "dist", "ssotray.mjs"),
          "console",
          "--account",
          account.accountId,
          "--role",
          account.roles[0]!,
          "--browser",
          "chromium",
          "--browser-profile",
          "Work",
        ],
        { env },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Opened the console .* in Chromium, profile 'Work'/);

    // The browser may still be loading when ssotray ends: wait for its request, not for a time.
    for (let i = 0; i < 600 && !sim.requestLog().some((e) => e.api === "ConsoleLogin"); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(sim.requestLog().filter((e) => e.api === "ConsoleLogin")).toEqual([
      expect.objectContaining({ status: 200, accountId: account.accountId }),
    ]);
    // Chromium made the named profile in the throwaway folder, and showed the signed-in page.
    expect(existsSync(path.join(data, "Work"))).toBe(true);
    for (let i = 0; i < 300 && !readFileSync(path.join(scratch, "dom.html"), "utf8"); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(path.join(scratch, "dom.html"), "utf8")).toContain(
      `data-account-id="${account.accountId}"`,
    );
  }, 90_000);
});
