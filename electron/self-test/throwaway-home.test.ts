import { existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveLocations } from "../../core/locations.js";
import {
  makeThrowawayHome,
  removeThrowawayHome,
  selfTestTarget,
  throwawayEnv,
} from "./throwaway-home.js";

const endpoints = {
  AWS_ENDPOINT_URL_SSO: "http://127.0.0.1:1",
  AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:1",
};

describe("selfTestTarget", () => {
  it("takes the start URL and region of a local IAM Identity Center", () => {
    expect(
      selfTestTarget({
        ...endpoints,
        SSOTRAY_SELF_TEST_START_URL: "https://sim-acme.awsapps.com/start",
        SSOTRAY_SELF_TEST_REGION: "eu-west-1",
      }),
    ).toEqual({ startUrl: "https://sim-acme.awsapps.com/start", region: "eu-west-1" });
    expect(
      selfTestTarget({ ...endpoints, SSOTRAY_SELF_TEST_START_URL: "https://x.awsapps.com/start" }),
    ).toMatchObject({ region: "us-east-1" });
  });

  it("will not sign in to AWS itself: without the endpoints it says what to set", () => {
    expect(
      selfTestTarget({
        AWS_ENDPOINT_URL_SSO: "http://127.0.0.1:1",
        SSOTRAY_SELF_TEST_START_URL: "https://x.awsapps.com/start",
      }),
    ).toEqual({ problem: expect.stringMatching(/set AWS_ENDPOINT_URL_SSO_OIDC to it$/) });
    expect(selfTestTarget({})).toEqual({
      problem: expect.stringMatching(
        /set AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO, SSOTRAY_SELF_TEST_START_URL to it$/,
      ),
    });
  });

  it("names a start URL or region that is not one", () => {
    expect(
      selfTestTarget({ ...endpoints, SSOTRAY_SELF_TEST_START_URL: "javascript:alert(1)" }),
    ).toEqual({ problem: expect.stringMatching(/^SSOTRAY_SELF_TEST_START_URL must be/) });
    expect(
      selfTestTarget({
        ...endpoints,
        SSOTRAY_SELF_TEST_START_URL: "https://x.awsapps.com/start",
        SSOTRAY_SELF_TEST_REGION: "Frankfurt",
      }),
    ).toEqual({ problem: "SSOTRAY_SELF_TEST_REGION: A region looks like eu-west-1" });
  });
});

describe("throwawayEnv", () => {
  const user = {
    HOME: "/home/user",
    USERPROFILE: "C:\\Users\\user",
    APPDATA: "C:\\Users\\user\\AppData\\Roaming",
    XDG_CONFIG_HOME: "/home/user/.config",
    SSOTRAY_HOME: "/home/user/ssotray",
    AWS_CONFIG_FILE: "/home/user/.aws/config",
    AWS_SHARED_CREDENTIALS_FILE: "/home/user/.aws/credentials",
    HTTPS_PROXY: "http://proxy:3128",
  };

  it.each(["linux", "darwin", "win32"] as const)(
    "%s: every location the app writes is inside the throwaway home",
    (platform) => {
      const home = path.join(path.sep, "tmp", "ssotray-self-test-x");
      const locations = resolveLocations(throwawayEnv(user, home), platform);
      const written = Object.entries(locations).filter(([key]) => key !== "cliLink");
      for (const [key, where] of written)
        expect(path.resolve(where).startsWith(home), `${key}: ${where}`).toBe(true);
    },
  );

  it("keeps what is not a location, such as the proxy", () => {
    expect(throwawayEnv(user, "/tmp/t").HTTPS_PROXY).toBe("http://proxy:3128");
  });
});

describe("the throwaway home", () => {
  it("is private, and gone with what was written in it", () => {
    const home = makeThrowawayHome();
    expect(path.basename(home)).toMatch(/^ssotray-self-test-/);
    if (process.platform !== "win32") expect(statSync(home).mode & 0o777).toBe(0o700);
    writeFileSync(path.join(home, "SingletonLock"), "");
    removeThrowawayHome(home);
    expect(existsSync(home)).toBe(false);
    // Removing it twice (a failed start-up, then the end) is not an error.
    removeThrowawayHome(home);
  });
});
