// Which sessions exist, and adding one to ~/.aws/config without disturbing anything else.
import { describe, expect, it } from "vitest";
import { SessionManager, UnknownSessionError } from "./session-manager.js";
import { tempHome } from "../../test-support/test-home.js";
import { resolveLocations } from "../locations.js";
import { withLocations } from "../../test-support/with-locations.js";

const noBrowser = async (): Promise<void> => undefined;

const USER_CONFIG = `# my settings
[default]
region = eu-west-1

[profile legacy]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile uses-session]
sso_session = acme
sso_account_id = 111111111111
sso_role_name = Admin
`;

describe("listing sessions", () => {
  it("lists every sso-session and every legacy SSO profile, signed out when nothing is cached", async () => {
    const home = await tempHome();
    await home.writeConfig(
      `${USER_CONFIG}\n[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n`,
    );
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: noBrowser,
    });
    expect(await manager.list()).toEqual([
      {
        name: "acme",
        startUrl: "https://acme.awsapps.com/start",
        region: "eu-west-1",
        source: "sso-session",
        state: "signed-out",
        canRefresh: false,
      },
      {
        name: "legacy",
        startUrl: "https://old.awsapps.com/start",
        region: "us-east-1",
        source: "legacy-profile",
        state: "signed-out",
        canRefresh: false,
      },
    ]);
  });

  it("lists nothing when there is no config file", async () => {
    const home = await tempHome();
    expect(
      await new SessionManager({
        env: home.env,
        locations: resolveLocations(home.env),
        openBrowser: noBrowser,
      }).list(),
    ).toEqual([]);
  });

  it("names the known sessions when asked for an unknown one", async () => {
    const home = await tempHome();
    await home.writeConfig(USER_CONFIG);
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: noBrowser,
    });
    const error = await manager.get("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSessionError);
    expect((error as Error).message).toBe(
      "There is no session named 'nope'; the sessions are: legacy",
    );
    await expect(
      new SessionManager({ ...withLocations((await tempHome()).env), openBrowser: noBrowser }).get(
        "x",
      ),
    ).rejects.toThrow(
      "none is set up yet; add one with `ssotray login --start-url URL --region REGION`",
    );
  });
});

describe("adding a session", () => {
  it("appends [sso-session NAME] and leaves every other byte alone", async () => {
    const home = await tempHome();
    await home.writeConfig(USER_CONFIG);
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: noBrowser,
    });
    const status = await manager.add({
      startUrl: "https://acme.awsapps.com/start/#/",
      region: "eu-west-1",
    });
    expect(status).toMatchObject({
      name: "acme",
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      state: "signed-out",
    });
    const text = await home.readConfig();
    expect(text.startsWith(USER_CONFIG)).toBe(true);
    expect(text.slice(USER_CONFIG.length)).toMatch(
      /^\n?\[sso-session acme\]\nsso_start_url = https:\/\/acme\.awsapps\.com\/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n$/,
    );
  });

  it("returns the existing session for a start URL already configured", async () => {
    const home = await tempHome();
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: noBrowser,
    });
    await manager.add({
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      name: "work",
    });
    const before = await home.readConfig();
    expect(
      await manager.add({ startUrl: "https://acme.awsapps.com/start/", region: "eu-west-1" }),
    ).toMatchObject({ name: "work" });
    expect(await home.readConfig()).toBe(before);
  });

  it("picks a free name when the suggested one is taken, and refuses a taken name that was asked for", async () => {
    const home = await tempHome();
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: noBrowser,
    });
    await manager.add({ startUrl: "https://acme.awsapps.com/start", region: "eu-west-1" });
    expect(
      await manager.add({ startUrl: "https://acme.example.com/start", region: "eu-west-1" }),
    ).toMatchObject({ name: "acme-2" });
    await expect(
      manager.add({
        startUrl: "https://other.awsapps.com/start",
        region: "eu-west-1",
        name: "acme",
      }),
    ).rejects.toThrow(
      "A session named 'acme' already exists for https://acme.awsapps.com/start; choose another name",
    );
  });

  it.each([
    [
      { startUrl: "http://acme.awsapps.com/start", region: "eu-west-1" },
      "The start URL must look like https://your-org.awsapps.com/start (got 'http://acme.awsapps.com/start'); it must use https://",
    ],
    [
      { startUrl: "https:///start", region: "eu-west-1" },
      "The start URL must look like https://your-org.awsapps.com/start",
    ],
    [
      { startUrl: "https://acme.awsapps.com/portal", region: "eu-west-1" },
      "it should end in /start",
    ],
    [{ startUrl: "acme", region: "eu-west-1" }, "did you mean https://acme.awsapps.com/start?"],
    [
      { startUrl: "https://acme.awsapps.com/start", region: "Ireland" },
      "The region must look like us-east-1 or eu-west-1 (got 'Ireland')",
    ],
    [
      { startUrl: "https://acme.awsapps.com/start", region: "eu-west-9" },
      "IAM Identity Center does not run in 'eu-west-9'",
    ],
    [
      { startUrl: "https://acme.awsapps.com/start", region: "eu-west-1", name: "my session" },
      "try 'my-session'",
    ],
  ])("refuses %j with a message saying what to fix, writing nothing", async (input, message) => {
    const home = await tempHome();
    await home.writeConfig(USER_CONFIG);
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: noBrowser,
    });
    await expect(manager.add(input)).rejects.toThrow(message);
    expect(await home.readConfig()).toBe(USER_CONFIG);
  });
});
