import { describe, expect, it } from "vitest";
import {
  automaticChecksRun,
  classifyFailure,
  installDecision,
  isNewer,
  outcomeMessage,
  UpdateDeadlineError,
} from "./update-policy.js";

const ready = { version: "1.5.0", notes: "Faster sign-in" };

describe("automatic checks", () => {
  it("run only in the installed app with the setting on", () => {
    expect(automaticChecksRun({ packaged: true, enabled: true })).toBe(true);
    expect(automaticChecksRun({ packaged: true, enabled: false })).toBe(false);
    expect(automaticChecksRun({ packaged: false, enabled: true })).toBe(false);
  });
});

describe("isNewer", () => {
  it("takes only a strictly newer version, by semver", () => {
    expect(isNewer("1.10.0", "1.9.9")).toBe(true);
    expect(isNewer("1.4.0", "1.4.0-beta.2")).toBe(true);
    expect(isNewer("1.4.0", "1.4.0")).toBe(false);
    expect(isNewer("1.3.9", "1.4.0")).toBe(false);
    expect(isNewer("1.4.0-beta.1", "1.4.0")).toBe(false);
  });

  it("takes nothing it cannot read as a version", () => {
    expect(isNewer("latest", "1.4.0")).toBe(false);
    expect(isNewer("9.9.9", "dev")).toBe(false);
  });
});

describe("installDecision", () => {
  it("installs a ready update when no sign-in is under way", () => {
    expect(installDecision({ ready, signInsUnderWay: [] })).toEqual({ kind: "install" });
  });

  it("waits for every sign-in under way, naming them", () => {
    expect(installDecision({ ready, signInsUnderWay: ["acme", "beta"] })).toEqual({
      kind: "refuse",
      message:
        "A sign-in to 'acme', 'beta' is under way: finish or cancel it, then choose Restart to update.",
    });
  });

  it("has nothing to install before an update is ready", () => {
    expect(installDecision({ ready: undefined, signInsUnderWay: [] })).toMatchObject({
      kind: "refuse",
      message: expect.stringMatching(/^No update is ready/),
    });
  });
});

describe("classifyFailure", () => {
  it("tells no network from a bad download and a silent feed", () => {
    expect(classifyFailure(new Error("net::ERR_INTERNET_DISCONNECTED"))).toBe("offline");
    expect(classifyFailure(new Error("net::ERR_NAME_NOT_RESOLVED"))).toBe("offline");
    expect(classifyFailure(Object.assign(new Error("x"), { code: "ENOTFOUND" }))).toBe("offline");
    expect(
      classifyFailure(
        Object.assign(new Error("sha512 checksum mismatch"), { code: "ERR_CHECKSUM_MISMATCH" }),
      ),
    ).toBe("checksum");
    expect(classifyFailure(new UpdateDeadlineError("check"))).toBe("deadline");
    expect(classifyFailure(new Error("Cannot parse update info"))).toBe("other");
  });
});

describe("outcomeMessage", () => {
  it("says nothing after an automatic check that found nothing or could not reach the feed", () => {
    for (const outcome of [
      { kind: "up-to-date", offered: "1.4.0" },
      { kind: "development" },
      { kind: "unsupported" },
      { kind: "failed", failure: "offline", message: "net::ERR_INTERNET_DISCONNECTED" },
      { kind: "failed", failure: "deadline", message: "slow" },
      { kind: "failed", failure: "other", message: "HTTP 500" },
    ] as const)
      expect(outcomeMessage(outcome, "automatic", "1.4.0")).toBeUndefined();
  });

  it("warns, even unasked, about a release that failed its checks", () => {
    expect(
      outcomeMessage({ kind: "failed", failure: "checksum", message: "x" }, "automatic", "1.4.0"),
    ).toMatchObject({ level: "warning" });
    expect(
      outcomeMessage(
        { kind: "refused", version: "2.0.0", problem: "no sha512" },
        "automatic",
        "1.4.0",
      ),
    ).toEqual({ level: "warning", text: "SSO Tray did not take update 2.0.0: no sha512" });
  });

  it("answers Check for updates… with one short line", () => {
    expect(outcomeMessage({ kind: "up-to-date", offered: "1.3.0" }, "manual", "1.4.0")?.text).toBe(
      "SSO Tray 1.4.0 is up to date.",
    );
    expect(outcomeMessage({ kind: "development" }, "manual", "1.4.0")?.text).toMatch(
      /development build/,
    );
    expect(
      outcomeMessage({ kind: "failed", failure: "offline", message: "x" }, "manual", "1.4.0")?.text,
    ).toBe("Could not check for updates: no connection. Try again when online.");
    expect(outcomeMessage({ kind: "ready", update: ready }, "manual", "1.4.0")).toBeUndefined();
  });
});
