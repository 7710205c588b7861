import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { localTime, timeLeft, untilLocal } from "./local-time.js";

// A fixed zone and locale: the same instants must read the same on every machine.
// (vi.stubEnv: this folder is type-checked for the renderer too, which has no `process`.)
beforeAll(() => void vi.stubEnv("TZ", "Europe/Berlin"));
afterAll(() => void vi.unstubAllEnvs());

const NOW = Date.parse("2026-12-07T08:00:00.000Z"); // 09:00 in Berlin

describe("local time", () => {
  it("shows today's times by the local clock with the time left", () => {
    const at = "2026-12-07T08:09:30.000Z";
    expect(localTime(at, NOW)).toBe(
      new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }),
    );
    expect(localTime(at, NOW)).toMatch(/09:09/);
    expect(untilLocal(at, NOW)).toMatch(/^[^,]*09:09[^,]*, 9m left$/);
    expect(untilLocal("2026-12-07T15:59:00.000Z", NOW)).toMatch(/, 7h 59m left$/);
  });

  it("adds the date for another day, and says expired once past", () => {
    expect(localTime("2026-12-08T10:00:00.000Z", NOW)).toMatch(/2026.*11:00/);
    expect(untilLocal("2026-12-06T10:00:00.000Z", NOW)).toMatch(/^.*2026.*11:00.*, expired$/);
    expect(timeLeft(undefined, NOW)).toBe("-");
    expect(timeLeft("not a time", NOW)).toBe("-");
  });
});
