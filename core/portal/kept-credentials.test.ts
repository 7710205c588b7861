// Kept credentials (a chained role's, an entitled role's) are reused only while they are good for
// more than five minutes, from memory (the app) as from the file (the CLI). What is kept here is
// real role credentials from the simulator's portal, judged by a clock the test moves.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { FakeClock } from "../../test-support/fake-clock.js";
import { signedInStatus } from "../../test-support/signed-in-status.js";
import { withLocations } from "../../test-support/with-locations.js";
import { KeptCredentials, type KeptFetch } from "./kept-credentials.js";
import { RoleCredentialsProvider, type CredentialSessions } from "./role-credentials.js";

let sim: Simulator;
/** Never the real HOME. */
let home: string;
let portal: RoleCredentialsProvider;
let request: KeptFetch;
const sessions = { signInMark: async () => "sign-in-1" };

beforeEach(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), "ssotray-home-"));
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1 });
  const token = sim.issueToken({ expiresInSeconds: 8 * 3600 }).accessToken;
  const status = signedInStatus(sim, { canRefresh: false });
  const access: CredentialSessions = {
    get: (n) => (n === "acme" ? status : undefined),
    accessToken: async () => token,
    signInMark: sessions.signInMark,
    credentialOwner: async (n) => ({ name: n, source: "sso-session", startUrl: sim.startUrl }),
  };
  portal = new RoleCredentialsProvider({
    ...withLocations({ ...sim.env, HOME: home, USERPROFILE: home }),
    sessions: access,
  });
  const account = sim.accounts()[0]!;
  const role = { session: "acme", accountId: account.accountId, roleName: account.roles[0]! };
  request = {
    session: "acme",
    key: "chain-0123456789abcdef0123456789abcdef01234567",
    describe: { ProviderType: "assume-role", Profile: "deploy" },
    // Straight from the portal each time: only what KeptCredentials keeps is under test.
    fetch: () => portal.get(role, { forceRefresh: true }),
  };
});
afterEach(async () => {
  await sim.close();
  rmSync(home, { recursive: true, force: true });
});

const fetches = () => sim.requestLog().filter((e) => e.api === "GetRoleCredentials").length;

describe.each([
  ["in memory (the app)", false],
  ["in memory and a file (the CLI)", true],
])("credentials kept %s", (_where, withFile) => {
  it("are reused until five minutes before they expire, then fetched again", async () => {
    // The simulator's clock moves with ours, so what it issues later expires later.
    const clock = new FakeClock(Date.now());
    const advance = (ms: number) => {
      clock.advance(ms);
      sim.advanceTime(ms);
    };
    const cacheDir = withFile ? mkdtempSync(path.join(home, "cache-")) : undefined;
    const kept = new KeptCredentials({
      sessions,
      ...(cacheDir ? { cacheDir } : {}),
      now: () => clock.now(),
    });
    const first = await kept.get(request);
    expect(await kept.get(request)).toEqual(first);
    expect(fetches()).toBe(1);

    const expiresAt = Date.parse(first.expiration);
    advance(expiresAt - 5 * 60_000 - 1_000 - clock.now());
    expect(await kept.get(request)).toEqual(first);
    expect(fetches()).toBe(1);

    advance(2_000);
    const second = await kept.get(request);
    expect(fetches()).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(await kept.get(request)).toEqual(second);
    expect(fetches()).toBe(2);
  });
});
