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
