import { describe, expect, it } from "vitest";
import { parseStartUrl, validateSessionName } from "./start-url.js";

function accepted(input: string): { url: string; suggestedName: string } {
  const r = parseStartUrl(input);
  if (!r.ok) throw new Error(`expected '${input}' to be accepted, got: ${r.message}`);
  return { url: r.url, suggestedName: r.suggestedName };
}

function refused(input: string): string {
  const r = parseStartUrl(input);
  if (r.ok) throw new Error(`expected '${input}' to be refused, got ${r.url}`);
  return r.message;
}

describe("parseStartUrl", () => {
  it("accepts the awsapps.com portal and suggests its subdomain as the session name", () => {
    expect(accepted("https://acme.awsapps.com/start")).toEqual({
      url: "https://acme.awsapps.com/start",
      suggestedName: "acme",
    });
  });

  it("drops trailing slashes, portal navigation (#/...) and query strings", () => {
    for (const input of [
      "https://acme.awsapps.com/start/",
      "https://acme.awsapps.com/start#/",
      "https://acme.awsapps.com/start/#/console?account_id=111111111111&role_name=Admin",
      "  https://ACME.awsapps.com/start?x=1  ",
    ]) {
      expect(accepted(input).url).toBe("https://acme.awsapps.com/start");
    }
  });

  it("accepts the default d-… portal, China and GovCloud shapes", () => {
    expect(accepted("https://d-1234567890.awsapps.com/start")).toEqual({
      url: "https://d-1234567890.awsapps.com/start",
      suggestedName: "d-1234567890",
    });
    expect(accepted("https://acme-cn.awsapps.cn/start/")).toEqual({
      url: "https://acme-cn.awsapps.cn/start",
      suggestedName: "acme-cn",
    });
    expect(accepted("https://start.us-gov-home.awsapps.com/directory/d-906712345a#/")).toEqual({
      url: "https://start.us-gov-home.awsapps.com/directory/d-906712345a",
      suggestedName: "d-906712345a",
    });
  });

  it("accepts custom and dual-stack portal URLs as given", () => {
    expect(accepted("https://ssoins-1234567890abcdef.portal.us-east-1.app.aws")).toEqual({
      url: "https://ssoins-1234567890abcdef.portal.us-east-1.app.aws",
      suggestedName: "ssoins-1234567890abcdef",
    });
    expect(accepted("https://sso.example.com/start/")).toEqual({
      url: "https://sso.example.com/start",
      suggestedName: "sso",
    });
    // The simulator's start URL: a local https origin with a port.
    expect(accepted("https://localhost.localdomain:8443/start").url).toBe(
      "https://localhost.localdomain:8443/start",
    );
  });

  it("refuses http with a message saying to use https", () => {
    expect(refused("http://acme.awsapps.com/start")).toBe(
      "The start URL must look like https://your-org.awsapps.com/start (got 'http://acme.awsapps.com/start'); it must use https://",
    );
  });

  it("refuses a bare name and suggests the full URL", () => {
    expect(refused("acme")).toBe(
      "The start URL must look like https://your-org.awsapps.com/start (got 'acme'); did you mean https://acme.awsapps.com/start?",
    );
    expect(refused("acme.awsapps.com/start")).toContain(
      "did you mean https://acme.awsapps.com/start?",
    );
  });

  it("refuses URLs without a usable host", () => {
    expect(refused("https://")).toContain("must look like https://your-org.awsapps.com/start");
    expect(refused("https:///start")).toContain("must look like");
    expect(refused("https://localhost/start")).toContain("it needs a host name");
  });

  it("refuses an awsapps URL with the wrong path, naming the right one", () => {
    expect(refused("https://acme.awsapps.com/login")).toContain(
      "it should end in /start, e.g. https://acme.awsapps.com/start",
    );
    expect(refused("https://start.us-gov-home.awsapps.com/start")).toBe(
      "A GovCloud start URL must look like https://start.us-gov-home.awsapps.com/directory/d-1234567890 (got 'https://start.us-gov-home.awsapps.com/start')",
    );
  });

  it("refuses garbage, empty input and embedded credentials", () => {
    expect(refused("")).toContain("Paste your AWS access portal URL");
    expect(refused("not a url at all")).toContain("it must not contain spaces");
    expect(refused("ftp://acme.awsapps.com/start")).toContain("'ftp:' is not a web address");
    expect(refused("https://user:pw@acme.awsapps.com/start")).toContain("user name or password");
  });

  it("suggests names that are valid session names", () => {
    const r = accepted("https://My_Org.Example.com/start");
    expect(r.suggestedName).toBe("my_org");
    expect(validateSessionName(r.suggestedName).ok).toBe(true);
  });
});

describe("validateSessionName", () => {
  it("accepts names the AWS CLI can read back", () => {
    expect(validateSessionName(" acme-prod_2.eu ")).toEqual({ ok: true, name: "acme-prod_2.eu" });
  });

  it("refuses spaces, brackets and empty names with a suggestion", () => {
    expect(validateSessionName("my session")).toEqual({
      ok: false,
      message:
        "A session name may hold letters, digits, '-', '_' and '.', and start with a letter or digit (got 'my session'); try 'my-session'",
    });
    expect(validateSessionName("acme]")).toMatchObject({ ok: false });
    expect(validateSessionName("")).toMatchObject({
      ok: false,
      message: expect.stringContaining("Give the session a name"),
    });
    expect(validateSessionName("x".repeat(65))).toMatchObject({
      ok: false,
      message: expect.stringContaining("at most 64"),
    });
  });
});
