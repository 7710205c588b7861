import { describe, expect, it } from "vitest";
import type { SessionConfig } from "./session-config.js";
import { planTarget } from "./session-target.js";

const URL_A = "https://acme.awsapps.com/start";
const session = (name: string, region: string, startUrl = URL_A): SessionConfig => ({
  name,
  source: "sso-session",
  startUrl,
  region,
  scopes: ["sso:account:access"],
});
const legacy = (name: string, region: string, startUrl = URL_A): SessionConfig => ({
  name,
  source: "legacy-profile",
  startUrl,
  region,
  scopes: undefined,
});
const plan = (
  configs: SessionConfig[],
  input: { startUrl?: string; region: string; name?: string },
) => planTarget(configs, { startUrl: URL_A, ...input }, "~/.aws/config");

describe("which session a login with a start URL and region means", () => {
  it("the configured one, matching the start URL as normalised (a trailing slash, another case)", () => {
    const target = plan([session("acme", "eu-west-1")], {
      startUrl: "https://ACME.awsapps.com/start/",
      region: "eu-west-1",
    });
    expect(target).toEqual({ config: session("acme", "eu-west-1"), change: { kind: "none" } });
  });

  it("the same session in another region, and one whose region was missing", () => {
    expect(plan([session("acme", "us-east-1")], { region: "eu-west-1" }).change).toEqual({
      kind: "region",
      from: "us-east-1",
    });
    const broken = { ...session("acme", ""), problem: "lacks sso_region" };
    const fixed = plan([broken], { region: "eu-west-1", name: "acme" });
    expect(fixed.config).toEqual(session("acme", "eu-west-1"));
    expect(fixed.change).toEqual({ kind: "region", from: "" });
  });

  it("asks which, when several sessions sign in to that portal in other regions", () => {
    const configs = [session("a", "us-east-1"), session("b", "us-west-2")];
    expect(() => plan(configs, { region: "eu-west-1" })).toThrow(
      `2 sessions sign in to ${URL_A} (a, b): choose one with --session`,
    );
    expect(plan(configs, { region: "us-west-2" }).config.name).toBe("b");
  });

  it("uses a legacy profile for the same portal and region, and never edits one unasked", () => {
    expect(plan([legacy("old", "eu-west-1")], { region: "eu-west-1" })).toMatchObject({
      config: { name: "old", source: "legacy-profile" },
      change: { kind: "none" },
    });
    const other = plan([legacy("old", "us-east-1")], { region: "eu-west-1" });
    expect(other).toMatchObject({
      config: { name: "acme", source: "sso-session" },
      change: { kind: "add" },
    });
  });

  it("a new session gets a free name from the start URL", () => {
    const taken = [session("acme", "eu-west-1", "https://other.awsapps.com/start")];
    expect(plan(taken, { region: "eu-west-1" }).config.name).toBe("acme-2");
  });

  it("refuses a name that signs in to another portal, and bad input, before anything is written", () => {
    const configs = [session("acme", "eu-west-1", "https://other.awsapps.com/start")];
    expect(() => plan(configs, { region: "eu-west-1", name: "acme" })).toThrow(
      /signs in to https:\/\/other\.awsapps\.com\/start, not https:\/\/acme\.awsapps\.com\/start: .*ssotray session remove acme/,
    );
    expect(() => plan([], { region: "eu-west-1", name: "bad name" })).toThrow(/session name/);
    expect(() => plan([], { region: "nowhere" })).toThrow(/region/);
  });
});
