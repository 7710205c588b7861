// The app's account access manager roles: listed with a session's sync once it names a tenant,
// named after the portal's accounts where the API gives no name, acting as themselves (credentials
// by ARN, a federation console, an exec line), never through the portal, and gone with the tenant.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serviceFixture } from "../../test-support/service-fixture.js";
import type { EntitledRole } from "../../shared/model.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome, writeTokenCache } from "../../simulator/testing.js";
import { createNodePlatform, type NodePlatform } from "../platform/node-platform.js";
import { resolveLocations } from "../locations.js";
import { ACCOUNT_ACCESS_SCOPES } from "../account-access/scopes.js";
import { AppService } from "./service.js";
import { setTenant } from "../account-access/tenant-store.js";

const started = serviceFixture();

async function setup(scopes = ["sso:account:access", ...ACCOUNT_ACCESS_SCOPES]): Promise<{
  sim: Simulator;
  platform: NodePlatform;
  service: AppService;
}> {
  const sim = (started.sim = await startSimulator({
    accounts: 3,
    rolesPerAccount: 1,
    seed: 7,
    accountAccessTenant: "aa-sim",
    entitledRoles: 4,
  }));
  const home = (started.home = await tempHome());
  await mkdir(join(home, ".aws"), { recursive: true });
  await writeFile(
    join(home, ".aws", "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  await writeTokenCache(home, "acme", sim, sim.issueToken({ expiresInSeconds: 8 * 3600, scopes }));
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray"), ...sim.env };
  const platform = createNodePlatform({ open: async () => undefined });
  const service = (started.service = new AppService({
    env,
    locations: resolveLocations(env),
    platform,
  }));
  return { sim, platform, service };
}

/** The next `entitledRoles` event that satisfies `done`. */
function nextEntitled(
  app: AppService,
  done: (roles: EntitledRole[]) => boolean,
): Promise<EntitledRole[]> {
  return new Promise((resolve) => {
    const stop = app.on("entitledRoles", (roles) => {
      if (!done(roles)) return;
      stop();
      resolve(roles);
    });
  });
}

describe("entitled roles in the app", () => {
  it("are listed once the session names a tenant, with every account named", async () => {
    const { sim, service } = await setup();
    expect((await service.getState()).entitledRoles).toEqual([]);
    const named = nextEntitled(
      service,
      (roles) => roles.length === 4 && roles.every((r) => r.accountName !== undefined),
    );
    const status = await service.setAccountAccessTenant({ session: "acme", tenantId: "aa-sim" });
    expect(status.accountAccessTenant).toBe("aa-sim");
    await service.refreshAccounts({ session: "acme" });
    const roles = await named;
    const accounts = new Map(sim.accounts().map((a) => [a.accountId, a.accountName]));
    for (const role of roles) {
      expect(role.accountName).toBe(accounts.get(role.accountId));
      expect(role.roleArn).toBe(`arn:aws:iam::${role.accountId}:role/entitled/${role.roleName}`);
    }
    // The next start shows them at once, from the cache.
    const state = await service.getState();
    expect(state.entitledRoles.map((r) => r.roleArn)).toEqual(roles.map((r) => r.roleArn));
    expect(state.sessions[0]?.accountAccessTenant).toBe("aa-sim");
  });

  it("act as themselves: credentials by ARN, a federation console, an exec line, never the portal", async () => {
    const { sim, platform, service } = await setup();
    await service.setAccountAccessTenant({ session: "acme", tenantId: "aa-sim" });
    const listed = nextEntitled(service, (roles) => roles.length === 4);
    await service.refreshAccounts({ session: "acme" });
    const entitled = (await listed)[1]!;
    const role = {
      session: "acme",
      accountId: entitled.accountId,
      roleName: entitled.roleName,
      roleArn: entitled.roleArn,
    };
    const revealed = await service.revealCredentials({ role });
    expect(revealed.accessKeyId).toMatch(/^ASIA/);
    await service.openConsole({ role });
    const page = await (await fetch(platform.opened[0]!)).text();
    expect(page).toContain(`data-account-id="${entitled.accountId}"`);
    expect(page).toContain(`data-role-name="${entitled.roleName}"`);
    // Kept in memory: the console reused what revealCredentials got.
    expect(sim.requestLog().filter((e) => e.api === "GetEntitledRoleCredentials")).toHaveLength(1);
    await service.copyExecLine({ role });
    expect(platform.clipboard.text).toBe(
      `ssotray exec --session "acme" --role-arn "${entitled.roleArn}" -- `,
    );
    await expect(service.copyConsoleLink({ role, kind: "portal" })).rejects.toThrow(
      /The access portal opens only the roles it lists; Entitled1 is an account access entitlement/,
    );
    // A session set to open consoles through the portal still opens this one by federation.
    await service.updateSettings({
      consoleBrowsers: {
        sessions: { acme: { kind: "default", viaPortal: true } },
        rules: [],
      },
    });
    await service.openConsole({ role });
    expect(platform.opened[1]).not.toContain(sim.startUrl);
  });

  it("are favourites of their own, apart from a permission set of the same name", async () => {
    const { service } = await setup();
    const plain = { session: "acme", accountId: "111111111111", roleName: "Admin" };
    const entitled = { ...plain, roleArn: "arn:aws:iam::111111111111:role/Admin" };
    await service.toggleFavorite({ role: plain });
    expect((await service.toggleFavorite({ role: entitled })).favorites).toEqual([plain, entitled]);
    expect((await service.toggleFavorite({ role: entitled })).favorites).toEqual([plain]);
  });

  it("follow a tenant ssotray names while the app runs", async () => {
    const { sim, service } = await setup();
    await service.setAccountAccessTenant({ session: "acme", tenantId: "aa-sim" });
    const listed = nextEntitled(service, (roles) => roles.length === 4);
    await service.refreshAccounts({ session: "acme" });
    await listed;
    // `ssotray session tenant acme aa-other`, in another process: another tenant's roles are not
    // these, and none of its were listed yet.
    const locations = resolveLocations({
      HOME: started.home!,
      SSOTRAY_HOME: join(started.home!, "ssotray"),
    });
    await setTenant(locations, { name: "acme", startUrl: sim.startUrl }, "aa-other");
    expect((await service.getState()).entitledRoles).toEqual([]);
    // Back to the first: its roles, as cached.
    await setTenant(locations, { name: "acme", startUrl: sim.startUrl }, "aa-sim");
    expect((await service.getState()).entitledRoles).toHaveLength(4);
  });

  it("go with the tenant, in memory and on screen", async () => {
    const { service } = await setup();
    await service.setAccountAccessTenant({ session: "acme", tenantId: "aa-sim" });
    const listed = nextEntitled(service, (roles) => roles.length === 4);
    await service.refreshAccounts({ session: "acme" });
    await listed;
    const cleared = nextEntitled(service, (roles) => roles.length === 0);
    const status = await service.setAccountAccessTenant({ session: "acme", tenantId: null });
    expect(status.accountAccessTenant).toBeUndefined();
    await cleared;
    expect((await service.getState()).entitledRoles).toEqual([]);
  });

  it("leave no credentials in memory once the session's tenant is changed", async () => {
    const { sim, service } = await setup();
    await service.setAccountAccessTenant({ session: "acme", tenantId: "aa-sim" });
    const listed = nextEntitled(service, (roles) => roles.length === 4);
    await service.refreshAccounts({ session: "acme" });
    const entitled = (await listed)[0]!;
    const role = {
      session: "acme",
      accountId: entitled.accountId,
      roleName: entitled.roleName,
      roleArn: entitled.roleArn,
    };
    const fetched = () =>
      sim.requestLog().filter((e) => e.api === "GetEntitledRoleCredentials").length;
    await service.revealCredentials({ role });
    expect(fetched()).toBe(1);
    await service.setAccountAccessTenant({ session: "acme", tenantId: null });
    await service.setAccountAccessTenant({ session: "acme", tenantId: "aa-sim" });
    // Asked again of the tenant named now, not served from what the earlier one gave.
    await service.revealCredentials({ role });
    expect(fetched()).toBe(2);
  });

  it("tell the user what to do when the sign-in lacks the account access scopes", async () => {
    const { service } = await setup(["sso:account:access"]);
    const notices: string[] = [];
    service.on("notice", (n) => notices.push(n.message));
    await service.setAccountAccessTenant({ session: "acme", tenantId: "aa-sim" });
    await expect
      .poll(() => notices.join("\n"))
      .toMatch(
        /Entitled roles of session 'acme' were not listed: .*lacks the scope account_access:read_only.*needs a new sign-in/,
      );
  });
});
