import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import type { SessionAccounts } from "../../shared/model.js";
import { compareAccounts } from "../../shared/account-order.js";
import { accountCacheFile } from "./account-cache.js";
import { AccountDirectory, type SessionAccess } from "./account-directory.js";
import { signedInStatus } from "../../test-support/signed-in-status.js";
import { withLocations } from "../../test-support/with-locations.js";

const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function simulator(options: Parameters<typeof startSimulator>[0]): Promise<Simulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}

/** The session layer, reduced to what the directory asks of it; tokens come from the simulator. */
function sessionsFor(sim: Simulator, options: { refreshable?: boolean } = {}) {
  let token = sim.issueToken().accessToken;
  const calls = { accessToken: 0, forced: 0 };
  const status = signedInStatus(sim);
  const access: SessionAccess = {
    get: (name) => (name === "acme" ? status : undefined),
    accessToken: async (_name, opts) => {
      calls.accessToken++;
      if (opts?.forceRefresh) {
        calls.forced++;
        if (options.refreshable !== false) token = sim.issueToken().accessToken;
      }
      return token;
    },
  };
  return { access, calls };
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "ssotray-accounts-"));
}

function directory(
  sim: Simulator,
  sessions: SessionAccess,
  extra: Partial<ConstructorParameters<typeof AccountDirectory>[0]> = {},
) {
  return new AccountDirectory({
    ...withLocations({ ...sim.env }),
    sessions,
    cacheDir: tempDir(),
    progressIntervalMs: 0,
    warn: () => {},
    ...extra,
  });
}

