import { describe, expect, it } from "vitest";
import { cacheDir, dataDir } from "./app-paths.js";

describe("app paths", () => {
  it("prefers SSOTRAY_HOME everywhere", () => {
    expect(dataDir({ SSOTRAY_HOME: "/tmp/x", HOME: "/home/u" }, "darwin")).toBe("/tmp/x");
    expect(cacheDir({ SSOTRAY_HOME: "/tmp/x" }, "linux")).toBe("/tmp/x/cache");
  });

  it("follows each platform's convention", () => {
    expect(dataDir({ HOME: "/home/u" }, "linux")).toBe("/home/u/.config/ssotray");
    expect(dataDir({ HOME: "/home/u", XDG_CONFIG_HOME: "/xdg" }, "linux")).toBe("/xdg/ssotray");
    expect(dataDir({ HOME: "/home/u", XDG_CONFIG_HOME: "relative" }, "linux")).toBe(
      "/home/u/.config/ssotray",
    );
    expect(dataDir({ HOME: "/Users/u" }, "darwin")).toBe(
      "/Users/u/Library/Application Support/SSO Tray",
    );
    expect(dataDir({ APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "win32")).toBe(
      "C:\\Users\\u\\AppData\\Roaming\\SSO Tray",
    );
    expect(cacheDir({ APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "win32")).toBe(
      "C:\\Users\\u\\AppData\\Roaming\\SSO Tray\\cache",
    );
  });
});
