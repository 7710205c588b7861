// Browser and device sign-ins each get a client registered for their own grant, kept where the
// AWS CLI keeps that kind (device) or where no AWS CLI looks for a device one (browser), and
// reused by the next sign-in of the same kind.
import { readdir, readFile, rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import {
  awsCliRegistrationPath,
  registrationPath,
  type RegistrationKey,
} from "./registration-cache.js";
import { SessionManager } from "./session-manager.js";
import { followingBrowser, tempHome } from "../../test-support/test-home.js";
import { resolveLocations } from "../locations.js";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

let sim: Simulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  sim = dir = undefined;
});

async function setUp() {
  sim = await startSimulator({ accounts: 3 });
  const home = await tempHome(sim.env);
  dir = home.dir;
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  const manager = new SessionManager({
    env: home.env,
    locations: resolveLocations(home.env),
    openBrowser: followingBrowser(),
  });
  const key: RegistrationKey = {
    startUrl: sim.startUrl,
    region: sim.region,
    scopes: ["sso:account:access"],
    sessionName: "acme",
  };
  const read = async (file: string) =>
    JSON.parse(await readFile(file, "utf8")) as { clientId: string; grantTypes?: string[] };
  return {
    sim,
    home,
    manager,
    browserFile: () =>
      read(registrationPath(resolveLocations(home.env), key, "authorization-code")),
    deviceFile: () => read(awsCliRegistrationPath(resolveLocations(home.env), key)),
    registrations: () => sim!.requestLog().filter((r) => r.api === "RegisterClient").length,
  };
}

describe("client registrations of the two sign-in flows", () => {
  it("browser, then device: each flow gets a client with its own grant, and keeps it", async () => {
    const t = await setUp();
    await t.manager.signIn("acme", { method: "browser" });
    expect((await t.browserFile()).grantTypes).toContain("authorization_code");
    // Nothing where an AWS CLI before 2.22 would look for a device registration.
    await expect(t.deviceFile()).rejects.toThrow(/ENOENT/);

    await expect(t.manager.signIn("acme", { method: "device" })).resolves.toMatchObject({
      state: "signed-in",
    });
    const device = await t.deviceFile();
    expect(device.grantTypes).toContain(DEVICE_GRANT);
    expect(device.grantTypes).not.toContain("authorization_code");
    expect(device.clientId).not.toBe((await t.browserFile()).clientId);
    expect(t.registrations()).toBe(2);

    await t.manager.signIn("acme", { method: "browser" });
    await t.manager.signIn("acme", { method: "device" });
    expect(t.registrations()).toBe(2);
  });

  it("device, then browser: the browser flow registers its own client and leaves the device one", async () => {
    const t = await setUp();
    await t.manager.signIn("acme", { method: "device" });
    const device = await t.deviceFile();
    expect(device.grantTypes).toContain(DEVICE_GRANT);

    await t.manager.signIn("acme", { method: "browser" });
    expect((await t.browserFile()).grantTypes).toEqual(["authorization_code", "refresh_token"]);
    expect(await t.deviceFile()).toEqual(device);
    expect(t.registrations()).toBe(2);
    // The token file (sha1 of the session name) and the two registrations, nothing else.
    expect(await readdir(t.home.cacheDir)).toHaveLength(3);
  });

  it("a device flow never starts with a browser-only client the AWS CLI 2.22+ left in its place", async () => {
    const t = await setUp();
    await t.manager.signIn("acme", { method: "browser" });
    // Put the browser registration where AWS CLI 2.22+ keeps it: under the shared name.
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      awsCliRegistrationPath(resolveLocations(t.home.env), {
        startUrl: t.sim.startUrl,
        region: t.sim.region,
        scopes: ["sso:account:access"],
        sessionName: "acme",
      }),
      JSON.stringify({
        ...(await t.browserFile()),
        expiresAt: "2099-01-01T00:00:00Z",
      }),
      { mode: 0o600 },
    );
    await expect(t.manager.signIn("acme", { method: "device" })).resolves.toMatchObject({
      state: "signed-in",
    });
    expect((await t.deviceFile()).grantTypes).toContain(DEVICE_GRANT);
    expect(t.registrations()).toBe(2);
    // Not even tried and refused: the first device authorization was the one that worked.
    expect(
      t.sim
        .requestLog()
        .filter((r) => r.api === "StartDeviceAuthorization")
        .map((r) => r.status),
    ).toEqual([200]);
  });
});