/** Each account exactly once, with exactly the simulator's roles. */
function expectSameAccounts(result: SessionAccounts, sim: Simulator): void {
  const expected = sim
    .accounts()
    .map((a) => ({ accountId: a.accountId, roles: [...a.roles].sort() }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  const actual = result.accounts
    .map((a) => ({ accountId: a.accountId, roles: a.roles }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  expect(actual).toEqual(expected);
  expect(result.complete).toBe(true);
}

describe("account sync", () => {
  it("lists every account and role through a 429 storm without duplicates", async () => {
    const sim = await simulator({ accounts: 40, rolesPerAccount: [1, 4], portalRateLimit: 8 });
    const { access } = sessionsFor(sim);
    const result = await directory(sim, access).sync("acme");
    expectSameAccounts(result, sim);
    const log = sim.requestLog();
    expect(log.some((r) => r.status === 429)).toBe(true);
    // Every account's roles were listed successfully exactly once (retries do not duplicate).
    const listed = log
      .filter((r) => r.api === "ListAccountRoles" && r.status === 200)
      .map((r) => r.accountId);
    expect(new Set(listed).size).toBe(40);
  });

  it("lists every account and role through 5% server errors and dropped connections", async () => {
    const sim = await simulator({
      accounts: 150,
      rolesPerAccount: 2,
      serverErrorRate: 0.05,
      dropRate: 0.05,
      seed: 7,
    });
    const { access } = sessionsFor(sim);
    const result = await directory(sim, access).sync("acme");
    expectSameAccounts(result, sim);
    expect(sim.requestLog().some((r) => r.status >= 500)).toBe(true);
  });

  it.each([100, 101])("pages through exactly %i accounts", async (count) => {
    const sim = await simulator({ accounts: count, rolesPerAccount: 1 });
    const { access } = sessionsFor(sim);
    const result = await directory(sim, access).sync("acme");
    expectSameAccounts(result, sim);
    const pages = sim
      .requestLog()
      .filter((r) => r.api === "ListAccounts" && r.status === 200).length;
    // 100 accounts fill one page of 100 exactly, with no next token; 101 need a second page.
    expect(pages).toBe(count === 100 ? 1 : 2);
  });

  it("streams progress as roles arrive and caches the complete list for the next start", async () => {
    const sim = await simulator({ accounts: 30, rolesPerAccount: 2, latencyMs: 20 });
    const { access } = sessionsFor(sim);
    const cacheDir = tempDir();
    const snapshots: SessionAccounts[] = [];
    const result = await directory(sim, access, { cacheDir }).sync("acme", {
      onProgress: (s) => snapshots.push(s),
    });

    expect(snapshots.length).toBeGreaterThan(3);
    const dones = snapshots.map((s) => s.progress?.done ?? 0);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(snapshots.slice(0, -1).every((s) => !s.complete && s.syncing)).toBe(true);
    expect(snapshots.at(-1)).toEqual(result);
    expect(result.progress).toEqual({ done: 30, total: 30 });

    sim.clearRequestLog();
    const cached = await directory(sim, access, { cacheDir }).cached("acme");
    expect(cached).toMatchObject({
      complete: true,
      syncing: false,
      accounts: result.accounts,
      syncedAt: result.syncedAt,
    });
    expect(sim.requestLog()).toEqual([]);
    expect(readFileSync(accountCacheFile(cacheDir, "acme"), "utf8")).not.toContain("accessToken");
  });

  it("ignores a corrupt cache with a warning naming the file, then replaces it", async () => {
    const sim = await simulator({ accounts: 5 });
    const { access } = sessionsFor(sim);
    const cacheDir = tempDir();
    const file = accountCacheFile(cacheDir, "acme");
    await mkdir(path.dirname(file), { recursive: true });
    const warnings: string[] = [];
    const dir = directory(sim, access, { cacheDir, warn: (m) => warnings.push(m) });

    writeFileSync(file, '{"version":1,"session":"acme","accounts":[{"accountId":');
    expect(await dir.cached("acme")).toBeUndefined();
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        session: "acme",
        startUrl: sim.startUrl,
        region: sim.region,
        syncedAt: "yesterday",
        accounts: [],
      }),
    );
    expect(await dir.cached("acme")).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`${file.replaceAll("/", "\\/")} is not valid JSON.*syncing again`),
      ),
      expect.stringMatching(/is damaged \(syncedAt: .*\); ignoring it and syncing again/),
    ]);

    const result = await dir.sync("acme");
    expect(await dir.cached("acme")).toMatchObject({ complete: true, accounts: result.accounts });
  });

  it("shares a sync already running instead of starting another", async () => {
    const sim = await simulator({ accounts: 10, latencyMs: 20 });
    const { access } = sessionsFor(sim);
    const dir = directory(sim, access);
    const [a, b] = await Promise.all([dir.sync("acme"), dir.sync("acme")]);
    expect(a).toBe(b);
    expect(sim.requestLog().filter((r) => r.api === "ListAccounts")).toHaveLength(1);
  });

  it("refreshes a refused token once and carries on", async () => {
    const sim = await simulator({ accounts: 12 });
    const { access, calls } = sessionsFor(sim);
    sim.revokeAllTokens();
    const result = await directory(sim, access).sync("acme");
    expectSameAccounts(result, sim);
    expect(calls.forced).toBe(1);
  });

  it("fails the whole sync with sign-in needed when the refreshed token is refused too, keeping the cache", async () => {
    const sim = await simulator({ accounts: 12 });
    const { access, calls } = sessionsFor(sim, { refreshable: false });
    const cacheDir = tempDir();
    const first = await directory(sim, access, { cacheDir }).sync("acme");
    sim.revokeAllTokens();
    const snapshots: SessionAccounts[] = [];
    const dir = directory(sim, access, { cacheDir });
    await expect(dir.sync("acme", { onProgress: (s) => snapshots.push(s) })).rejects.toMatchObject({
      name: "SignInNeededError",
      message: expect.stringMatching(
        /Session 'acme' needs a new sign-in: the portal refused its access token/,
      ),
    });
    expect(calls.forced).toBe(1);
    expect(snapshots.at(-1)).toMatchObject({
      complete: false,
      syncing: false,
      error: expect.stringMatching(/needs a new sign-in/),
    });
    expect(await dir.cached("acme")).toMatchObject({ complete: true, accounts: first.accounts });
  });

  it("names an unknown session", async () => {
    const sim = await simulator({ accounts: 3 });
    const { access } = sessionsFor(sim);
    await expect(directory(sim, access).sync("nope")).rejects.toThrow(
      "There is no session named 'nope'; add it first",
    );
  });
});

