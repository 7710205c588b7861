// Accounts first, demand first: how long a user who wants one account waits after signing in,
// at 1,000, 5,000 and 10,000 accounts × 3 roles, 150 ms latency, 20 calls/s for all portal APIs
// together. Each figure is printed beside its floor and beside waiting for a whole sync.
//
// - CLI: `ssotray creds --account NAME --role ROLE` with the sign-in cached and no list cached
//   (run in this process: Node's start-up, ~0.1 s, is not counted). The account is the one the
//   portal lists last, so every page of the list is needed. Floor: pages × latency + two calls
//   (its roles, its credentials).
// - App: from a sync's start (what a sign-in starts), the account's name arriving in the list, the
//   user picking it (loadAccountRoles) and copying its credentials. Same floor.
// - App: the first searchable names (floor: one page), and mid-sync, a picked account's roles
//   arriving in the list (the `accountsChanged` event the renderer paints from; the renderer
//   bench puts a change's paint at 14–45 ms more).
// - With BENCH_FULL=1, a whole sync at 5,000 accounts through the app (about 4.5 minutes): its
//   time beside the rate-limit bound, and its 429s.
// The app's lines also print the event loop's busy share (performance.eventLoopUtilization):
// the service's own work (building, comparing and sending snapshots) beside its waiting.
// Run: npx tsx bench/accounts-first.bench.ts [accounts...]   (BENCH_FULL=1 for the whole sync)
import type { Events } from "../shared/api.js";
import { applyAccountsDelta } from "../shared/account-delta.js";
import type { SessionAccounts } from "../shared/model.js";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { runCli } from "../cli/program.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { createNodePlatform } from "../core/platform/node-platform.js";
import { AppService } from "../core/service/service.js";
import { withLocations } from "../test-support/with-locations.js";
const SIZES = process.argv.slice(2).map(Number);
const LATENCY_MS = 150;
const RATE = 20;

/** A HOME signed in to the simulator's portal as `aws sso login` leaves it, nothing else cached. */
function signedInHome(sim: Simulator): Record<string, string> {
  return cliHome(sim).env;
}

function simulator(accounts: number): Promise<Simulator> {
  return startSimulator({
    accounts,
    rolesPerAccount: 3,
    latencyMs: LATENCY_MS,
    portalRateLimit: RATE,
    seed: 1,
  });
}

function line(label: string, seconds: number, floor: number, whole: number, extra = ""): void {
  console.log(
    `${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  floor ${floor.toFixed(2).padStart(6)} s ` +
      `(${(seconds / floor).toFixed(2)}×)  whole sync ≥ ${whole.toFixed(0).padStart(4)} s${extra}`,
  );
}

/** The app's view of one session's list, rebuilt from the service's events as the renderer does. */
class ListView {
  list: SessionAccounts | undefined;
  private waiters: Array<() => void> = [];

