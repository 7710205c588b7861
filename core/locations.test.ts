import { describe, expect, it } from "vitest";
import { displayPath, resolveLocations } from "./locations.js";

describe("locations", () => {
  it("prefers SSOTRAY_HOME for every file of ours", () => {
    const at = resolveLocations({ SSOTRAY_HOME: "/tmp/x", HOME: "/home/u" }, "darwin");
    expect(at.data).toBe("/tmp/x");
    expect(at.cache).toBe("/tmp/x/cache");
    expect(at.settings).toBe("/tmp/x/settings.json");
    expect(at.accountAccessTenants).toBe("/tmp/x/account-access.json");
    expect(at.keychainSignIns).toBe("/tmp/x/sign-ins");
    expect(at.heldSignIns).toBe("/tmp/x/held-sign-ins");
    expect(at.signInFailures).toBe("/tmp/x/cache/sign-in-failures.json");
    expect(resolveLocations({ SSOTRAY_HOME: "/tmp/x" }, "win32").cache).toBe("/tmp/x/cache");
  });

  it("follows each platform's convention", () => {
    const data = (env: Record<string, string>, platform: NodeJS.Platform) =>
      resolveLocations(env, platform).data;
    expect(data({ HOME: "/home/u" }, "linux")).toBe("/home/u/.config/ssotray");
    expect(data({ HOME: "/home/u", XDG_CONFIG_HOME: "/xdg" }, "linux")).toBe("/xdg/ssotray");
    expect(data({ HOME: "/home/u", XDG_CONFIG_HOME: "relative" }, "linux")).toBe(
      "/home/u/.config/ssotray",
    );
    expect(data({ HOME: "/Users/u" }, "darwin")).toBe(
      "/Users/u/Library/Application Support/SSO Tray",
    );
    expect(data({ APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "win32")).toBe(
      "C:\\Users\\u\\AppData\\Roaming\\SSO Tray",
    );
    expect(resolveLocations({ APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "win32").cache).toBe(
      "C:\\Users\\u\\AppData\\Roaming\\SSO Tray\\cache",
    );
  });

  it("reads the AWS files where the AWS CLI does, with its variables and a leading ~", () => {
    const plain = resolveLocations({ HOME: "/home/u" }, "linux");
    expect(plain.awsConfig).toBe("/home/u/.aws/config");
    expect(plain.awsCredentials).toBe("/home/u/.aws/credentials");
    expect(plain.ssoCache).toBe("/home/u/.aws/sso/cache");
    expect(plain.awsCliCache).toBe("/home/u/.aws/cli/cache");
    const moved = resolveLocations(
      {
        HOME: "/home/u",
        AWS_CONFIG_FILE: "~/dotfiles/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/elsewhere/creds",
      },
      "linux",
    );
    expect(moved.awsConfig).toBe("/home/u/dotfiles/aws-config");
    expect(moved.awsCredentials).toBe("/elsewhere/creds");
    expect(resolveLocations({ USERPROFILE: "/profile" }, "linux").home).toBe("/profile");
  });

  it("keeps the Linux autostart entry in XDG_CONFIG_HOME/autostart, else ~/.config/autostart", () => {
    expect(resolveLocations({ HOME: "/home/u", XDG_CONFIG_HOME: "/x/cfg" }).autostartEntry).toBe(
      "/x/cfg/autostart/sso-tray.desktop",
    );
    expect(resolveLocations({ HOME: "/home/u" }).autostartEntry).toBe(
      "/home/u/.config/autostart/sso-tray.desktop",
    );
  });

  it("shows a path under the home folder with ~", () => {
    const at = resolveLocations({ HOME: "/home/u" }, "linux");
    expect(displayPath(at.awsConfig, at)).toBe("~/.aws/config");
    expect(displayPath("/home/user2/x", at)).toBe("/home/user2/x");
  });
});