describe("accounts first, demand first", () => {
  it("lists an account's roles asked for mid-sync ahead of the queue, under the rate limit", async () => {
    const sim = await simulator({
      accounts: 150,
      rolesPerAccount: 2,
      latencyMs: 40,
      portalRateLimit: 20,
    });
    const { access } = sessionsFor(sim);
    // A deep queue of role listings waiting for the pacer: the demand call must pass them all.
    const dir = directory(sim, access, { concurrency: { initial: 16, max: 16 } });
    let askedAt = 0;
    let asked: Promise<string[]> | undefined;
    const wanted = sim.accounts()[140]!.accountId;
    const result = await dir.sync("acme", {
      onCount: (progress) => {
        if (!asked && progress.total === 150 && progress.done >= 20) {
          askedAt = Date.now();
          asked = dir.accountRoles("acme", wanted);
        }
      },
    });
    expect(asked).toBeDefined();
    const roles = await asked!;
    expect(roles).toEqual([...sim.accounts()[140]!.roles].sort());
    expectSameAccounts(result, sim);

    const log = sim.requestLog();
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    const listings = log.filter((r) => r.api === "ListAccountRoles");
    // Listed once: the sync took the roles the demand call brought instead of asking again.
    expect(listings.filter((r) => r.accountId === wanted)).toHaveLength(1);
    const answeredAt = listings.findIndex((r) => r.accountId === wanted);
    const passedBy = listings.slice(0, answeredAt).filter((r) => r.time >= askedAt);
    // Only calls already on their way when it was asked for got there first; 16 were waiting.
    expect(passedBy.length).toBeLessThanOrEqual(2);
  });

  it("shows the account names first, their roles pending, while the list is still arriving", async () => {
    const sim = await simulator({ accounts: 120, rolesPerAccount: 1, latencyMs: 10 });
    const { access } = sessionsFor(sim);
    const snapshots: SessionAccounts[] = [];
    await directory(sim, access).sync("acme", { onProgress: (s) => snapshots.push(s) });
    const whileListing = snapshots.filter((s) => s.progress?.listing);
    expect(whileListing.length).toBeGreaterThan(0);
    const first = whileListing.find((s) => s.accounts.length > 0)!;
    expect(first.accounts.some((a) => a.rolesPending && a.roles.length === 0)).toBe(true);
    expect(snapshots.at(-1)!.accounts.some((a) => a.rolesPending)).toBe(false);
    expect(snapshots.at(-1)!.progress).toEqual({ done: 120, total: 120 });
    // Every snapshot in the one order, though pages arrive in the portal's.
    for (const snapshot of snapshots) {
      expect(snapshot.accounts).toEqual([...snapshot.accounts].sort(compareAccounts));
    }
  });

  it("lists the accounts alone, without a single role listing", async () => {
    const sim = await simulator({ accounts: 230, rolesPerAccount: 2 });
    const { access } = sessionsFor(sim);
    const counts: number[] = [];
    const accounts = await directory(sim, access).listAccounts("acme", {
      onCount: (n) => counts.push(n),
    });
    expect(accounts.map((a) => a.accountId).sort()).toEqual(
      sim
        .accounts()
        .map((a) => a.accountId)
        .sort(),
    );
    expect(counts).toEqual([100, 200, 230]);
    expect(sim.requestLog().map((r) => r.api)).toEqual([
      "ListAccounts",
      "ListAccounts",
      "ListAccounts",
    ]);
  });

  it("refreshes the roles listed longest ago first, new accounts before them", async () => {
    const sim = await simulator({ accounts: 12, rolesPerAccount: 1 });
    const { access } = sessionsFor(sim);
    const cacheDir = tempDir();
    await directory(sim, access, { cacheDir }).sync("acme");
    // Age the cache by hand: account i's roles were listed i hours after the first's, in reverse.
    const file = accountCacheFile(cacheDir, "acme");
    const body = JSON.parse(readFileSync(file, "utf8")) as {
      accounts: Array<{ accountId: string; rolesAt?: string }>;
    };
    const ids = body.accounts.map((a) => a.accountId);
    const newcomer = ids.pop()!;
    body.accounts = body.accounts.filter((a) => a.accountId !== newcomer);
    body.accounts.forEach((a, i) => {
      a.rolesAt = new Date(Date.UTC(2026, 0, 1, 23 - i)).toISOString();
    });
    writeFileSync(file, JSON.stringify(body));
    sim.clearRequestLog();

    await directory(sim, access, { cacheDir, concurrency: { initial: 1, max: 1 } }).sync("acme");
    const order = sim
      .requestLog()
      .filter((r) => r.api === "ListAccountRoles")
      .map((r) => r.accountId);
    expect(order).toEqual([newcomer, ...[...ids].reverse()]);
  });

  it("keeps the known list usable while refreshing and marks what the portal no longer lists", async () => {
    const sim = await simulator({ accounts: 40, rolesPerAccount: 3, latencyMs: 10 });
    const { access } = sessionsFor(sim);
    const cacheDir = tempDir();
    const first = await directory(sim, access, { cacheDir }).sync("acme");
    const [trimmed, dropped] = [sim.accounts()[3]!, sim.accounts()[7]!];
    const goneRole = trimmed.roles[0]!;
    sim.unassign(trimmed.accountId, goneRole);
    sim.unassign(dropped.accountId);

    const snapshots: SessionAccounts[] = [];
    const second = await directory(sim, access, { cacheDir }).sync("acme", {
      onProgress: (s) => snapshots.push(s),
    });
    // Never a shorter list than the one the user had, and never an account without its roles.
    for (const snapshot of snapshots) {
      expect(snapshot.accounts.length).toBeGreaterThanOrEqual(first.accounts.length);
      expect(snapshot.accounts.some((a) => a.rolesPending)).toBe(false);
    }
    const shown = new Map(second.accounts.map((a) => [a.accountId, a]));
    expect(shown.get(trimmed.accountId)).toMatchObject({ goneRoles: [goneRole] });
    expect(shown.get(trimmed.accountId)!.roles).not.toContain(goneRole);
    expect(shown.get(dropped.accountId)).toMatchObject({
      roles: [],
      goneRoles: [...dropped.roles].sort(),
    });
    // The cache keeps only what the portal lists now.
    const cached = await directory(sim, access, { cacheDir }).cached("acme");
    expect(cached!.accounts.map((a) => a.accountId)).not.toContain(dropped.accountId);
    expect(cached!.accounts.some((a) => a.goneRoles)).toBe(false);
  });

  it("reads a list kept by a lookup by name as incomplete, and a sync lists its pending roles first", async () => {
    const sim = await simulator({ accounts: 12, rolesPerAccount: 1 });
    const { access } = sessionsFor(sim);
    const cacheDir = tempDir();
    await directory(sim, access, { cacheDir }).sync("acme");
    // The complete list lacks one account the portal has now; a command lists the accounts alone.
    const file = accountCacheFile(cacheDir, "acme");
    const body = JSON.parse(readFileSync(file, "utf8")) as {
      accounts: Array<{ accountId: string }>;
    };
    const newcomers = new Set([body.accounts.pop()!.accountId, body.accounts.pop()!.accountId]);
    // In the order the portal lists them.
    const [newcomer, second] = sim
      .accounts()
      .map((a) => a.accountId)
      .filter((id) => newcomers.has(id));
    writeFileSync(file, JSON.stringify(body));
    await directory(sim, access, { cacheDir }).listAccounts("acme");

    const kept = await directory(sim, access, { cacheDir }).cached("acme");
    expect(kept!.complete).toBe(false);
    const pending = kept!.accounts.filter((a) => a.rolesPending).map((a) => a.accountId);
    expect(pending.sort()).toEqual([...newcomers].sort());
    expect(kept!.accounts.filter((a) => a.roles.length === 1)).toHaveLength(10);

    sim.clearRequestLog();
    const snapshots: SessionAccounts[] = [];
    const synced = await directory(sim, access, {
      cacheDir,
      concurrency: { initial: 1, max: 1 },
    }).sync("acme", { onProgress: (s) => snapshots.push(s) });
    const order = sim
      .requestLog()
      .filter((r) => r.api === "ListAccountRoles")
      .map((r) => r.accountId);
    // New accounts first, as the portal lists them, then the known ones.
    expect(order.slice(0, 2)).toEqual([newcomer, second]);
    expect(order).toHaveLength(12);
    // The roles the cache knew stay on screen meanwhile; only the newcomers wait for their own.
    expect(snapshots[0]!.accounts.filter((a) => a.rolesPending)).toHaveLength(2);
    for (const snapshot of snapshots) {
      const pending = snapshot.accounts.filter((a) => a.rolesPending).map((a) => a.accountId);
      expect(pending.filter((id) => !newcomers.has(id))).toEqual([]);
      // Never an account with no roles and none coming: each has one role here.
      expect(snapshot.accounts.filter((a) => a.roles.length === 0 && !a.rolesPending)).toEqual([]);
    }
    expectSameAccounts(synced, sim);
    const after = await directory(sim, access, { cacheDir }).cached("acme");
    expect(after!.complete).toBe(true);
  });

  it("keeps no account list a sync finished after the listing had started", async () => {
    const sim = await simulator({ accounts: 3, rolesPerAccount: 1 });
    const { access } = sessionsFor(sim);
    const cacheDir = tempDir();
    const clock = { at: Date.parse("2026-03-01T10:00:00Z") };
    await directory(sim, access, { cacheDir, now: () => clock.at }).sync("acme");
    const file = accountCacheFile(cacheDir, "acme");
    const synced = readFileSync(file, "utf8");
    // A listing that started a minute before that sync ended.
    clock.at -= 60_000;
    await directory(sim, access, { cacheDir, now: () => clock.at }).listAccounts("acme");
    expect(readFileSync(file, "utf8")).toBe(synced);
    // One that started after it is kept.
    clock.at += 120_000;
    await directory(sim, access, { cacheDir, now: () => clock.at }).listAccounts("acme");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ version: 2 });
  });
});
