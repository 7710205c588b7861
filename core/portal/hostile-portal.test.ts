// A portal that lies (the simulator's hostile mode): what it says is checked on the way in, from
// the wire and from our cache files, and a listing that would never end is stopped.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../simulator/index.js";
import type { SessionAccounts } from "../../shared/model.js";
import { accountCacheFile } from "./account-cache.js";
import { AccountDirectory } from "./account-directory.js";
import { parseCachedCredentials } from "./credential-cache-file.js";
import { PageGuard } from "./page-guard.js";
import { isAccountId, isRoleName } from "./portal-shapes.js";
import { RoleCredentialsProvider, type CredentialSessions } from "./role-credentials.js";
import { SyncState } from "./sync-state.js";
import { signedInStatus } from "../../test-support/signed-in-status.js";
import { withLocations } from "../../test-support/with-locations.js";

const work = mkdtempSync(path.join(os.tmpdir(), "ssotray-hostile-"));
/** The file every hostile value tries to create through a shell. */
const marker = path.join(work, "pwned");
const command = `touch ${marker}`;

const running: Simulator[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function simulator(options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}

function sessionsFor(sim: Simulator): CredentialSessions {
  const token = sim.issueToken().accessToken;
  const status = signedInStatus(sim);
  return {
    get: (n) => (n === "acme" ? status : undefined),
    accessToken: async () => token,
    signInMark: async () => "signed-in",
    credentialOwner: async () => undefined,
  };
}

function directory(
  sim: Simulator,
  warnings: string[],
  cacheDir = mkdtempSync(path.join(work, "c-")),
) {
  return new AccountDirectory({
    ...withLocations({ ...sim.env }),
    sessions: sessionsFor(sim),
    cacheDir,
    progressIntervalMs: 0,
    warn: (m) => warnings.push(m),
  });
}

const CONTROLS = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function expectClean(list: SessionAccounts): void {
  for (const a of list.accounts) {
    expect(isAccountId(a.accountId), a.accountId).toBe(true);
    expect(a.accountName).not.toMatch(CONTROLS);
    expect(a.emailAddress).not.toMatch(CONTROLS);
    for (const r of a.roles) expect(isRoleName(r), r).toBe(true);
  }
}

describe("a hostile portal", () => {
  it("leaves out bad ids and role names with one warning naming the accounts, and cleans names", async () => {
    const sim = await simulator({ accounts: 5, hostile: { names: true, badIds: true, command } });
    const warnings: string[] = [];
    const result = await directory(sim, warnings).sync("acme");

    expectClean(result);
    const valid = sim.accounts().filter((a) => isAccountId(a.accountId));
    expect(result.accounts.map((a) => a.accountId).sort()).toEqual(
      valid.map((a) => a.accountId).sort(),
    );
    const evil = result.accounts.find((a) => a.accountId === "900000000001")!;
    expect(evil.roles).toEqual(["Dev+Ops=1,2.x@y-z", "ReadOnlyAccess"]);
    expect(evil.accountName).toBe(`evil [profile pwned] credential_process = sh -c '${command}'`);
    expect(result.accounts.find((a) => a.accountId === "900000000004")!.accountName).toBe(
      "reportgpj.exe",
    );

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/4 accounts whose ids are not 12 digits/);
    expect(warnings[0]).toContain(`'bad-id-1' (id '222222222222$(touch`);
    expect(warnings[0]).toMatch(
      /role names that are not valid IAM role names in account 900000000001 \(6\)/,
    );
    expect(warnings[0]).not.toMatch(CONTROLS);
    // Nothing was asked about an account it left out.
    const asked = sim.requestLog().filter((r) => r.api === "ListAccountRoles");
    expect(asked.every((r) => isAccountId(r.accountId))).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it("reads a tampered account cache the same way: bad entries out, one warning, names cleaned", async () => {
    const sim = await simulator({ accounts: 3 });
    const warnings: string[] = [];
    const cacheDir = mkdtempSync(path.join(work, "c-"));
    const file = accountCacheFile(cacheDir, "acme");
    await mkdir(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        session: "acme",
        startUrl: sim.startUrl,
        region: sim.region,
        syncedAt: "2026-01-01T00:00:00.000Z",
        accounts: [
          {
            accountId: "111111111111",
            accountName: "ok\x1b[31m",
            emailAddress: "a@b.c",
            roles: ["Admin", "Admin\n[profile x]"],
          },
          {
            accountId: `222222222222$(${command})`,
            accountName: "bad",
            emailAddress: "",
            roles: ["Admin"],
          },
        ],
      }),
    );
    const cached = await directory(sim, warnings, cacheDir).cached("acme");
    expect(cached?.accounts).toEqual([
      {
        accountId: "111111111111",
        accountName: "ok [31m",
        emailAddress: "a@b.c",
        roles: ["Admin"],
      },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /The cached account list .* held an account whose id is not 12 digits: 'bad'/,
    );
    expect(warnings[0]).toMatch(/in account 111111111111; they were left out/);
  });

  it("stops when the portal sends the same next token twice, after two pages", async () => {
    const sim = await simulator({ accounts: 5, hostile: { repeatNextToken: true } });
    const warnings: string[] = [];
    await expect(directory(sim, warnings).sync("acme")).rejects.toThrow(
      /sent the same next token twice while listing the accounts of session 'acme'/,
    );
    expect(sim.requestLog().filter((r) => r.api === "ListAccounts")).toHaveLength(2);
  });

  it("stops at the cap on accounts", async () => {
    const sim = await simulator({ accounts: 250, rolesPerAccount: 1 });
    const dir = new AccountDirectory({
      ...withLocations({ ...sim.env }),
      sessions: sessionsFor(sim),
      cacheDir: mkdtempSync(path.join(work, "c-")),
      maxAccounts: 150,
    });
    await expect(dir.sync("acme")).rejects.toThrow(
      /The portal listed more than 150 accounts for session 'acme'; SSO Tray stops there/,
    );
    expect(sim.requestLog().filter((r) => r.api === "ListAccounts")).toHaveLength(2);
  });

  it("takes a portal with exactly the cap on accounts, and refuses one account more", async () => {
    const sync = async (accounts: number) => {
      const sim = await simulator({ accounts, rolesPerAccount: 1 });
      return new AccountDirectory({
        ...withLocations({ ...sim.env }),
        sessions: sessionsFor(sim),
        cacheDir: mkdtempSync(path.join(work, "c-")),
        maxAccounts: 3,
        warn: () => {},
      }).sync("acme");
    };
    const atCap = await sync(3);
    expect(atCap.complete).toBe(true);
    expect(atCap.accounts).toHaveLength(3);
    await expect(sync(4)).rejects.toThrow(
      /The portal listed more than 3 accounts for session 'acme'; SSO Tray stops there/,
    );
  });

  it("refuses a page over 1 MiB as it streams in, without retrying it", async () => {
    const sim = await simulator({ accounts: 3, hostile: { hugePage: 50_000 } });
    const warnings: string[] = [];
    await expect(directory(sim, warnings).sync("acme")).rejects.toThrow(
      /sent more than 1 MiB in answer to ListAccountsCommand; SSO Tray refuses answers that large/,
    );
    expect(sim.requestLog().filter((r) => r.api === "ListAccounts")).toHaveLength(1);
  });

  it("refuses credentials that do not look like credentials, and keeps none", async () => {
    const sim = await simulator({ accounts: 3, hostile: { badCredentials: true, command } });
    const cacheDir = mkdtempSync(path.join(work, "c-"));
    const provider = new RoleCredentialsProvider({
      ...withLocations({ ...sim.env }),
      sessions: sessionsFor(sim),
      cacheDir,
    });
    const account = sim.accounts()[0]!;
    await expect(
      provider.get({ session: "acme", accountId: account.accountId, roleName: account.roles[0]! }),
    ).rejects.toThrow(/answered with credentials that do not look like AWS credentials/);
    const kept = path.join(cacheDir, "credentials");
    expect(existsSync(kept) ? readdirSync(kept) : []).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("cached role credentials", () => {
  const good = {
    AccessKeyId: "ASIAEXAMPLE123456789",
    SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    SessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==",
    Expiration: "2030-01-01T00:00:00Z",
  };

  it.each([
    ["an access key id with a line break", { AccessKeyId: "ASIAEXAMPLE12345\n[default]" }],
    ["a secret with a command substitution", { SecretAccessKey: `abc'$(${command})'` }],
    ["a session token with a terminal escape", { SessionToken: "\x1b]0;pwned\x07token1234567890" }],
    ["an expiration that is not a date", { Expiration: "soon" }],
    ["an expiration past year 9999", { Expiration: "+275760-09-13T00:00:00.000Z" }],
  ])("are refused when they hold %s", (_, patch) => {
    expect(parseCachedCredentials({ Credentials: good })).toBeDefined();
    expect(parseCachedCredentials({ Credentials: { ...good, ...patch } })).toBeUndefined();
  });
});

describe("paging", () => {
  it("refuses a token seen before, even after others, and stops at the page cap", () => {
    const cycle = new PageGuard("listing", 100);
    cycle.check("A");
    cycle.check("B");
    expect(() => cycle.check("A")).toThrow(/same next token twice while listing/);
    const endless = new PageGuard("listing", 3);
    endless.check("1");
    endless.check("2");
    expect(() => endless.check("3")).toThrow(/still sending pages after 3 while listing/);
    expect(() => new PageGuard("listing", 3).check(undefined)).not.toThrow();
  });
});

describe("progress", () => {
  it("builds no list while nobody needs one, and one per change for a listener", async () => {
    const sim = await simulator({ accounts: 30, rolesPerAccount: 2 });
    const snapshot = vi.spyOn(SyncState.prototype, "snapshot");
    const warnings: string[] = [];
    const counts: Array<{ done: number; total: number }> = [];
    const quiet = await directory(sim, warnings).sync("acme", { onCount: (p) => counts.push(p) });
    expect(quiet.complete).toBe(true);
    expect(snapshot).not.toHaveBeenCalled();
    // A progress line gets counts without the list being built.
    expect(counts.length).toBeGreaterThan(3);
    expect(counts.at(-1)).toEqual({ done: 30, total: 30 });

    // A listener gets lists; asking again before anything changed builds nothing new.
    const dir = directory(sim, warnings);
    const same: boolean[] = [];
    await dir.sync("acme", { onProgress: (s) => same.push(dir.syncing("acme") === s) });
    expect(snapshot).toHaveBeenCalled();
    expect(same.length).toBeGreaterThan(3);
    expect(same.every(Boolean)).toBe(true);
  });
});
