// A refresh stampede: RUNS `ssotray credential-process` processes started at once, as a build
// tool or Terraform starts its workers, all finding the access token due for a refresh, against
// the simulator in single-use refresh-token mode. Prints how many were served, how many
// CreateToken calls went out (one is the aim) and how long the whole burst took.
// Run: npx tsx bench/refresh-stampede.bench.ts   (RUNS=n to change the count; default 100)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildCli } from "../scripts/build-cli.mjs";
import { startSimulator } from "../simulator/index.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";

const RUNS = Number(process.env.RUNS ?? 100);
const sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, singleUseRefreshTokens: true });
const work = mkdtempSync(path.join(os.tmpdir(), "ssotray-bench-stampede-"));
try {
  await buildCli({ quiet: true, outdir: path.join(work, "dist-cli") });
  const script = path.join(work, "dist-cli", "ssotray.mjs");
  const account = sim.accounts()[0]!;
  const args = [
    script,
    "credential-process",
    "--account",
    account.accountId,
    "--role",
    account.roles[0]!,
    "--session",
    "acme",
  ];
  for (const round of [1, 2]) {
    const home = cliHome(sim, { tokenExpiresInSeconds: 60 });
    sim.clearRequestLog();
    const started = performance.now();
    const times: number[] = [];
    const codes = await Promise.all(
      Array.from(
        { length: RUNS },
        () =>
          new Promise<number | null>((resolve) => {
            const t0 = performance.now();
            const child = spawn(process.execPath, args, { env: home.env, stdio: "ignore" });
            child.on("close", (code) => {
              times.push(performance.now() - t0);
              resolve(code);
            });
          }),
      ),
    );
    const wall = performance.now() - started;
    const log = sim.requestLog();
    const refreshes = log.filter((e) => e.api === "CreateToken").length;
    times.sort((a, b) => a - b);
    const ok = codes.filter((c) => c === 0).length;
    console.log(
      `round ${round}: ${ok}/${RUNS} served, ${refreshes} CreateToken call(s), ` +
        `${log.filter((e) => e.api === "GetRoleCredentials").length} GetRoleCredentials; ` +
        `burst ${(wall / 1000).toFixed(1)} s, per process median ${(times[Math.floor(RUNS / 2)]! / 1000).toFixed(1)} s, ` +
        `slowest ${(times[RUNS - 1]! / 1000).toFixed(1)} s`,
    );
  }
} finally {
  await sim.close();
  removeCliHomes();
  rmSync(work, { recursive: true, force: true });
}
