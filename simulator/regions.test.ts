// One simulator standing in for every region of a replicated instance: the region is the path
// prefix the client's endpoint carries, and a region taken down answers 503 or not at all.
import { ListAccountsCommand, SSOClient } from "@aws-sdk/client-sso";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGION_PATH_PREFIX, startSimulator, type Simulator } from "./index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ accounts: 3 });
});
afterAll(async () => sim.close());

function portal(region: string): SSOClient {
  return new SSOClient({
    region,
    endpoint: `${sim.url}${REGION_PATH_PREFIX}${region}`,
    maxAttempts: 1,
  });
}

describe("regions of a replicated instance", () => {
  it("answers each region under its prefix and logs which one was called", async () => {
    sim.clearRequestLog();
    const accessToken = sim.issueToken().accessToken;
    const out = await portal("eu-central-1").send(new ListAccountsCommand({ accessToken }));
    expect(out.accountList).toHaveLength(3);
    expect(sim.requestLog().map((e) => [e.api, e.status, e.region])).toEqual([
      ["ListAccounts", 200, "eu-central-1"],
    ]);
  });

  it("refuses a region taken down with 503, and answers the others", async () => {
    sim.setOptions({ downRegions: { "eu-west-1": "unavailable" } });
    const accessToken = sim.issueToken().accessToken;
    await expect(
      portal("eu-west-1").send(new ListAccountsCommand({ accessToken })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    const other = await portal("eu-north-1").send(new ListAccountsCommand({ accessToken }));
    expect(other.accountList).toHaveLength(3);
    sim.setOptions({ downRegions: {} });
  });

  it("takes only a region's name as a prefix", async () => {
    const token = sim.issueToken().accessToken;
    const answer = await fetch(
      `${sim.url}${REGION_PATH_PREFIX}not%2Fa-region/assignment/accounts`,
      {
        headers: { "x-amz-sso_bearer_token": token },
      },
    );
    await answer.arrayBuffer();
    expect(answer.status).toBe(404);
  });
});
