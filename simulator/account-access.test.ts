// The simulator's Account Access Runtime API on the wire: bearer token, tenant id and scopes
// checked, pages of entitled roles, and credentials that STS and the console federation accept.
import { afterEach, describe, expect, it } from "vitest";
import { ASSUME_SCOPE, READ_SCOPE } from "./account-access.js";
import { startSimulator, type Simulator } from "./index.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const BOTH = ["sso:account:access", READ_SCOPE, ASSUME_SCOPE];

async function call(path: string, token?: string) {
  const res = await fetch(`${sim!.env.AWS_ENDPOINT_URL_ACCOUNT_ACCESS_RUNTIME}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: res.status,
    type: res.headers.get("x-amzn-errortype"),
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe("the simulated Account Access Runtime API", () => {
  it("lists entitled roles page by page and gives credentials by ARN", async () => {
    sim = await startSimulator({ accounts: 3, accountAccessTenant: "aa-sim", entitledRoles: 5 });
    const { accessToken } = sim.issueToken({ scopes: BOTH });
    const first = await call("/access?tenantId=aa-sim&maxResults=2", accessToken);
    expect(first.status).toBe(200);
    const roles = first.body.roles as Array<{ roleArn: string; accountName?: string }>;
    expect(roles).toHaveLength(2);
    expect(roles[0]!.accountName).toBeDefined();
    expect(roles[1]!.accountName).toBeUndefined();
    const rest = await call(
      `/access?tenantId=aa-sim&nextToken=${String(first.body.nextToken)}`,
      accessToken,
    );
    expect((rest.body.roles as unknown[]).length).toBe(3);
    expect(rest.body.nextToken).toBeUndefined();

    const arn = encodeURIComponent(roles[0]!.roleArn);
    const creds = await call(
      `/access/credentials?tenantId=aa-sim&accessType=PROGRAMMATIC_ACCESS&roleArn=${arn}&sessionDuration=900`,
      accessToken,
    );
    expect(creds.status).toBe(200);
    const details = (
      creds.body.credentialsDetails as { programmaticAccess: Record<string, unknown> }
    ).programmaticAccess;
    expect(details.accessKeyId).toMatch(/^ASIA/);
    expect(typeof details.expiresAt).toBe("number");
    expect((details.expiresAt as number) * 1000 - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it("refuses a missing token, another tenant, a missing scope and a role not entitled", async () => {
    sim = await startSimulator({ accounts: 3, accountAccessTenant: "aa-sim" });
    const readOnly = sim.issueToken({ scopes: ["sso:account:access", READ_SCOPE] }).accessToken;
    const plain = sim.issueToken().accessToken;
    expect(await call("/access?tenantId=aa-sim")).toMatchObject({
      status: 401,
      type: "UnauthorizedException",
    });
    expect(await call("/access?tenantId=aa-other", readOnly)).toMatchObject({
      status: 403,
      type: "AccessDeniedException",
    });
    expect(await call("/access?tenantId=bad", readOnly)).toMatchObject({
      status: 400,
      type: "ValidationException",
    });
    expect(await call("/access?tenantId=aa-sim", plain)).toMatchObject({
      status: 403,
      body: { message: `The access token lacks the scope ${READ_SCOPE}` },
    });
    expect(
      await call(
        `/access/credentials?tenantId=aa-sim&accessType=PROGRAMMATIC_ACCESS&roleArn=${encodeURIComponent(
          "arn:aws:iam::123456789012:role/entitled/Entitled0",
        )}`,
        readOnly,
      ),
    ).toMatchObject({
      status: 403,
      body: { message: `The access token lacks the scope ${ASSUME_SCOPE}` },
    });
    const both = sim.issueToken({ scopes: BOTH }).accessToken;
    expect(
      await call(
        `/access/credentials?tenantId=aa-sim&accessType=PROGRAMMATIC_ACCESS&roleArn=${encodeURIComponent(
          "arn:aws:iam::123456789012:role/NotEntitled",
        )}`,
        both,
      ),
    ).toMatchObject({ status: 403, type: "AccessDeniedException" });
  });

  it("answers expiresAt as an ISO string when asked, and nothing at all without a tenant", async () => {
    sim = await startSimulator({
      accounts: 3,
      accountAccessTenant: "aa-sim",
      accountAccessIsoExpiry: true,
    });
    const token = sim.issueToken({ scopes: BOTH }).accessToken;
    const list = await call("/access?tenantId=aa-sim", token);
    const arn = encodeURIComponent((list.body.roles as Array<{ roleArn: string }>)[0]!.roleArn);
    const creds = await call(
      `/access/credentials?tenantId=aa-sim&accessType=PROGRAMMATIC_ACCESS&roleArn=${arn}`,
      token,
    );
    const details = (
      creds.body.credentialsDetails as { programmaticAccess: { expiresAt: unknown } }
    ).programmaticAccess;
    expect(details.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    sim.setOptions({ accountAccessTenant: "" });
    expect(await call("/access?tenantId=aa-sim", token)).toMatchObject({ status: 403 });
  });
});
