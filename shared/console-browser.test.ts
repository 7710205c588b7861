import { describe, expect, it } from "vitest";
import { consoleBrowserSettingsSchema } from "./console-browser-schema.js";
import { consoleBrowserFor, describeConsoleBrowser } from "./console-browser.js";

const settings = consoleBrowserSettingsSchema.parse({
  sessions: { acme: { kind: "browser", browser: "edge", profile: "Work" } },
  rules: [
    { nameContains: "PROD", browser: { kind: "container", container: "prod" } },
    { nameContains: "payments", browser: { kind: "browser", browser: "firefox" } },
  ],
});

describe("where a console opens", () => {
  it("takes the first rule whose text is in the account's name or alias, whatever the case", () => {
    expect(consoleBrowserFor(settings, { session: "acme", accountName: "payments-prod" })).toEqual({
      kind: "container",
      container: "prod",
    });
    expect(
      consoleBrowserFor(settings, { session: "acme", accountName: "x", alias: "Payments" }),
    ).toEqual({ kind: "browser", browser: "firefox" });
  });

  it("sees through invisible characters, in the name and in the rule", () => {
    const sandbox = consoleBrowserSettingsSchema.parse({
      sessions: {},
      rules: [
        { nameContains: "sand\u00adbox", browser: { kind: "container", container: "sandbox" } },
      ],
    });
    const inSandbox = { kind: "container", container: "sandbox" };
    for (const accountName of [
      "team-sand\u200bbox",
      "team-s\u2060and\u{E0041}box",
      "TEAM-SAND\u034fBOX",
      "team-sand\u3164box",
    ])
      expect(consoleBrowserFor(sandbox, { session: "acme", accountName }), accountName).toEqual(
        inSandbox,
      );
    expect(consoleBrowserFor(sandbox, { session: "acme", alias: "my-sand\u202ebox" })).toEqual(
      inSandbox,
    );
    expect(sandbox.rules[0]?.nameContains).toBe("sandbox");
  });

  it("refuses a rule of nothing visible, and never lets one match", () => {
    expect(
      consoleBrowserSettingsSchema.safeParse({
        sessions: {},
        rules: [{ nameContains: "\u200b\u2060", browser: { kind: "default" } }],
      }).success,
    ).toBe(false);
    const unchecked = {
      sessions: {},
      rules: [{ nameContains: "\u200b", browser: { kind: "container" as const, container: "x" } }],
    };
    expect(consoleBrowserFor(unchecked, { session: "acme", accountName: "prod" })).toEqual({
      kind: "default",
    });
  });

  it("falls back to the session's choice, then to the default browser", () => {
    expect(consoleBrowserFor(settings, { session: "acme", accountName: "sandbox" })).toEqual({
      kind: "browser",
      browser: "edge",
      profile: "Work",
    });
    expect(consoleBrowserFor(settings, { session: "other" })).toEqual({ kind: "default" });
  });

  it("says where, in words", () => {
    expect(describeConsoleBrowser({ kind: "container", container: "prod", profile: "aws" })).toBe(
      "Firefox, profile 'aws', container 'prod'",
    );
    expect(describeConsoleBrowser({ kind: "default", viaPortal: true })).toBe(
      "the default browser, through the access portal",
    );
  });

  it("keeps the access portal choice of a session and of a rule, and refuses anything but a boolean", () => {
    const parsed = consoleBrowserSettingsSchema.parse({
      sessions: { acme: { kind: "default", viaPortal: true } },
      rules: [
        { nameContains: "prod", browser: { kind: "browser", browser: "edge", viaPortal: true } },
      ],
    });
    expect(consoleBrowserFor(parsed, { session: "acme" })).toEqual({
      kind: "default",
      viaPortal: true,
    });
    expect(consoleBrowserFor(parsed, { session: "x", accountName: "prod" }).viaPortal).toBe(true);
    expect(
      consoleBrowserSettingsSchema.safeParse({
        sessions: { acme: { kind: "default", viaPortal: "yes" } },
        rules: [],
      }).success,
    ).toBe(false);
  });

  it("refuses a settings file whose names could become a browser's switches", () => {
    expect(
      consoleBrowserSettingsSchema.safeParse({
        sessions: { acme: { kind: "browser", browser: "chrome", profile: "--incognito" } },
        rules: [],
      }).success,
    ).toBe(false);
  });
});
