// How many portal calls a command naming an account costs: the simulator's request log is the
// witness. The CLI runs in this process (runSsotray) against the simulator, with an isolated HOME.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { accountCacheFile } from "../core/portal/account-cache.js";
import { compareNames } from "../shared/account-order.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { runCli } from "./program.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { resolveLocations } from "../core/locations.js";

let sim: Simulator;

beforeAll(async () => {
  // Three pages of accounts, at the portal's documented rate.
  sim = await startSimulator({ accounts: 230, rolesPerAccount: 2, portalRateLimit: 20, seed: 5 });
});
afterAll(async () => {
  await sim.close();
  removeCliHomes();
});
beforeEach(() => sim.clearRequestLog());

type Env = Record<string, string>;

/** A HOME with [sso-session acme] and a sign-in cached as `aws sso login` leaves it. */
function signedInHome(): Env {
  return cliHome(sim).env;
}

/** A cached complete list of the simulator's accounts, synced `ageHours` ago. */
function cacheList(env: Env, ageHours = 0): void {
  const file = accountCacheFile(resolveLocations(env).cache, "acme");
  mkdirSync(path.dirname(file), { recursive: true });
  const syncedAt = new Date(Date.now() - ageHours * 3_600_000);
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      session: "acme",
      startUrl: sim.startUrl,
      region: sim.region,
      syncedAt: syncedAt.toISOString(),
      accounts: sim.accounts().map((a) => ({ ...a, roles: [...a.roles] })),
    }),
  );
  utimesSync(file, syncedAt, syncedAt);
}

function ssotray(env: Env, ...args: string[]) {
  return runSsotray(env, args);
}

/** The listings made, in order, as API names (role listings with their account). */
function portalCalls(): string[] {
  return sim
    .requestLog()
    .filter((r) => r.api === "ListAccounts" || r.api === "ListAccountRoles")
    .map((r) => (r.api === "ListAccountRoles" ? `${r.api} ${r.accountId}` : r.api));
}

const ACCOUNT_PAGES = ["ListAccounts", "ListAccounts", "ListAccounts"];

