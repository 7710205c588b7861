import { describe, expect, it } from "vitest";
import { assertHttpsUrl, createNodePlatform } from "./node-platform.js";

describe("opening a page in the browser", () => {
  it("opens https pages, and plain http only on the loopback listener of a sign-in", () => {
    for (const url of [
      "https://eu-west-1.console.aws.amazon.com/s3/home",
      "https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH",
      "http://127.0.0.1:4567/oauth/callback",
      "http://localhost:4567/",
    ]) {
      expect(() => assertHttpsUrl(url), url).not.toThrow();
    }
  });

  it("refuses files, scripts, other apps' schemes and http anywhere but the loopback", () => {
    for (const url of [
      "file:///etc/passwd",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vscode://open?file=/etc/passwd",
      "smb://evil.example/share",
      "ftp://evil.example/",
      "http://evil.example/",
      "http://127.0.0.1.evil.example/",
      "http://[::2]/",
    ]) {
      expect(() => assertHttpsUrl(url), url).toThrow(/only https addresses are opened/);
    }
    expect(() => assertHttpsUrl("not a url")).toThrow(/it is not a web address/);
  });

  it("never hands a refused address to the system opener", async () => {
    const seen: string[] = [];
    const platform = createNodePlatform({ open: async (url) => void seen.push(url) });
    await expect(platform.openInBrowser("file:///etc/passwd")).rejects.toThrow(/Refusing to open/);
    await platform.openInBrowser("https://console.aws.amazon.com/");
    expect(seen).toEqual(["https://console.aws.amazon.com/"]);
    expect(platform.opened).toEqual(["https://console.aws.amazon.com/"]);
  });
});
