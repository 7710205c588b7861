// The app with a session whose instance is replicated to a second region, the first taken down:
// the sign-in and the account list come through the replica, and the user is told in a notice.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Events } from "../../shared/api.js";
import { startSimulator } from "../../simulator/index.js";
import { tempHome } from "../../simulator/testing.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { resolveLocations } from "../locations.js";
import { setSessionRegions } from "../sessions/region-order.js";
import { AppService } from "./service.js";
import { serviceFixture } from "../../test-support/service-fixture.js";
import { routeRegionsTo } from "../../test-support/regional-endpoints.js";
import { withLocations } from "../../test-support/with-locations.js";

const started = serviceFixture();
let unroute: () => void = () => undefined;
afterAll(() => unroute());

async function followRedirects(url: string): Promise<void> {
  const answer = await fetch(url, { redirect: "manual" });
  const location = answer.headers.get("location");
  if (location) await fetch(location);
}

describe("AppService with a replicated instance", () => {
  it("signs in and lists accounts through the second region, with a notice naming both", async () => {
    const sim = await startSimulator({ accounts: 5, region: "eu-west-1" });
    started.sim = sim;
    unroute = routeRegionsTo(sim);
    const home = await tempHome();
    started.home = home;
    const env = {
      HOME: home,
      SSOTRAY_HOME: join(home, "ssotray"),
      SSOTRAY_NETWORK_TIMEOUT_MS: "300",
      ...sim.env,
    };
    const service = new AppService({
      ...withLocations(env),
      platform: createNodePlatform({ open: followRedirects }),
    });
    started.service = service;
    const notices: Array<Events["notice"]> = [];
    service.on("notice", (n) => notices.push(n));
    const lists: Array<Events["accounts"]> = [];
    service.on("accounts", (list) => lists.push(list));

    await mkdir(join(home, ".aws"), { recursive: true });
    await writeFile(
      resolveLocations(env).awsConfig,
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = eu-west-1\n`,
    );
    await setSessionRegions(resolveLocations(env), "acme", ["eu-west-1", "eu-central-1"]);
    sim.setOptions({ downRegions: { "eu-west-1": "stall" } });

    await service.signIn({ session: "acme", method: "browser" });
    for (;;) {
      if (lists.some((l) => !l.syncing)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const done = lists.find((l) => !l.syncing)!;
    expect(done.complete).toBe(true);
    expect(done.accounts).toHaveLength(sim.accounts().length);
    expect(
      notices.some(
        (n) => n.message.includes("eu-central-1") && n.message.includes("in place of eu-west-1"),
      ),
    ).toBe(true);
    const answered = sim.requestLog().filter((e) => e.status === 200 && e.api === "ListAccounts");
    expect(answered.map((e) => e.region)).toEqual(answered.map(() => "eu-central-1"));
  });
});
