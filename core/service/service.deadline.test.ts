// The app against an endpoint that takes connections and never answers: every action ends with
// its message where it was started (the sync in the session's list, the rest as the call's
// error), the list it had is kept, and a retry once the network is back recovers.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Events } from "../../shared/api.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome } from "../../simulator/testing.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { AppService } from "./service.js";
import { serviceFixture } from "../../test-support/service-fixture.js";
import { withLocations } from "../../test-support/with-locations.js";

const started = serviceFixture();

async function followRedirects(url: string): Promise<void> {
  const answer = await fetch(url, { redirect: "manual" });
  const location = answer.headers.get("location");
  if (location) await fetch(location);
}

type Lists = Array<Events["accounts"]>;

async function signedIn(): Promise<{ sim: Simulator; service: AppService; lists: Lists }> {
  const sim = await startSimulator({ accounts: 5, rolesPerAccount: 2 });
  started.sim = sim;
  const home = await tempHome();
  started.home = home;
  const service = new AppService({
    ...withLocations({
      HOME: home,
      SSOTRAY_HOME: join(home, "ssotray"),
      SSOTRAY_NETWORK_TIMEOUT_MS: "300",
      ...sim.env,
    }),
    platform: createNodePlatform({ open: followRedirects }),
  });
  started.service = service;
  const lists: Lists = [];
  service.on("accounts", (list) => lists.push(list));
  await service.addSession({ startUrl: sim.startUrl, region: sim.region, name: "acme" });
  await service.signIn({ session: "acme", method: "browser" });
  await settled(lists);
  return { sim, service, lists };
}

/** The next list sent that is no longer syncing (the test's timeout ends a wait that never does). */
async function settled(lists: Lists, after = 0): Promise<Events["accounts"]> {
  for (;;) {
    const done = lists.slice(after).find((l) => !l.syncing);
    if (done) return done;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("AppService against a stalled endpoint", () => {
  it("ends a sync with the message in the session's list, keeps the accounts, and a retry recovers", async () => {
    const { sim, service, lists } = await signedIn();
    const before = lists.at(-1)!;
    expect(before.complete).toBe(true);

    sim.setOptions({ stall: ["/assignment/accounts"] });
    const mark = lists.length;
    await service.refreshAccounts({ session: "acme" });
    const failed = await settled(lists, mark);
    expect(failed.error).toMatch(
      /^The portal at http:\/\/127\.0\.0\.1:\d+ did not answer in 3 tries while listing the accounts of session 'acme': check your network and proxy, and AWS_ENDPOINT_URL_SSO if it is set$/,
    );
    expect(failed.accounts).toEqual(before.accounts);
    expect((await service.getState()).accounts[0]?.error).toBe(failed.error);

    sim.setOptions({ stall: [] });
    const retry = lists.length;
    await service.refreshAccounts({ session: "acme" });
    const recovered = await settled(lists, retry);
    expect(recovered.error).toBeUndefined();
    expect(recovered.complete).toBe(true);
    expect(recovered.accounts).toHaveLength(5);
  });

  it("fails copying credentials and opening a console with the endpoint's name, then works again", async () => {
    const { sim, service, lists } = await signedIn();
    const account = lists.at(-1)!.accounts[0]!;
    const role = { session: "acme", accountId: account.accountId, roleName: account.roles[0]! };

    sim.setOptions({ stall: ["portal"] });
    await expect(service.copyCredentials({ role, format: "bash" })).rejects.toThrow(
      /^The portal at .* did not answer in 3 tries while getting credentials for role/,
    );
    sim.setOptions({ stall: ["federation"] });
    await expect(service.openConsole({ role })).rejects.toThrow(
      /^The console sign-in service at http:\/\/127\.0\.0\.1:\d+\/federation did not answer in 3 tries .*AWS_ENDPOINT_URL_SIGNIN/,
    );

    sim.setOptions({ stall: [] });
    await expect(service.copyCredentials({ role, format: "bash" })).resolves.toMatchObject({
      clearsInSeconds: expect.any(Number),
    });
    await expect(service.openConsole({ role })).resolves.toBeUndefined();
  });

  it("fails a sign-in when IAM Identity Center never answers, and signs in on the next try", async () => {
    const { sim, service } = await signedIn();
    await service.signOut({ session: "acme" });
    sim.setOptions({ stall: ["/token"] });
    await expect(service.signIn({ session: "acme", method: "device" })).rejects.toThrow(
      /^IAM Identity Center at .* did not answer in 3 tries while waiting for the device sign-in: .*AWS_ENDPOINT_URL_SSO_OIDC/,
    );
    sim.setOptions({ stall: [] });
    await expect(service.signIn({ session: "acme", method: "device" })).resolves.toMatchObject({
      state: "signed-in",
    });
  });
});
