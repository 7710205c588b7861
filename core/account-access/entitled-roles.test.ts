// Account access end to end in core, against the simulator with the real SSO OIDC client: a
// session that names a tenant signs in with the account access scopes (and one that does not,
// without), lists its entitled roles and keeps them, gets credentials by ARN and reuses them, and
// a refused token is refreshed once.
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { followingBrowser, tempHome, type TestHome } from "../../test-support/test-home.js";
import { SessionManager } from "../sessions/session-manager.js";
import { sha1Hex } from "../sessions/token-cache.js";
import { EntitledRoles, entitledCacheFile, NoTenantError } from "./entitled-roles.js";
import { readTenants, setTenant } from "./tenant-store.js";

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function setUp(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({
    accounts: 4,
    accountAccessTenant: "aa-sim",
    entitledRoles: 6,
    ...options,
  });
  sims.push(sim);
  const home = await tempHome(sim.env);
  const seen: string[] = [];
  const warnings: string[] = [];
  const manager = new SessionManager({
    env: home.env,
    locations: home.locations,
    openBrowser: followingBrowser(seen),
    warn: (m) => warnings.push(m),
  });
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  const entitled = (credentialCacheDir?: string) =>
    new EntitledRoles({
      env: home.env,
      locations: home.locations,
      sessions: manager,
      sleep: async () => undefined,
      ...(credentialCacheDir ? { credentialCacheDir } : {}),
    });
  return { sim, home, manager, seen, warnings, entitled };
}

async function registrationScopes(home: TestHome): Promise<string[][]> {
  const out: string[][] = [];
  for (const name of await readdir(home.cacheDir)) {
    const data = JSON.parse(await readFile(path.join(home.cacheDir, name), "utf8")) as {
      scopes?: string[];
      clientSecret?: string;
      accessToken?: string;
    };
    if (data.clientSecret && !data.accessToken && data.scopes) out.push(data.scopes);
  }
  return out;
}

