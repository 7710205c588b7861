// Settings → Endpoints setting a replicated instance's region order through the AppService the app
// runs: the call checked at the boundary, the order written where `ssotray session regions` and
// the AWS CLI read it.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempHome } from "../../simulator/testing.js";
import { resolveLocations } from "../locations.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { AppService } from "./service.js";
import { invokeCall } from "./wire.js";
import { serviceFixture } from "../../test-support/service-fixture.js";

const started = serviceFixture();

async function setup() {
  const home = (started.home = await tempHome());
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray") };
  await mkdir(join(home, ".aws"));
  const configPath = join(home, ".aws", "config");
  await writeFile(
    configPath,
    `[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n` +
      `[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\n`,
  );
  const platform = createNodePlatform({ open: async () => undefined });
  started.service = new AppService({ env, locations: resolveLocations(env), platform });
  return { configPath };
}

describe("a session's region order in the app", () => {
  it("answers the order, and sets it in the session's [sso-session]", async () => {
    const { configPath } = await setup();
    expect(await started.service!.setSessionRegions({ session: "acme" })).toEqual(["eu-west-1"]);
    const published: string[] = [];
    started.service!.on("sessions", (sessions) =>
      published.push(...sessions.filter((s) => s.name === "acme").map((s) => s.region)),
    );

    const set = await invokeCall(started.service!, "setSessionRegions", {
      session: "acme",
      regions: ["eu-central-1", "eu-west-1", "eu-north-1"],
    });
    expect(set).toEqual({ ok: true, value: ["eu-central-1", "eu-west-1", "eu-north-1"] });
    const text = await readFile(configPath, "utf8");
    expect(text).toMatch(/^sso_region = eu-central-1$/m);
    expect(text).toMatch(/^ssotray_fallback_regions = eu-west-1,eu-north-1$/m);
    expect(await started.service!.setSessionRegions({ session: "acme" })).toEqual([
      "eu-central-1",
      "eu-west-1",
      "eu-north-1",
    ]);
    // The session list follows its new sso_region at once.
    expect(published).toEqual(["eu-central-1"]);

    // One region left: the fallback key goes.
    expect(
      await started.service!.setSessionRegions({ session: "acme", regions: ["eu-west-1"] }),
    ).toEqual(["eu-west-1"]);
    expect(await readFile(configPath, "utf8")).not.toMatch(/ssotray_fallback_regions/);
  });

  it("refuses another partition's region, a legacy profile and a bad shape, changing nothing", async () => {
    const { configPath } = await setup();
    const before = await readFile(configPath, "utf8");

    const mixed = await invokeCall(started.service!, "setSessionRegions", {
      session: "acme",
      regions: ["eu-west-1", "us-gov-west-1"],
    });
    expect(mixed).toMatchObject({
      ok: false,
      error: {
        name: "InvalidInput",
        message: expect.stringMatching(/one partition.*us-gov-west-1/),
      },
    });
    const legacy = await invokeCall(started.service!, "setSessionRegions", {
      session: "legacy",
      regions: ["eu-west-1", "eu-central-1"],
    });
    expect(legacy).toMatchObject({
      ok: false,
      error: { name: "InvalidInput", message: expect.stringMatching(/no \[sso-session legacy\]/) },
    });
    const shape = await invokeCall(started.service!, "setSessionRegions", {
      session: "acme",
      regions: ["eu-west-1\n[profile evil]"],
    });
    expect(shape).toMatchObject({
      ok: false,
      error: { name: "InvalidArgument", message: expect.stringMatching(/^setSessionRegions: /) },
    });
    const unknown = await invokeCall(started.service!, "setSessionRegions", { session: "nobody" });
    expect(unknown).toMatchObject({
      ok: false,
      error: { name: "InvalidInput", message: expect.stringMatching(/no session named 'nobody'/) },
    });
    expect(await readFile(configPath, "utf8")).toBe(before);
  });
});
