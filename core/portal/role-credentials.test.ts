import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { RoleCredentialsProvider, type CredentialSessions } from "./role-credentials.js";
import { signedInStatus } from "../../test-support/signed-in-status.js";
import { withLocations } from "../../test-support/with-locations.js";

let sim: Simulator;
/** Never the real HOME: a sign-out sweeps ~/.aws/cli/cache and reads ~/.aws/config. */
let home: string;
const env = () => ({ ...sim.env, HOME: home, USERPROFILE: home });
let sessions: CredentialSessions;
/** Which sign-in the stand-in session holds; undefined = signed out. */
let signIn: string | undefined = "sign-in-1";
let role: { session: string; accountId: string; roleName: string };

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), "ssotray-home-"));
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 2 });
  const token = sim.issueToken({ expiresInSeconds: 8 * 3600 }).accessToken;
  const status = signedInStatus(sim, { canRefresh: false });
  sessions = {
    get: (n) => (n === "acme" ? status : undefined),
    accessToken: async () => {
      if (signIn === undefined) throw new Error("Session 'acme' needs a new sign-in");
      return token;
    },
    signInMark: async () => signIn,
    credentialOwner: async (n) => ({ name: n, source: "sso-session", startUrl: sim.startUrl }),
  };
  const account = sim.accounts()[0]!;
  role = { session: "acme", accountId: account.accountId, roleName: account.roles[0]! };
});
afterAll(async () => {
  await sim.close();
  rmSync(home, { recursive: true, force: true });
});

function fetches(): number {
  return sim.requestLog().filter((r) => r.api === "GetRoleCredentials").length;
}

describe("role credentials", () => {
  it("reuses credentials in memory: one GetRoleCredentials for two calls", async () => {
    sim.clearRequestLog();
    const provider = new RoleCredentialsProvider({ ...withLocations(env()), sessions });
    const [a, b] = await Promise.all([provider.get(role), provider.get(role)]);
    const c = await provider.get(role);
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    expect(fetches()).toBe(1);
  });

  it("renews credentials once fewer than five minutes remain", async () => {
    sim.clearRequestLog();
    let offset = 0;
    const provider = new RoleCredentialsProvider({
      ...withLocations(env()),
      sessions,
      now: () => Date.now() + offset,
    });
    const first = await provider.get(role);
    const leeway = Date.parse(first.expiration) - Date.now() - 5 * 60_000;
    offset = leeway - 1000;
    sim.advanceTime(offset);
    expect(await provider.get(role)).toEqual(first);
    expect(fetches()).toBe(1);
    offset = leeway + 1000;
    sim.advanceTime(2000);
    const renewed = await provider.get(role);
    expect(fetches()).toBe(2);
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
  });

  it("keeps the CLI's copy in a 0600 file that a new process reuses, and forgets it on sign-out", async () => {
    sim.clearRequestLog();
    const cacheDir = mkdtempSync(path.join(home, "creds-"));
    const first = await new RoleCredentialsProvider({
      ...withLocations(env()),
      sessions,
      cacheDir,
    }).get(role);
    const second = new RoleCredentialsProvider({ ...withLocations(env()), sessions, cacheDir });
    expect(await second.get(role)).toEqual(first);
    expect(fetches()).toBe(1);

    const files = readdirSync(path.join(cacheDir, "credentials"));
    expect(files).toHaveLength(1);
    expect(statSync(path.join(cacheDir, "credentials", files[0]!)).mode & 0o777).toBe(0o600);

    await second.forget("other-session");
    expect(readdirSync(path.join(cacheDir, "credentials"))).toHaveLength(1);
    await second.forget("acme");
    expect(readdirSync(path.join(cacheDir, "credentials"))).toHaveLength(0);
    await second.get(role);
    expect(fetches()).toBe(2);
  });

  it("serves nothing cached once the sign-in is gone, and nothing from before a new sign-in", async () => {
    sim.clearRequestLog();
    const cacheDir = mkdtempSync(path.join(home, "creds-"));
    const provider = new RoleCredentialsProvider({ ...withLocations(env()), sessions, cacheDir });
    const before = await provider.get(role);
    try {
      signIn = undefined; // `aws sso logout`, or a sign-out in another process
      await expect(provider.get(role)).rejects.toThrow(/needs a new sign-in/);
      expect(readdirSync(path.join(cacheDir, "credentials"))).toHaveLength(0);
      signIn = "sign-in-2";
      const after = await provider.get(role);
      expect(after.accessKeyId).not.toBe(before.accessKeyId);
      expect(fetches()).toBe(2);
      // Signed in again without a sign-out seen here: the file of the last sign-in is not used.
      signIn = "sign-in-3";
      const fresh = new RoleCredentialsProvider({ ...withLocations(env()), sessions, cacheDir });
      expect((await fresh.get(role)).accessKeyId).not.toBe(after.accessKeyId);
      expect(fetches()).toBe(3);
    } finally {
      signIn = "sign-in-1";
    }
  });

  it("fetches again after a new sign-in, in the same provider's memory (the app's)", async () => {
    sim.clearRequestLog();
    // No cache folder: what it holds is in memory only, as in the app, which keeps one provider
    // across sign-ins.
    const provider = new RoleCredentialsProvider({ ...withLocations(env()), sessions });
    try {
      signIn = "sign-in-2";
      const before = await provider.get(role);
      expect(await provider.get(role)).toEqual(before);
      expect(fetches()).toBe(1);
      // Signed in again (here, by `aws sso login` in a terminal): no sign-out came by.
      signIn = "sign-in-3";
      const after = await provider.get(role);
      expect(fetches()).toBe(2);
      expect(after.accessKeyId).not.toBe(before.accessKeyId);
      expect(await provider.get(role)).toEqual(after);
      expect(fetches()).toBe(2);
    } finally {
      signIn = "sign-in-1";
    }
  });

  it("says which role is not assigned", async () => {
    const provider = new RoleCredentialsProvider({ ...withLocations(env()), sessions });
    await expect(provider.get({ ...role, roleName: "NoSuchRole" })).rejects.toThrow(/NoSuchRole/);
  });
});
