import { describe, expect, it } from "vitest";
import { parseConfig } from "../aws-files/config-file.js";
import { sessionsFromConfig } from "./session-config.js";

const sessions = (text: string) =>
  sessionsFromConfig(parseConfig(text), "~/.aws/config", () => undefined).map((s) => [
    s.name,
    s.startUrl,
  ]);

describe("sessionsFromConfig", () => {
  it("takes the section botocore reads when two headers name the same session: the last", () => {
    const text = [
      "[sso-session acme]",
      "sso_start_url = https://old.awsapps.com/start",
      "sso_region = eu-west-1",
      '[sso-session "acme"]',
      "sso_start_url = https://acme.awsapps.com/start",
      "sso_region = eu-west-1",
    ].join("\n");
    expect(sessions(text)).toEqual([["acme", "https://acme.awsapps.com/start"]]);
  });

  it("takes the last of [default] and [profile default] for a legacy SSO profile", () => {
    const text = [
      "[default]",
      "sso_start_url = https://old.awsapps.com/start",
      "[profile default]",
      "sso_start_url = https://acme.awsapps.com/start",
      "sso_region = us-east-1",
    ].join("\n");
    expect(sessions(text)).toEqual([["default", "https://acme.awsapps.com/start"]]);
  });
});