  constructor(service: AppService) {
    service.onAny((event, payload) => {
      if (event === "accounts") this.list = payload as Events["accounts"];
      if (event === "accountsChanged" && this.list)
        this.list =
          applyAccountsDelta(this.list, payload as Events["accountsChanged"]) ?? this.list;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async until<T>(test: (list: SessionAccounts) => T | undefined): Promise<T> {
    for (;;) {
      const found = this.list && test(this.list);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

async function cliPath(accounts: number): Promise<void> {
  const sim = await simulator(accounts);
  try {
    const env = signedInHome(sim);
    const target = sim.accounts().at(-1)!;
    const pages = Math.ceil(accounts / 100);
    let stderr = "";
    const started = performance.now();
    const code = await runCli(
      ["creds", "--account", target.accountName, "--role", target.roles[0]!],
      env,
      { stdout: () => {}, stderr: (t) => void (stderr += t), stderrIsTTY: false },
    );
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(stderr);
    const log = sim.requestLog();
    const calls = log.filter((r) => r.api.startsWith("List")).length;
    line(
      `CLI creds --account NAME, ${accounts.toLocaleString("en")} accounts`,
      seconds,
      ((pages + 2) * LATENCY_MS) / 1000,
      (pages + accounts) / RATE,
      `  listings ${calls}, 429s ${log.filter((r) => r.status === 429).length}`,
    );
  } finally {
    await sim.close();
  }
}

async function appPath(accounts: number, midSync: boolean): Promise<void> {
  const sim = await simulator(accounts);
  const service = new AppService({
    ...withLocations(signedInHome(sim)),
    platform: createNodePlatform({ open: async () => undefined }),
    warn: () => {},
  });
  try {
    const view = new ListView(service);
    await service.getState();
    const pages = Math.ceil(accounts / 100);
    const whole = (pages + accounts) / RATE;
    const target = sim.accounts().at(-1)!;
    const busy = performance.eventLoopUtilization();
    const started = performance.now();
    await service.refreshAccounts({ session: "acme" });
    await view.until((l) => l.accounts.length > 0);
    const firstNames = (performance.now() - started) / 1000;
    await view.until((l) => l.accounts.find((a) => a.accountId === target.accountId));
    await service.loadAccountRoles({ session: "acme", accountId: target.accountId });
    await service.copyCredentials({
      role: { session: "acme", accountId: target.accountId, roleName: target.roles[0]! },
      format: "bash",
    });
    const seconds = (performance.now() - started) / 1000;
    line(
      `app pick + copy, ${accounts.toLocaleString("en")} accounts`,
      seconds,
      ((pages + 2) * LATENCY_MS) / 1000,
      whole,
      `  event loop busy ${percent(performance.eventLoopUtilization(busy).utilization)}`,
    );
    if (!midSync) return;
    line(
      `app first searchable names, ${accounts.toLocaleString("en")}`,
      firstNames,
      LATENCY_MS / 1000,
      whole,
    );
    // Mid-sync: pick accounts still waiting for their roles, one at a time, as a user would.
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const pending = view.list!.accounts.filter((a) => a.rolesPending);
      const pick = pending[Math.floor(pending.length / 2)];
      if (!pick) break;
      const at = performance.now();
      void service.loadAccountRoles({ session: "acme", accountId: pick.accountId });
      await view.until((l) =>
        l.accounts.find((a) => a.accountId === pick.accountId && !a.rolesPending),
      );
      waits.push((performance.now() - at) / 1000);
    }
    const done = view.list!.progress;
    waits.sort((a, b) => a - b);
    line(
      `app mid-sync pick → roles in the list (median of ${waits.length})`,
      waits[Math.floor(waits.length / 2)]!,
      LATENCY_MS / 1000,
      whole,
      `  max ${waits.at(-1)!.toFixed(2)} s, at ${done?.done}/${done?.total} accounts with roles`,
    );
  } finally {
    service.dispose();
    await sim.close();
  }
}

/** A whole sync through the app, from its start to the complete list, as the renderer sees it. */
async function wholeSync(accounts: number): Promise<void> {
  const sim = await simulator(accounts);
  const service = new AppService({
    ...withLocations(signedInHome(sim)),
    platform: createNodePlatform({ open: async () => undefined }),
    warn: () => {},
  });
  try {
    const view = new ListView(service);
    await service.getState();
    sim.clearRequestLog();
    const busy = performance.eventLoopUtilization();
    const started = performance.now();
    await service.refreshAccounts({ session: "acme" });
    await view.until((l) => l.complete && !l.syncing);
    const seconds = (performance.now() - started) / 1000;
    const utilization = performance.eventLoopUtilization(busy).utilization;
    const log = sim.requestLog();
    const pages = log.filter((r) => r.api === "ListAccounts" && r.status === 200).length;
    const bound = (pages + accounts) / RATE;
    const expected = new Map(sim.accounts().map((a) => [a.accountId, a.roles.length]));
    const all =
      view.list!.accounts.length === expected.size &&
      view.list!.accounts.every((a) => expected.get(a.accountId) === a.roles.length);
    console.log(
      `${`app whole sync, ${accounts.toLocaleString("en")} accounts`.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s  ` +
        `bound ${bound.toFixed(1)} s (${(seconds / bound).toFixed(2)}×)  429s ${log.filter((r) => r.status === 429).length}  ` +
        `every role ${all ? "yes" : "NO"}  event loop busy ${percent(utilization)}`,
    );
  } finally {
    service.dispose();
    await sim.close();
  }
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

// BENCH_QUICK=1: 300 accounts, to check that it runs.
const sizes =
  SIZES.length > 0 ? SIZES : process.env.BENCH_QUICK === "1" ? [300] : [1000, 5000, 10000];
console.log(
  `latency ${LATENCY_MS} ms, portal limit ${RATE}/s; "whole sync" is its rate-limit bound ((pages + accounts) ÷ ${RATE}/s; measured at 1.06× in sync.bench.ts)`,
);
for (const accounts of sizes) await cliPath(accounts);
for (const accounts of sizes) await appPath(accounts, accounts === 5000 || sizes.length === 1);
if (process.env.BENCH_FULL === "1") await wholeSync(5000);
removeCliHomes();
