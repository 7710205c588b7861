// Account sync against the simulator: 1,000 accounts × 3 roles, 150 ms latency, 20 calls/s for
// all portal APIs together (AWS's documented collective quota). Prints wall time beside the
// bound (calls ÷ 20/s), the number of 429s, and whether every account and role arrived; for the
// paced sync (the default), the SDK's own adaptive retry mode, and one call at a time.
// Run: npx tsx bench/sync.bench.ts [accounts]
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimulator, type Simulator } from "../simulator/index.js";
import type { SessionStatus } from "../shared/model.js";
import { AccountDirectory } from "../core/portal/account-directory.js";
import type { RateControl } from "../core/portal/portal-connection.js";
import { withLocations } from "../test-support/with-locations.js";
// BENCH_QUICK=1: 60 accounts, to check that it runs (a few seconds a strategy).
const ACCOUNTS = Number(process.argv[2] ?? (process.env.BENCH_QUICK === "1" ? 60 : 1000));
const RATE = 20;

async function run(label: string, rateControl: RateControl, maxInFlight?: number): Promise<void> {
  const sim: Simulator = await startSimulator({
    accounts: ACCOUNTS,
    rolesPerAccount: 3,
    latencyMs: 150,
    portalRateLimit: RATE,
    seed: 1,
  });
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), "ssotray-bench-"));
  try {
    const token = sim.issueToken({ expiresInSeconds: 8 * 3600 }).accessToken;
    const status: SessionStatus = {
      name: "bench",
      startUrl: sim.startUrl,
      region: sim.region,
      source: "sso-session",
      state: "signed-in",
      canRefresh: false,
    };
    const directory = new AccountDirectory({
      ...withLocations({ ...sim.env }),
      sessions: { get: () => status, accessToken: async () => token },
      cacheDir,
      connectionOptions: { rateControl },
      ...(maxInFlight ? { concurrency: { initial: maxInFlight, max: maxInFlight } } : {}),
      warn: () => {},
    });
    sim.clearRequestLog();
    const started = performance.now();
    const result = await directory.sync("bench");
    const seconds = (performance.now() - started) / 1000;

    const log = sim.requestLog();
    const pages = log.filter((r) => r.api === "ListAccounts" && r.status === 200).length;
    const calls = pages + ACCOUNTS;
    const bound = calls / RATE;
    const throttled = log.filter((r) => r.status === 429).length;
    const expected = new Map(
      sim.accounts().map((a) => [a.accountId, [...a.roles].sort().join(",")]),
    );
    const allPresent =
      result.complete &&
      result.accounts.length === expected.size &&
      result.accounts.every((a) => expected.get(a.accountId) === a.roles.join(","));
    console.log(
      `${label.padEnd(34)} wall ${seconds.toFixed(1).padStart(6)} s  bound ${bound.toFixed(1)} s  ratio ${(seconds / bound).toFixed(3)}  ` +
        `429s ${String(throttled).padStart(4)}  requests ${log.length}  every account present: ${allPresent ? "yes" : "NO"}`,
    );
  } finally {
    await sim.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

console.log(`sync of ${ACCOUNTS} accounts × 3 roles, latency 150 ms, portal limit ${RATE}/s`);
await run("paced (default, AIMD 1..16)", "paced");
await run("SDK retryMode adaptive (AIMD 1..16)", "sdk-adaptive");
await run("paced, one call at a time", "paced", 1);
