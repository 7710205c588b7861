import { describe, expect, it } from "vitest";
import {
  bypassesProxy,
  describeRoute,
  parseProxyUrl,
  proxyForUrl,
  type ProxyChoice,
} from "./proxy-for-url.js";

const FROM_ENV: ProxyChoice = { mode: "environment" };
const oidc = new URL("https://oidc.eu-west-1.amazonaws.com/token");
const plain = new URL("http://127.0.0.1:8080/assignment/accounts");

function proxyOf(target: URL, env: Record<string, string>, choice = FROM_ENV) {
  const route = proxyForUrl(target, env, choice);
  return route && { url: route.url.href, source: route.source };
}

describe("which proxy a request takes", () => {
  it("reads HTTPS_PROXY for https and HTTP_PROXY for http, the lower-case name first as curl does", () => {
    expect(proxyOf(oidc, { HTTPS_PROXY: "http://upper:3128" })).toEqual({
      url: "http://upper:3128/",
      source: "HTTPS_PROXY",
    });
    expect(
      proxyOf(oidc, { HTTPS_PROXY: "http://upper:3128", https_proxy: "http://lower:3128" }),
    ).toEqual({ url: "http://lower:3128/", source: "https_proxy" });
    expect(proxyOf(oidc, { HTTP_PROXY: "http://only-http:3128" })).toBeUndefined();
    expect(proxyOf(plain, { HTTP_PROXY: "http://only-http:3128" })?.source).toBe("HTTP_PROXY");
    expect(proxyOf(plain, { http_proxy: "http://lower:1" })?.source).toBe("http_proxy");
    expect(proxyOf(oidc, { ALL_PROXY: "http://all:3128" })?.source).toBe("ALL_PROXY");
  });

  it("takes a proxy without a scheme as http://, keeps its credentials, and refuses what is not a URL", () => {
    expect(proxyOf(oidc, { HTTPS_PROXY: "proxy.corp:8080" })?.url).toBe("http://proxy.corp:8080/");
    expect(proxyOf(oidc, { HTTPS_PROXY: "http://al%40ce:p%3Ass@proxy:8080" })?.url).toBe(
      "http://al%40ce:p%3Ass@proxy:8080/",
    );
    expect(() => proxyForUrl(oidc, { HTTPS_PROXY: "socks5://proxy:1080" }, FROM_ENV)).toThrow(
      /HTTPS_PROXY is not a proxy URL SSO Tray can use.*fix or unset it/,
    );
    expect(parseProxyUrl("http://")).toBeUndefined();
  });

  it("sends loopback through the proxy unless NO_PROXY names it", () => {
    const env = { HTTP_PROXY: "http://proxy:3128" };
    expect(proxyOf(plain, env)).toBeDefined();
    expect(proxyOf(plain, { ...env, NO_PROXY: "localhost,127.0.0.1" })).toBeUndefined();
    expect(proxyOf(plain, { ...env, no_proxy: "127.0.0.0/8" })).toBeUndefined();
  });

  it("matches NO_PROXY as curl does: a domain and everything under it, a leading dot, *, CIDR", () => {
    const host = "oidc.eu-west-1.amazonaws.com";
    expect(bypassesProxy(host, "amazonaws.com")).toBe(true);
    expect(bypassesProxy(host, ".amazonaws.com")).toBe(true);
    expect(bypassesProxy(host, "example.com, amazonaws.com")).toBe(true);
    expect(bypassesProxy(host, "AMAZONAWS.COM")).toBe(true);
    expect(bypassesProxy(host, "amazonaws.com:443")).toBe(true);
    expect(bypassesProxy(host, "*")).toBe(true);
    expect(bypassesProxy(host, "zonaws.com")).toBe(false);
    expect(bypassesProxy(host, "*.example.com")).toBe(false);
    expect(bypassesProxy(host, "")).toBe(false);
    expect(bypassesProxy(host, undefined)).toBe(false);
    expect(bypassesProxy("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(bypassesProxy("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(bypassesProxy("127.0.0.1", "127.0.0.1")).toBe(true);
    // An address never matches a name by its tail.
    expect(bypassesProxy("10.0.0.1", "0.0.1")).toBe(false);
    expect(bypassesProxy("[::1]", "::1")).toBe(true);
    expect(bypassesProxy("[::1]", "[::1]:8080")).toBe(true);
  });

  it("follows Settings: none ignores the variables, a URL replaces them, NO_PROXY still applies", () => {
    const env = { HTTPS_PROXY: "http://env-proxy:3128", NO_PROXY: "internal.corp" };
    expect(proxyOf(oidc, env, { mode: "none" })).toBeUndefined();
    expect(proxyOf(oidc, env, { mode: "url", url: "http://chosen:8080" })).toEqual({
      url: "http://chosen:8080/",
      source: "Settings",
    });
    expect(
      proxyOf(new URL("https://sso.internal.corp/"), env, {
        mode: "url",
        url: "http://chosen:8080",
      }),
    ).toBeUndefined();
  });

  it("never shows the proxy's password in a message", () => {
    const route = proxyForUrl(oidc, { HTTPS_PROXY: "http://alice:s3cret@proxy:3128" }, FROM_ENV);
    expect(route && describeRoute(route)).toBe(
      "the proxy http://***@proxy:3128 (from the variable HTTPS_PROXY)",
    );
  });

  it("shows neither a user name alone (often a token) nor a query string", () => {
    for (const [raw, shown] of [
      ["http://S3cretTOKEN@proxy:1", "http://***@proxy:1"],
      ["http://proxy:3128/?token=S3cret", "http://proxy:3128?***"],
      ["http://S3cret:@proxy:3128/p?a=S3cret#S3cret", "http://***@proxy:3128/p?***#***"],
    ] as const) {
      const route = proxyForUrl(oidc, { HTTPS_PROXY: raw }, FROM_ENV);
      expect(route && describeRoute(route)).toBe(
        `the proxy ${shown} (from the variable HTTPS_PROXY)`,
      );
    }
  });
});
