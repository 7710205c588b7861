// A session being added signs in before its [sso-session] is written: the FIPS and dual-stack
// choice made with it must already pick the hosts of that first sign-in, under the environment
// variables as the written keys will be, and over the section of a session already there.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempHome, type TestHome } from "../../test-support/test-home.js";
import { createOidcClient, sessionBaseUrl } from "./aws-clients.js";

const START_URL = "https://acme.awsapps.com/start";
const SECTION = `[sso-session acme]
sso_start_url = ${START_URL}
sso_region = us-east-1
use_fips_endpoint = true
`;

describe("a FIPS and dual-stack choice not yet in the config", () => {
  let home: TestHome;
  beforeAll(async () => {
    home = await tempHome();
  });
  afterAll(async () => {
    if (home) await rm(home.dir, { recursive: true, force: true });
  });

  it("chooses the first sign-in's hosts for a session with no section yet", async () => {
    await home.writeConfig("");
    const env = { ...home.env };
    const oidc = (chosen?: { fips?: boolean; dualStack?: boolean }) =>
      sessionBaseUrl("oidc", "us-east-1", env, home.locations, START_URL, chosen);
    expect(await oidc()).toBe("https://oidc.us-east-1.amazonaws.com");
    expect(await oidc({ fips: true })).toBe("https://oidc-fips.us-east-1.amazonaws.com");
    expect(await oidc({ fips: true, dualStack: true })).toBe("https://oidc-fips.us-east-1.api.aws");
    // The client the sign-in calls resolves the same host as the page the browser is sent to.
    const client = createOidcClient("us-east-1", env, home.locations, START_URL, "standard", {
      fips: true,
    });
    try {
      expect(await client.config.useFipsEndpoint()).toBe(true);
      expect(await client.config.useDualstackEndpoint()).toBe(false);
    } finally {
      client.destroy();
    }
  });

  it("leaves the environment in charge, as it is over the written keys", async () => {
    await home.writeConfig("");
    const env = { ...home.env, AWS_USE_FIPS_ENDPOINT: "false" };
    expect(
      await sessionBaseUrl("oidc", "us-east-1", env, home.locations, START_URL, { fips: true }),
    ).toBe("https://oidc.us-east-1.amazonaws.com");
  });

  it("overrides only what it names in a section already there", async () => {
    await home.writeConfig(SECTION);
    const env = { ...home.env };
    expect(
      await sessionBaseUrl("oidc", "us-east-1", env, home.locations, START_URL, {
        dualStack: true,
      }),
    ).toBe("https://oidc-fips.us-east-1.api.aws");
    expect(
      await sessionBaseUrl("oidc", "us-east-1", env, home.locations, START_URL, { fips: false }),
    ).toBe("https://oidc.us-east-1.amazonaws.com");
  });
});
