import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { RoleCredentialsProvider } from "../portal/role-credentials.js";
import { createConsoleLink } from "./console-signin.js";
import { signedInStatus } from "../../test-support/signed-in-status.js";
import { withLocations } from "../../test-support/with-locations.js";

let sim: Simulator;
let provider: RoleCredentialsProvider;

beforeAll(async () => {
  sim = await startSimulator({ accounts: 4, rolesPerAccount: 2 });
  const token = sim.issueToken().accessToken;
  const status = signedInStatus(sim, { canRefresh: false });
  provider = new RoleCredentialsProvider({
    ...withLocations({ ...sim.env }),
    sessions: {
      get: () => status,
      accessToken: async () => token,
      signInMark: async () => "signed-in",
      credentialOwner: async () => undefined,
    },
  });
});
afterAll(() => sim.close());

function attribute(html: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];
}

describe("console sign-in", () => {
  it("makes a login URL that signs in to the right account, role and page", async () => {
    const account = sim.accounts()[2]!;
    const roleName = account.roles[1]!;
    const credentials = await provider.get({
      session: "acme",
      accountId: account.accountId,
      roleName,
    });
    const link = await createConsoleLink({
      credentials,
      region: "eu-west-1",
      destination: "/s3/home",
      issuer: sim.startUrl,
      ...withLocations({ ...sim.env }),
    });
    const url = new URL(link.url);
    expect(url.searchParams.get("Action")).toBe("login");
    expect(url.searchParams.get("Issuer")).toBe(sim.startUrl);
    expect(link.destination).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(attribute(html, "data-account-id")).toBe(account.accountId);
    expect(attribute(html, "data-role-name")).toBe(roleName);
    expect(attribute(html, "data-destination")?.replaceAll("&amp;", "&")).toBe(link.destination);
  });

  it("explains refused credentials and an unreachable endpoint", async () => {
    const credentials = {
      accessKeyId: "ASIAFAKE",
      secretAccessKey: "x",
      sessionToken: "y",
      expiration: new Date(Date.now() + 3600e3).toISOString(),
    };
    await expect(
      createConsoleLink({
        credentials,
        region: "us-east-1",
        issuer: "x",
        ...withLocations({ ...sim.env }),
      }),
    ).rejects.toThrow(/answered HTTP 4\d\d: the role credentials were refused/);
    await expect(
      createConsoleLink({
        credentials,
        region: "us-east-1",
        issuer: "x",
        ...withLocations({ AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:1" }),
      }),
    ).rejects.toThrow(
      "Could not reach the console sign-in service at http://127.0.0.1:1/federation; check your network and proxy, and AWS_ENDPOINT_URL_SIGNIN if it is set",
    );
  });
});
