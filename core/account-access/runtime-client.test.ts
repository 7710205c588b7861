// The Account Access Runtime client against the simulator: pages, shapes, the bearer token,
// refusals in words, epoch-second and ISO expiry, and a deadline on a stalled endpoint.
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome } from "../../test-support/test-home.js";
import { ACCOUNT_ACCESS_SCOPES } from "./scopes.js";
import {
  accountAccessEndpoint,
  entitledRoleCredentials,
  listEntitledRoles,
  type AccountAccessCall,
} from "./runtime-client.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(
  options: Parameters<typeof startSimulator>[0] = {},
  scopes = ["sso:account:access", ...ACCOUNT_ACCESS_SCOPES],
): Promise<AccountAccessCall> {
  sim = await startSimulator({ accounts: 5, accountAccessTenant: "aa-sim", ...options });
  const home = await tempHome(sim.env);
  home.env.SSOTRAY_NETWORK_TIMEOUT_MS = "300";
  return {
    env: home.env,
    locations: home.locations,
    region: sim.region,
    tenantId: "aa-sim",
    accessToken: sim.issueToken({ scopes }).accessToken,
    sleep: async () => undefined,
  };
}

describe("the Account Access Runtime client", () => {
  it("lists every entitled role across pages, with role names from the ARNs", async () => {
    const call = await setup({ entitledRoles: 230 });
    const roles = await listEntitledRoles(call);
    expect(roles).toHaveLength(230);
    expect(roles[1]).toMatchObject({
      roleName: "Entitled1",
      roleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\/entitled\/Entitled1$/),
    });
    expect(roles[1]!.accountName).toBeUndefined();
    expect(sim!.requestLog().filter((e) => e.api === "ListEntitledRoles")).toHaveLength(3);
  });

  it("gets credentials by ARN, with expiresAt in epoch seconds or ISO 8601", async () => {
    const call = await setup();
    const [role] = await listEntitledRoles(call);
    const creds = await entitledRoleCredentials({ ...call, roleArn: role!.roleArn });
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(Date.parse(creds.expiration)).toBeGreaterThan(Date.now());
    sim!.setOptions({ accountAccessIsoExpiry: true });
    const iso = await entitledRoleCredentials({ ...call, roleArn: role!.roleArn });
    expect(Date.parse(iso.expiration)).toBeGreaterThan(Date.now());
  });

  it("says what was refused: the token, the tenant, the scope, the role", async () => {
    const call = await setup({}, ["sso:account:access"]);
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /Account access refused listing entitled roles: The access token lacks the scope account_access:read_only/,
    );
    await expect(listEntitledRoles({ ...call, accessToken: "nope" })).rejects.toMatchObject({
      unauthorized: true,
    });
    await expect(listEntitledRoles({ ...call, tenantId: "Tenant 1" })).rejects.toThrow(
      /The tenant id must look like aa-example/,
    );
    await expect(
      entitledRoleCredentials({ ...call, roleArn: "arn:aws:iam::123456789012:role/X" }),
    ).rejects.toThrow(/Account access refused getting credentials/);
  });

  it("backs off and tries again while throttled or failing, and gives up in words", async () => {
    const call = await setup({ entitledRoles: 230, apiRateLimits: { ListEntitledRoles: 1 } });
    const waits: number[] = [];
    const roles = await listEntitledRoles({
      ...call,
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    expect(roles).toHaveLength(230);
    expect(waits.length).toBeGreaterThan(0);
    expect(sim!.requestLog().some((e) => e.error === "ThrottlingException")).toBe(true);
    // Never let through: a few tries, then what to do.
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /Account access kept throttling listing entitled roles; try again later/,
    );
    sim!.setOptions({ apiRateLimits: {}, serverErrorRate: 1 });
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /Account access refused listing entitled roles: An internal error occurred/,
    );
  });

  it("leaves out roles that are not ones, with one warning, and names nothing from them", async () => {
    const call = await setup({ entitledRoles: 3, accountAccessHostile: "bad-roles" });
    const warnings: string[] = [];
    const roles = await listEntitledRoles(call, (m) => warnings.push(m));
    expect(roles.map((r) => r.roleName)).toEqual(["Entitled0", "Entitled1", "Entitled2"]);
    expect(warnings).toEqual([
      "Left out 4 entitled roles whose account id or role ARN did not look valid",
    ]);
  });

  it("stops an answer of the wrong shape, a page token given before, and a list without end", async () => {
    const call = await setup({ accountAccessHostile: "bad-shape" });
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /answered the list of entitled roles in a shape SSO Tray does not know; nothing was kept/,
    );
    sim!.setOptions({ accountAccessHostile: "repeat-token" });
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /a page token it had given before; the list would never end/,
    );
    sim!.setOptions({ accountAccessHostile: "endless" });
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /listed more than 10,000 entitled roles; SSO Tray stops there/,
    );
    expect(sim!.requestLog().filter((e) => e.api === "ListEntitledRoles").length).toBeLessThan(105);
  });

  it("stops at any page token given before, not only the last one", async () => {
    const call = await setup({ accountAccessHostile: "token-cycle" });
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /a page token it had given before; the list would never end/,
    );
    // First page → A, A → B, B → A: the third answer ends it.
    expect(sim!.requestLog().filter((e) => e.api === "ListEntitledRoles")).toHaveLength(3);
  });

  it("stops empty pages that never end", async () => {
    const call = await setup({ accountAccessHostile: "endless-empty" });
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /answered more than 1,000 pages of entitled roles; SSO Tray stops there/,
    );
    expect(sim!.requestLog().filter((e) => e.api === "ListEntitledRoles")).toHaveLength(1_000);
  });

  it("refuses credentials that are not credentials, and an ARN that is not one before asking", async () => {
    const call = await setup({ accountAccessHostile: "bad-credentials" });
    const arn = "arn:aws:iam::111111111111:role/entitled/Entitled0";
    const roleArn = (await listEntitledRoles(call))[0]!.roleArn;
    await expect(entitledRoleCredentials({ ...call, roleArn })).rejects.toThrow(
      /answered without credentials that look like AWS credentials .*; nothing was kept/,
    );
    sim!.clearRequestLog();
    await expect(entitledRoleCredentials({ ...call, roleArn: `${arn}\n` })).rejects.toThrow(
      /is not an IAM role ARN/,
    );
    expect(sim!.requestLog()).toEqual([]);
  });

  it("ends a stalled call with a message naming the endpoint and its variable", async () => {
    const call = await setup();
    sim!.setOptions({ stall: ["/access"] });
    await expect(listEntitledRoles(call)).rejects.toThrow(
      /Account access at http:\/\/127\.0\.0\.1:\d+ did not answer in 3 tries while listing entitled roles: .*AWS_ENDPOINT_URL_ACCOUNT_ACCESS_RUNTIME/,
    );
  });

  it("is at account-access-runtime.{region}.api.aws unless the variable says otherwise", () => {
    expect(accountAccessEndpoint("eu-west-1", {})).toBe(
      "https://account-access-runtime.eu-west-1.api.aws",
    );
  });
});
