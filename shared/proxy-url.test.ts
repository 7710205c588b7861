import { describe, expect, it } from "vitest";
import { parseCallInput } from "./api.js";
import { maskProxyText, proxyUrlProblem } from "./proxy-url.js";

describe("the proxy URL in Settings", () => {
  it("takes http(s)://[user:password@]host[:port] and nothing else", () => {
    for (const good of [
      "http://proxy.example.com:3128",
      "https://proxy.example.com",
      "http://alice:s%40cret@10.0.0.1:8080/",
    ])
      expect(proxyUrlProblem(good), good).toBeUndefined();
    expect(proxyUrlProblem("")).toMatch(/Give the proxy's URL/);
    expect(proxyUrlProblem("proxy:3128")).toMatch(/must start with http:\/\/ or https:\/\//);
    expect(proxyUrlProblem("socks5://proxy:1080")).toMatch(/must start with http:\/\//);
    expect(proxyUrlProblem("not a url")).toMatch(/looks like http:\/\/proxy.example.com:3128/);
    expect(proxyUrlProblem("http://proxy:3128/path")).toMatch(/only a scheme, host and port/);
    expect(proxyUrlProblem("http://proxy:3128?x=1")).toMatch(/only a scheme, host and port/);
  });

  it("quotes a refused URL without its user name, password or query", () => {
    const said = [
      proxyUrlProblem("http://S3cretTOKEN@proxy:3128/path"),
      proxyUrlProblem("http://u:S3cret@proxy:3128?S3cret=1"),
      proxyUrlProblem("S3cretTOKEN@ not a url ?S3cret"),
      proxyUrlProblem("socks5://S3cretTOKEN@proxy:1080"),
    ];
    for (const message of said) {
      expect(message).toBeDefined();
      expect(message).not.toContain("S3cret");
    }
    expect(said[0]).toContain("(got 'http://***@proxy:3128/path')");
    expect(maskProxyText("ftp://u:p@h?q#f")).toBe("ftp://***@h?***#***");
  });

  it("refuses, at the boundary, a choice of URL that comes without one", () => {
    expect(() => parseCallInput("updateSettings", { proxyMode: "url" })).toThrow(
      /Give the proxy's URL with the choice/,
    );
    expect(() =>
      parseCallInput("updateSettings", { proxyMode: "url", proxyUrl: "ftp://p:21" }),
    ).toThrow(/must start with http:\/\//);
    expect(
      parseCallInput("updateSettings", { proxyMode: "url", proxyUrl: "http://p:3128" }),
    ).toEqual({ proxyMode: "url", proxyUrl: "http://p:3128" });
    expect(parseCallInput("updateSettings", { proxyMode: "none" })).toEqual({ proxyMode: "none" });
  });
});