describe("a command naming an account", () => {
  const target = () => sim.accounts()[200]!;
  const exec = [process.execPath, "-e", "process.exit(process.env.AWS_SESSION_TOKEN ? 0 : 9)"];

  it.each([
    ["creds", ["creds"]],
    ["console", ["console", "--print"]],
    ["credential-process", ["credential-process", "--session", "acme"]],
    ["exec", ["exec"]],
  ])(
    "%s, with nothing cached, lists the accounts and that one account's roles: never a whole sync",
    async (_name, command) => {
      const env = signedInHome();
      const account = target();
      const trailing = command[0] === "exec" ? ["--", ...exec] : [];
      const result = await ssotray(
        env,
        ...command,
        "--account",
        account.accountName,
        "--role",
        account.roles[1]!,
        ...trailing,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(portalCalls()).toEqual([...ACCOUNT_PAGES, `ListAccountRoles ${account.accountId}`]);
      expect(sim.requestLog().filter((r) => r.api === "GetRoleCredentials")).toHaveLength(1);
      expect(sim.requestLog().filter((r) => r.status === 429)).toEqual([]);
    },
  );

  it("an account id with a role needs no listing at all", async () => {
    const env = signedInHome();
    const account = target();
    const result = await ssotray(
      env,
      "creds",
      "--account",
      account.accountId,
      "--role",
      account.roles[0]!,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(sim.requestLog().map((r) => r.api)).toEqual(["GetRoleCredentials"]);
  });

  it("a fresh cached list answers a name without any listing", async () => {
    const env = signedInHome();
    cacheList(env);
    const account = target();
    const result = await ssotray(
      env,
      "creds",
      "--account",
      account.accountName,
      "--role",
      account.roles[0]!,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(portalCalls()).toEqual([]);
  });
});

describe("a typo", () => {
  const account = () => sim.accounts()[17]!;
  /** Two letters swapped in the middle of the name. */
  const typo = () => {
    const name = account().accountName;
    const i = Math.floor(name.length / 2);
    return name.slice(0, i - 1) + name[i] + name[i - 1] + name.slice(i + 1);
  };

  it("is answered from the cached list at once, with the closest names, without the portal", async () => {
    const env = signedInHome();
    cacheList(env);
    for (const command of [["creds"], ["console", "--print"], ["credential-process"]]) {
      const result = await ssotray(env, ...command, "--account", typo(), "--role", "r");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `No account '${typo()}' in session 'acme'; closest: ${account().accountName} (${account().accountId})`,
      );
    }
    // An id one digit short is a typo too.
    const short = account().accountId.slice(0, 11);
    const result = await ssotray(env, "creds", "--account", short, "--role", "r");
    expect(result.stderr).toContain(`closest: ${account().accountName} (${account().accountId})`);
    expect(sim.requestLog()).toEqual([]);
  });

  it("goes to the portal's account list only with --refresh, or when the cache is past its freshness", async () => {
    const env = signedInHome();
    cacheList(env);
    await ssotray(env, "creds", "--account", typo(), "--role", "r", "--refresh");
    expect(portalCalls()).toEqual(ACCOUNT_PAGES);

    sim.clearRequestLog();
    cacheList(env, 30);
    await ssotray(env, "creds", "--account", typo(), "--role", "r");
    expect(portalCalls()).toEqual(ACCOUNT_PAGES);

    // Fresh for a week by the settings: the 30-hour-old list answers.
    sim.clearRequestLog();
    mkdirSync(path.dirname(resolveLocations(env).settings), { recursive: true });
    writeFileSync(resolveLocations(env).settings, JSON.stringify({ accountListFreshHours: 168 }));
    // (The listings above kept their account list: put the 30-hour-old one back.)
    cacheList(env, 30);
    const result = await ssotray(env, "creds", "--account", typo(), "--role", "r");
    expect(result.stderr).toContain(`closest: ${account().accountName}`);
    expect(portalCalls()).toEqual([]);
  });

  it("a name not in the cached list at all is looked for in the portal's account list", async () => {
    const env = signedInHome();
    cacheList(env);
    const result = await ssotray(env, "creds", "--account", "zzzz-unheard-of", "--role", "r");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("No account 'zzzz-unheard-of' in session 'acme'");
    expect(portalCalls()).toEqual(ACCOUNT_PAGES);
  });
});

describe("the account list a lookup listed", () => {
  const creds = (env: Env, account: { accountName: string; roles: string[] }) =>
    ssotray(env, "creds", "--account", account.accountName, "--role", account.roles[0]!);

  it("answers the next lookup by name while fresh: only that account's roles are listed", async () => {
    const env = signedInHome();
    const [first, second] = [sim.accounts()[200]!, sim.accounts()[3]!];
    expect((await creds(env, first)).code).toBe(0);
    expect(portalCalls()).toEqual([...ACCOUNT_PAGES, `ListAccountRoles ${first.accountId}`]);

    sim.clearRequestLog();
    const result = await creds(env, second);
    expect(result.code, result.stderr).toBe(0);
    expect(portalCalls()).toEqual([`ListAccountRoles ${second.accountId}`]);
  });

  it("is listed again once past the freshness setting", async () => {
    const env = signedInHome();
    mkdirSync(path.dirname(resolveLocations(env).settings), { recursive: true });
    writeFileSync(resolveLocations(env).settings, JSON.stringify({ accountListFreshHours: 0 }));
    const account = sim.accounts()[200]!;
    await creds(env, account);
    sim.clearRequestLog();
    expect((await creds(env, account)).code).toBe(0);
    expect(portalCalls()).toEqual([...ACCOUNT_PAGES, `ListAccountRoles ${account.accountId}`]);
  });

  it("keeps the roles a stale complete list knew, and marks only new accounts pending", async () => {
    const env = signedInHome();
    cacheList(env, 30);
    const file = accountCacheFile(resolveLocations(env).cache, "acme");
    // The stale list lacks one account the portal has now.
    const stale = JSON.parse(readFileSync(file, "utf8")) as { accounts: { accountId: string }[] };
    const added = sim.accounts()[5]!;
    stale.accounts = stale.accounts.filter((a) => a.accountId !== added.accountId);
    writeFileSync(file, JSON.stringify(stale));
    await ssotray(env, "creds", "--account", "zzzz-unheard-of", "--role", "r");
    const kept = JSON.parse(readFileSync(file, "utf8")) as {
      version: number;
      accounts: { accountId: string; roles: string[]; rolesPending?: true }[];
    };
    expect(kept.version).toBe(2);
    expect(kept.accounts).toHaveLength(230);
    expect(kept.accounts.filter((a) => a.rolesPending).map((a) => a.accountId)).toEqual([
      added.accountId,
    ]);
    const other = sim.accounts()[6]!;
    expect(kept.accounts.find((a) => a.accountId === other.accountId)?.roles).toEqual(other.roles);
  });
});

describe("ssotray accounts", () => {
  it("lists in one order, by name, after a sync and after a lookup of a name the list lacks", async () => {
    const small = await startSimulator({ accounts: 12, rolesPerAccount: 1, seed: 8 });
    try {
      const env = cliHome(small).env;
      const names = async () => {
        const out = await ssotray(env, "accounts", "--json");
        expect(out.code, out.stderr).toBe(0);
        return (JSON.parse(out.stdout) as Array<{ accountName: string }>).map((p) => p.accountName);
      };
      const synced = await names();
      expect(synced).toEqual([...synced].sort(compareNames));
      expect(synced).not.toEqual(small.accounts().map((a) => a.accountName));
      // A name the cached list lacks sends the command to the portal's list, which it keeps.
      const lookup = await ssotray(env, "creds", "--account", "not-an-account", "--role", "x");
      expect(lookup.stderr).toMatch(/No account 'not-an-account'/);
      expect(await names()).toEqual(synced);
    } finally {
      await small.close();
    }
  });
});

describe("on a terminal", () => {
  /** `ssotray ARGS` with stderr as a terminal: its progress lines are drawn there. */
  async function onTerminal(env: Env, ...args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runCli(args, env, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stderrIsTTY: true,
    });
    return { code, stdout, stderr };
  }

  /** `creds` for an account named by its name, which (with nothing cached) lists the accounts. */
  const byName = () => {
    const account = sim.accounts()[200]!;
    return ["creds", "--account", account.accountName, "--role", account.roles[0]!];
  };

  it("a lookup counts the accounts as they arrive and clears the line after", async () => {
    const result = await onTerminal(signedInHome(), ...byName());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("\r\x1b[KListing accounts: 230 so far");
    expect(result.stderr.endsWith("\r\x1b[K")).toBe(true);
  });

  it("a pipe gets no progress line", async () => {
    const result = await ssotray(signedInHome(), ...byName());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
  });
});
