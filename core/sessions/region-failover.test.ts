// An instance replicated to a second region, against the simulator with one region taken down:
// sign-in and the account sync move to the replica and say so, come back to the first region
// later, and a refresh goes to the region that issued the token.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RegionOutage, type Simulator } from "../../simulator/index.js";
import { AccountDirectory } from "../portal/account-directory.js";
import { RoleCredentialsProvider } from "../portal/role-credentials.js";
import { resolveLocations } from "../locations.js";
import { followingBrowser, tempHome } from "../../test-support/test-home.js";
import { routeRegionsTo } from "../../test-support/regional-endpoints.js";
import { RETRY_FIRST_REGION_AFTER_MS } from "./region-failover.js";
import { SessionManager } from "./session-manager.js";
import { sha1Hex } from "./token-cache.js";

const FIRST = "eu-west-1";
const SECOND = "eu-central-1";

let sim: Simulator;
let unroute: () => void;
beforeAll(async () => {
  sim = await startSimulator({ accounts: 4, region: FIRST });
  unroute = routeRegionsTo(sim);
});
afterAll(async () => {
  unroute();
  await sim.close();
});
afterEach(() => {
  sim.setOptions({ downRegions: {} });
  sim.clearRequestLog();
});

async function setUp() {
  // A short deadline: a stalled region costs the test its attempts × this, not minutes.
  const home = await tempHome({ ...sim.env, SSOTRAY_NETWORK_TIMEOUT_MS: "300" });
  const clock = { now: Date.now() };
  const notices: string[] = [];
  const manager = new SessionManager({
    env: home.env,
    locations: resolveLocations(home.env),
    openBrowser: followingBrowser(),
    now: () => clock.now,
    warn: (m) => notices.push(m),
  });
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${FIRST}\nssotray_fallback_regions = ${SECOND}\nsso_registration_scopes = sso:account:access\n`,
  );
  const directory = new AccountDirectory({
    env: home.env,
    locations: home.locations,
    sessions: manager,
    cacheDir: path.join(home.dir, "cache"),
    now: () => clock.now,
    progressIntervalMs: 0,
    connectionOptions: { giveUpAfterMs: 1_000 },
    warn: () => undefined,
  });
  const tokenFile = path.join(home.cacheDir, `${sha1Hex("acme")}.json`);
  return { home, manager, directory, clock, notices, tokenFile };
}

/** The regions the simulator answered calls of an API in, in order. */
function answeredIn(api: string): string[] {
  return sim
    .requestLog()
    .filter((e) => e.api === api && e.status === 200)
    .map((e) => e.region ?? "none");
}

describe.each<RegionOutage>(["unavailable", "stall"])("first region %s", (outage) => {
  it("signs in and syncs through the second region, saying so", async () => {
    const { manager, directory, notices, tokenFile } = await setUp();
    sim.setOptions({ downRegions: { [FIRST]: outage } });

    const status = await manager.signIn("acme", { method: "browser", onPrompt: () => undefined });
    expect(status.state).toBe("signed-in");
    expect(answeredIn("CreateToken")).toEqual([SECOND]);
    // The token file names the region that issued the token.
    const cached = JSON.parse(await readFile(tokenFile, "utf8")) as { region: string };
    expect(cached.region).toBe(SECOND);
    expect(notices.some((n) => n.includes(FIRST) && n.includes(SECOND))).toBe(true);

    const accounts = await directory.sync("acme");
    expect(accounts.complete).toBe(true);
    expect(accounts.accounts).toHaveLength(sim.accounts().length);
    expect(new Set(answeredIn("ListAccounts"))).toEqual(new Set([SECOND]));
  });
});

describe("an account lookup by name", () => {
  it("lists the accounts in the second region when the first answers 503", async () => {
    const { manager, directory } = await setUp();
    await manager.signIn("acme", { method: "browser", onPrompt: () => undefined });
    sim.setOptions({ downRegions: { [FIRST]: "unavailable" } });
    sim.clearRequestLog();
    const accounts = await directory.listAccounts("acme");
    expect(accounts).toHaveLength(sim.accounts().length);
    expect(answeredIn("ListAccounts")).toEqual([SECOND]);
    expect(
      (await directory.accountRoles("acme", sim.accounts()[0]!.accountId)).length,
    ).toBeGreaterThan(0);
    expect(answeredIn("ListAccountRoles")).toEqual([SECOND]);
  });
});

describe("role credentials", () => {
  it("come from the second region while the first gives no answer", async () => {
    const { home, manager, notices } = await setUp();
    sim.setOptions({ downRegions: { [FIRST]: "stall" } });
    await manager.signIn("acme", { method: "browser", onPrompt: () => undefined });
    const account = sim.accounts()[1]!;
    const provider = new RoleCredentialsProvider({
      env: home.env,
      locations: home.locations,
      sessions: manager,
    });
    const creds = await provider.get({
      session: "acme",
      accountId: account.accountId,
      roleName: account.roles[0]!,
    });
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(answeredIn("GetRoleCredentials")).toEqual([SECOND]);
    expect(notices.some((n) => n.includes(`in ${SECOND} in place of ${FIRST}`))).toBe(true);
  });
});

describe("the first region back", () => {
  it("is used again once the wait is over, with a notice", async () => {
    const { manager, directory, clock, notices } = await setUp();
    sim.setOptions({ downRegions: { [FIRST]: "unavailable" } });
    await manager.signIn("acme", { method: "browser", onPrompt: () => undefined });
    await directory.sync("acme");
    sim.setOptions({ downRegions: {} });
    sim.clearRequestLog();

    // Within the wait the replica stays in use: the first region is not asked.
    await directory.sync("acme");
    expect(new Set(answeredIn("ListAccounts"))).toEqual(new Set([SECOND]));

    sim.clearRequestLog();
    clock.now += RETRY_FIRST_REGION_AFTER_MS;
    notices.length = 0;
    await directory.sync("acme");
    expect(new Set(answeredIn("ListAccounts"))).toEqual(new Set([FIRST]));
    expect(notices.some((n) => n.includes(`in ${FIRST} answers again`))).toBe(true);
  });

  it("refreshes the token in the region that issued it", async () => {
    const { manager, tokenFile } = await setUp();
    sim.setOptions({ downRegions: { [FIRST]: "unavailable" } });
    await manager.signIn("acme", { method: "browser", onPrompt: () => undefined });
    sim.setOptions({ downRegions: {} });
    sim.clearRequestLog();

    await manager.accessToken("acme", { forceRefresh: true });
    expect(answeredIn("CreateToken")).toEqual([SECOND]);

    // A cache file naming a region that is not the session's is not followed.
    const cached = JSON.parse(await readFile(tokenFile, "utf8")) as Record<string, string>;
    await writeFile(tokenFile, JSON.stringify({ ...cached, region: "us-west-2" }));
    sim.clearRequestLog();
    await manager.accessToken("acme", { forceRefresh: true });
    expect(answeredIn("CreateToken")).toEqual([FIRST]);
  });
});

describe("errors that are the instance's answer", () => {
  it("do not move to the replica: a refused token is refused everywhere", async () => {
    const { manager, directory, notices } = await setUp();
    await manager.signIn("acme", { method: "browser", onPrompt: () => undefined });
    sim.revokeAllTokens();
    sim.clearRequestLog();

    await expect(directory.sync("acme")).rejects.toThrow(/sign in/i);
    expect(notices.filter((n) => n.includes(SECOND))).toEqual([]);
    const regions = sim
      .requestLog()
      .filter((e) => e.api === "ListAccounts")
      .map((e) => e.region);
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r === FIRST)).toBe(true);
  });
});

describe("every region down", () => {
  it("names each region tried", async () => {
    const { manager } = await setUp();
    sim.setOptions({ downRegions: { [FIRST]: "unavailable", [SECOND]: "unavailable" } });
    await expect(
      manager.signIn("acme", { method: "browser", onPrompt: () => undefined }),
    ).rejects.toThrow(`tried ${FIRST}, ${SECOND}`);
  });
});
