// A sign-in that carries a FIPS or dual-stack choice: written with the session once it succeeds,
// never for a sign-in that does not, and refused for a legacy profile before anything is asked.
import { readdir, rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { followingBrowser, tempHome, type TestHome } from "../../test-support/test-home.js";
import { SessionConfigError, SessionManager } from "./session-manager.js";

let sim: Simulator | undefined;
let home: TestHome | undefined;
afterEach(async () => {
  await sim?.close();
  if (home) await rm(home.dir, { recursive: true, force: true });
  sim = home = undefined;
});

async function setUp(
  config: (sim: Simulator) => string,
  options: Parameters<typeof startSimulator>[0] = {},
) {
  sim = await startSimulator({ accounts: 3, ...options });
  home = await tempHome(sim.env);
  await home.writeConfig(config(sim));
  const manager = new SessionManager({
    env: home.env,
    locations: home.locations,
    openBrowser: followingBrowser(),
  });
  return { sim, home, manager };
}

describe("a sign-in with a FIPS or dual-stack choice", () => {
  it("refuses a legacy profile before any sign-in starts, and writes nothing", async () => {
    const legacy = (s: Simulator) =>
      `[profile old]\nsso_start_url = ${s.startUrl}\nsso_region = ${s.region}\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`;
    const { home, manager } = await setUp(legacy);
    const before = await home.readConfig();
    await expect(
      manager.signIn("old", { method: "device", endpoints: { fips: true } }),
    ).rejects.toThrow(SessionConfigError);
    // No sign-in ran: neither a registration nor a token reached the AWS CLI's cache.
    expect(await readdir(home.cacheDir).catch(() => [])).toEqual([]);
    expect(await home.readConfig()).toBe(before);
  });

  it("leaves a new session's choice unwritten when its sign-in is cancelled", async () => {
    // Approved only once its page is visited: the sign-in waits, and is cancelled there.
    const { sim, home, manager } = await setUp(() => "", { deviceApproval: "visit" });
    const target = await manager.target({ startUrl: sim.startUrl, region: sim.region });
    const controller = new AbortController();
    await expect(
      manager.signIn(target, {
        method: "device",
        endpoints: { fips: true },
        signal: controller.signal,
        onPrompt: () => controller.abort(),
      }),
    ).rejects.toThrow();
    expect(await home.readConfig()).toBe("");
  });
});
