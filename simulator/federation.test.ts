import { GetRoleCredentialsCommand, SSOClient } from "@aws-sdk/client-sso";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./index.js";

let sim: Simulator;
afterEach(async () => sim?.close());

async function credentials() {
  sim = await startSimulator({ accounts: 4, credentialTtlSeconds: 600 });
  const sso = new SSOClient({ region: sim.region, endpoint: sim.url });
  const account = sim.accounts()[2]!;
  const { roleCredentials } = await sso.send(
    new GetRoleCredentialsCommand({
      accessToken: sim.issueToken().accessToken,
      accountId: account.accountId,
      roleName: account.roles[1]!,
    }),
  );
  return { account, role: account.roles[1]!, creds: roleCredentials! };
}

function signinTokenUrl(session: object) {
  const url = new URL(sim.env.AWS_ENDPOINT_URL_SIGNIN);
  url.searchParams.set("Action", "getSigninToken");
  url.searchParams.set("Session", JSON.stringify(session));
  return url;
}

describe("console federation", () => {
  it("turns issued credentials into a sign-in token and a login page naming the account and role", async () => {
    const { account, role, creds } = await credentials();
    const answer = await fetch(
      signinTokenUrl({
        sessionId: creds.accessKeyId,
        sessionKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken,
      }),
    );
    const { SigninToken } = (await answer.json()) as { SigninToken: string };
    const login = new URL(sim.env.AWS_ENDPOINT_URL_SIGNIN);
    const destination = "https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1";
    login.search = new URLSearchParams({
      Action: "login",
      Issuer: "test",
      Destination: destination,
      SigninToken,
    }).toString();
    const html = await (await fetch(login)).text();
    expect(html).toContain(`data-account-id="${account.accountId}"`);
    expect(html).toContain(`data-role-name="${role}"`);
    expect(html).toContain(`Signed in to account ${account.accountName}`);
  });

  it("refuses credentials it did not issue, expired ones, and unknown sign-in tokens", async () => {
    const { creds } = await credentials();
    const forged = await fetch(
      signinTokenUrl({
        sessionId: creds.accessKeyId,
        sessionKey: "forged",
        sessionToken: creds.sessionToken,
      }),
    );
    expect(forged.status).toBe(400);
    const garbage = await fetch(
      `${sim.env.AWS_ENDPOINT_URL_SIGNIN}?Action=getSigninToken&Session=not-json`,
    );
    expect(garbage.status).toBe(400);
    const login = await fetch(
      `${sim.env.AWS_ENDPOINT_URL_SIGNIN}?Action=login&SigninToken=unknown&Destination=x`,
    );
    expect(login.status).toBe(400);
    sim.advanceTime(601_000);
    const expired = await fetch(
      signinTokenUrl({
        sessionId: creds.accessKeyId,
        sessionKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken,
      }),
    );
    expect(await expired.text()).toMatch(/expired/);
  });
});
