// FIPS and dual-stack chosen in the Add session form: the app's addSession carries the choice to
// the session's first sign-in and into its [sso-session], where `doctor --endpoints` reads it.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSimulator } from "../../simulator/index.js";
import { tempHome } from "../../simulator/testing.js";
import { sessionEndpoints } from "../diagnostics/session-endpoints.js";
import { resolveLocations } from "../locations.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { AppService } from "./service.js";
import { invokeCall } from "./wire.js";
import { serviceFixture } from "../../test-support/service-fixture.js";

const started = serviceFixture();

/** A browser that follows the simulator's auto-approving authorize redirect to our listener. */
async function followRedirects(url: string): Promise<void> {
  const answer = await fetch(url, { redirect: "manual" });
  const location = answer.headers.get("location");
  if (location) await fetch(location);
}

async function setup() {
  const sim = (started.sim = await startSimulator({ accounts: 3, rolesPerAccount: 1 }));
  const home = (started.home = await tempHome());
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray"), ...sim.env };
  started.service = new AppService({
    env,
    locations: resolveLocations(env),
    platform: createNodePlatform({ open: followRedirects }),
  });
  return { sim, env, config: join(home, ".aws", "config") };
}

/** The OIDC host `doctor --endpoints` lists for the session, without the simulator's overrides. */
async function listedOidcHost(env: Record<string, string>, session: string): Promise<string> {
  const aws = Object.fromEntries(
    Object.entries(env).filter(([k]) => !k.startsWith("AWS_ENDPOINT_URL_")),
  );
  const { sessions } = await sessionEndpoints(aws, resolveLocations(aws));
  const entry = sessions.find((s) => s.session === session);
  return new URL(entry?.endpoints.oidc ?? "").hostname;
}

describe("the Add session form's FIPS and dual-stack choice", () => {
  it("writes use_fips_endpoint into the new [sso-session] with it, once its first sign-in succeeds", async () => {
    const { sim, env, config } = await setup();
    await started.service!.addSession({
      startUrl: sim.startUrl,
      region: sim.region,
      name: "gov",
      fips: true,
    });
    // Nothing is written while the first sign-in has not happened.
    expect(await readFile(config, "utf8").catch(() => "")).toBe("");
    await expect(
      started.service!.signIn({ session: "gov", method: "browser" }),
    ).resolves.toMatchObject({
      name: "gov",
      state: "signed-in",
    });
    const text = await readFile(config, "utf8");
    expect(text).toMatch(/^\[sso-session gov\]$/m);
    expect(text).toMatch(/^use_fips_endpoint = true$/m);
    expect(text).not.toMatch(/use_dualstack_endpoint/);
    expect(await listedOidcHost(env, "gov")).toBe(`oidc-fips.${sim.region}.amazonaws.com`);
    expect(await started.service!.setSessionEndpoints({ session: "gov" })).toEqual({
      fips: true,
      dualStack: false,
    });
  });

  it("sets it at once for a portal already configured, which has its section", async () => {
    const { sim, env, config } = await setup();
    await mkdir(dirname(config), { recursive: true });
    await writeFile(
      config,
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\n`,
    );
    await started.service!.addSession({
      startUrl: sim.startUrl,
      region: sim.region,
      dualStack: true,
    });
    expect(await readFile(config, "utf8")).toMatch(/^use_dualstack_endpoint = true$/m);
    expect(await listedOidcHost(env, "acme")).toBe(`oidc.${sim.region}.api.aws`);
  });

  it("refuses a choice that is not a yes or no, naming it", async () => {
    const { sim } = await setup();
    const result = await invokeCall(started.service!, "addSession", {
      startUrl: sim.startUrl,
      region: sim.region,
      fips: "yes",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.name).toBe("InvalidArgument");
      expect(result.error.message).toMatch(/^addSession: .*fips/);
    }
  });
});
