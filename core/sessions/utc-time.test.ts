import { describe, expect, it } from "vitest";
import { formatUtc, parseUtc } from "./utc-time.js";

describe("token cache timestamps", () => {
  it("writes the AWS CLI's form, whole seconds and Z", () => {
    expect(formatUtc(new Date("2026-11-24T08:00:00.789Z"))).toBe("2026-11-24T08:00:00Z");
  });

  it("reads the CLI's, older CLIs' (UTC), the toolkits' (milliseconds) and offset forms", () => {
    const at = Date.parse("2026-11-24T08:00:00Z");
    expect(parseUtc("2026-11-24T08:00:00Z")?.getTime()).toBe(at);
    expect(parseUtc("2026-11-24T08:00:00UTC")?.getTime()).toBe(at);
    expect(parseUtc("2026-11-24T08:00:00.000Z")?.getTime()).toBe(at);
    expect(parseUtc("2026-11-24T09:00:00+01:00")?.getTime()).toBe(at);
    expect(parseUtc("2026-11-24T08:00:00")?.getTime()).toBe(at);
  });

  it("refuses what is not a timestamp", () => {
    expect(parseUtc("tomorrow")).toBeUndefined();
    expect(parseUtc("2026-13-45T99:00:00Z")).toBeUndefined();
    expect(parseUtc("")).toBeUndefined();
  });
});