describe("signing in with an account access tenant", () => {
  it("asks for the account access scopes in the browser and at registration, then names the tenant", async () => {
    const { home, manager, seen } = await setUp();
    const status = await manager.signIn("acme", { method: "browser", tenantId: "aa-sim" });
    expect(status).toMatchObject({ state: "signed-in", accountAccessTenant: "aa-sim" });
    const authorize = new URL(seen[0]!);
    expect(authorize.searchParams.get("scopes")?.split(" ")).toEqual([
      "sso:account:access",
      "account_access:read_only",
      "account_access:assume",
    ]);
    expect(await registrationScopes(home)).toContainEqual([
      "sso:account:access",
      "account_access:read_only",
      "account_access:assume",
    ]);
    // Kept in SSO Tray's data folder, never in ~/.aws/config (the AWS CLI has no key for it).
    expect(await readFile(home.locations.awsConfig, "utf8")).not.toContain("aa-sim");
    expect((await manager.list())[0]?.accountAccessTenant).toBe("aa-sim");
  });

  it("asks at token time in the device flow too, and the token lists and assumes", async () => {
    const { sim, home, manager, entitled } = await setUp();
    await manager.signIn("acme", { method: "device", tenantId: "aa-sim" });
    const token = JSON.parse(
      await readFile(path.join(home.cacheDir, `${sha1Hex("acme")}.json`), "utf8"),
    ) as { accessToken: string };
    expect(sim.scopesAskedFor(token.accessToken)).toEqual([
      "sso:account:access",
      "account_access:read_only",
      "account_access:assume",
    ]);
    const roles = await entitled().list("acme");
    expect(roles).toHaveLength(6);
    const creds = await entitled().credentials({ session: "acme", roleArn: roles[0]!.roleArn });
    expect(creds.accessKeyId).toMatch(/^ASIA/);
  });

  it("changes nothing for a session without a tenant: the token lacks the scopes", async () => {
    const { sim, home, manager, seen, entitled } = await setUp();
    const status = await manager.signIn("acme", { method: "browser" });
    expect(status.accountAccessTenant).toBeUndefined();
    await manager.signIn("acme", { method: "device" });
    const token = JSON.parse(
      await readFile(path.join(home.cacheDir, `${sha1Hex("acme")}.json`), "utf8"),
    ) as { accessToken: string };
    // As the AWS CLI asks: no scope at token time.
    expect(sim.scopesAskedFor(token.accessToken)).toBeUndefined();
    expect(new URL(seen[0]!).searchParams.get("scopes")).toBe("sso:account:access");
    for (const scopes of await registrationScopes(home))
      expect(scopes).toEqual(["sso:account:access"]);
    await expect(entitled().list("acme")).rejects.toBeInstanceOf(NoTenantError);
    await expect(entitled().list("acme")).rejects.toThrow(
      /Session 'acme' names no account access tenant; name it with `ssotray login --session acme --tenant-id aa-…`/,
    );
    // Naming a tenant afterwards: the old sign-in is refused with what to do.
    await manager.setAccountAccessTenant("acme", "aa-sim");
    await expect(entitled().list("acme")).rejects.toThrow(
      /lacks the scope account_access:read_only.*needs a new sign-in, which asks for the account access scopes/,
    );
    // …and the next sign-in asks for them.
    await manager.signIn("acme", { method: "device" });
    expect(await entitled().list("acme")).toHaveLength(6);
    expect(sim.requestLog().filter((e) => e.api === "ListEntitledRoles").length).toBeGreaterThan(1);
  });

  it("keeps no tenant when the sign-in fails, and forgets it with null", async () => {
    const { home, manager } = await setUp({ deviceApproval: "deny" });
    await expect(manager.signIn("acme", { method: "device", tenantId: "aa-sim" })).rejects.toThrow(
      /denied/,
    );
    expect((await manager.get("acme")).accountAccessTenant).toBeUndefined();
    await manager.setAccountAccessTenant("acme", "aa-sim");
    expect((await manager.get("acme")).accountAccessTenant).toBe("aa-sim");
    await manager.setAccountAccessTenant("acme", undefined);
    expect((await manager.get("acme")).accountAccessTenant).toBeUndefined();
    expect(await readTenants(home.locations, [{ name: "acme", startUrl: "x" }])).toEqual(new Map());
  });

  it("says what to do when the instance refuses the account access scopes, and keeps no tenant", async () => {
    const { manager } = await setUp({ refuseAccountAccessScopes: true });
    await expect(manager.signIn("acme", { method: "device", tenantId: "aa-sim" })).rejects.toThrow(
      /refused the account access scopes the tenant aa-sim needs .*Invalid scope: account_access:read_only.*sign in without it \(ssotray login --session acme --no-tenant-id/,
    );
    expect((await manager.get("acme")).accountAccessTenant).toBeUndefined();
    // Without the tenant, nothing changes.
    expect(await manager.signIn("acme", { method: "device" })).toMatchObject({
      state: "signed-in",
    });
  });

  it("takes the registration made with the account access scopes away with its old region", async () => {
    const { sim, home, manager } = await setUp();
    await home.writeConfig(
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ap-south-1\nsso_registration_scopes = sso:account:access\n`,
    );
    await manager.signIn("acme", { method: "device", tenantId: "aa-sim" });
    const before = new Set(await readdir(home.cacheDir));
    const target = await manager.target({
      startUrl: sim.startUrl,
      region: sim.region,
      askedBy: "cli",
    });
    expect(target.change).toEqual({ kind: "region", from: "ap-south-1" });
    await manager.signIn(target, { method: "device" });
    const after = await readdir(home.cacheDir);
    // Only the token file (named by the session) is the same file; the old registrations are gone.
    expect(after.filter((name) => before.has(name))).toEqual([`${sha1Hex("acme")}.json`]);
    expect((await manager.get("acme")).accountAccessTenant).toBe("aa-sim");
  });

  it("refuses a tenant for a legacy profile, which has no scopes to carry it", async () => {
    const { sim, home, manager } = await setUp();
    await home.writeConfig(
      `[profile old]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_account_id = 111111111111\nsso_role_name = R\n`,
    );
    await expect(manager.setAccountAccessTenant("old", "aa-sim")).rejects.toThrow(
      /legacy way .* add an \[sso-session\]/,
    );
    await expect(manager.signIn("old", { method: "device", tenantId: "aa-sim" })).rejects.toThrow(
      /legacy way/,
    );
  });
});

describe("the tenant file", () => {
  it("belongs to the start URL it was named for", async () => {
    const { home } = await setUp();
    await setTenant(
      home.locations,
      { name: "acme", startUrl: "https://a.awsapps.com/start" },
      "aa-one",
    );
    expect(
      await readTenants(home.locations, [
        { name: "acme", startUrl: "https://a.awsapps.com/start/" },
      ]),
    ).toEqual(new Map([["acme", "aa-one"]]));
    expect(
      await readTenants(home.locations, [
        { name: "acme", startUrl: "https://b.awsapps.com/start" },
      ]),
    ).toEqual(new Map());
    await expect(
      setTenant(home.locations, { name: "acme", startUrl: "x" }, "aa-$(id)"),
    ).rejects.toThrow(/A tenant id looks like aa-example/);
  });

  it("sets a damaged file aside with a warning and lists no tenant", async () => {
    const { home, manager, warnings } = await setUp();
    await mkdir(path.dirname(home.locations.accountAccessTenants), { recursive: true });
    await writeFile(home.locations.accountAccessTenants, "{ not json");
    expect((await manager.get("acme")).accountAccessTenant).toBeUndefined();
    expect(warnings.join("\n")).toMatch(
      /account access tenants was damaged and has been set aside as .*account-access\.json\.corrupt-\d+; name each session's tenant again/,
    );
    const names = await readdir(path.dirname(home.locations.accountAccessTenants));
    expect(names.some((n) => n.startsWith("account-access.json.corrupt-"))).toBe(true);
    // A tenant id of the wrong shape in the file is not taken either.
    await writeFile(
      home.locations.accountAccessTenants,
      JSON.stringify({ version: 1, sessions: { acme: { startUrl: "x", tenantId: "aa-x; rm" } } }),
    );
    expect((await manager.get("acme")).accountAccessTenant).toBeUndefined();
  });
});

describe("entitled roles", () => {
  it("are kept for the next reader while the session, region and tenant are the same", async () => {
    const { home, manager, entitled } = await setUp();
    await manager.signIn("acme", { method: "device", tenantId: "aa-sim" });
    const listed = await entitled().list("acme");
    expect(listed[0]).toMatchObject({ session: "acme", roleName: "Entitled0" });
    expect(await entitled().cached("acme")).toEqual(listed);
    // Another tenant's list is not this one's.
    await manager.setAccountAccessTenant("acme", "aa-other");
    expect(await entitled().cached("acme")).toBeUndefined();
    await manager.setAccountAccessTenant("acme", "aa-sim");
    // Nor another region's.
    const config = await readFile(home.locations.awsConfig, "utf8");
    await home.writeConfig(config.replace(/sso_region = .*/, "sso_region = ap-south-2"));
    expect(await entitled().cached("acme")).toBeUndefined();
    await home.writeConfig(config);
    expect(await entitled().cached("acme")).toEqual(listed);
    // What a tampered file adds is left out, as from the API.
    const file = entitledCacheFile(home.locations.cache, "acme");
    const data = JSON.parse(await readFile(file, "utf8")) as { roles: unknown[] };
    data.roles.push({ accountId: "1", roleArn: "arn:aws:iam::1:role/X" });
    data.roles.push({
      accountId: "111111111111",
      accountName: "evil\u001b]0;x\u0007",
      roleArn: "arn:aws:iam::111111111111:role/Y",
    });
    await writeFile(file, JSON.stringify(data));
    const cached = await entitled().cached("acme");
    expect(cached).toHaveLength(listed.length + 1);
    expect(cached!.at(-1)!.accountName).toBe("evil ]0;x");
  });

  it("reuse credentials until the sign-in changes, and keep them in a file a sign-out removes", async () => {
    const { sim, home, manager, entitled } = await setUp();
    await manager.signIn("acme", { method: "device", tenantId: "aa-sim" });
    const [role] = await entitled().list("acme");
    const ref = { session: "acme", roleArn: role!.roleArn };
    sim.clearRequestLog();
    const first = await entitled(home.locations.cache).credentials(ref);
    const again = await entitled(home.locations.cache).credentials(ref);
    expect(again).toEqual(first);
    expect(sim.requestLog().filter((e) => e.api === "GetEntitledRoleCredentials")).toHaveLength(1);
    const files = await readdir(path.join(home.locations.cache, "credentials"));
    const kept = JSON.parse(
      await readFile(path.join(home.locations.cache, "credentials", files[0]!), "utf8"),
    ) as Record<string, unknown>;
    expect(kept).toMatchObject({
      ProviderType: "account-access",
      Session: "acme",
      RoleArn: ref.roleArn,
    });
    // A new sign-in never serves what the last one fetched.
    await manager.signIn("acme", { method: "device" });
    const fresh = await entitled(home.locations.cache).credentials(ref);
    expect(fresh.accessKeyId).not.toBe(first.accessKeyId);
    // Nor does another tenant, under the same sign-in: what the old one entitled goes at once.
    await manager.setAccountAccessTenant("acme", "aa-other");
    expect(await readdir(path.join(home.locations.cache, "credentials"))).toEqual([]);
    await expect(entitled(home.locations.cache).credentials(ref)).rejects.toThrow(
      /No account access application has tenant aa-other/,
    );
  });

  it("refresh a token the API refuses once, and say a sign-in is needed when it refuses again", async () => {
    const { sim, manager, entitled } = await setUp();
    await manager.signIn("acme", { method: "device", tenantId: "aa-sim" });
    sim.endAccessTokens();
    sim.clearRequestLog();
    expect(await entitled().list("acme")).toHaveLength(6);
    const calls = sim.requestLog().map((e) => `${e.api} ${e.status}`);
    expect(calls).toEqual(["ListEntitledRoles 401", "CreateToken 200", "ListEntitledRoles 200"]);
    sim.revokeAllTokens();
    await expect(entitled().list("acme")).rejects.toThrow(/Session 'acme' needs a new sign-in/);
  });

  it("name the API's refusal of a role the user is not entitled to", async () => {
    const { manager, entitled } = await setUp();
    await manager.signIn("acme", { method: "device", tenantId: "aa-sim" });
    await expect(
      entitled().credentials({ session: "acme", roleArn: "arn:aws:iam::123456789012:role/Other" }),
    ).rejects.toThrow(
      /Account access refused getting credentials for arn:aws:iam::123456789012:role\/Other: You are not entitled/,
    );
  });
});
