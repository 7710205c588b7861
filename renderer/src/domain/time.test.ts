import { describe, expect, it } from "vitest";
import { formatRemaining, remainingMs } from "./time.js";

describe("formatRemaining", () => {
  it("says hours and minutes when far away", () => {
    expect(formatRemaining((7 * 3600 + 5 * 60 + 30) * 1000)).toBe("7 h 05 min");
  });
  it("says minutes between 10 and 60 minutes", () => {
    expect(formatRemaining(42 * 60_000 + 999)).toBe("42 min");
  });
  it("counts seconds in the last ten minutes", () => {
    expect(formatRemaining(4 * 60_000 + 9_000)).toBe("4:09");
  });
  it("says expired at or past zero and for no date", () => {
    expect(formatRemaining(0)).toBe("expired");
    expect(formatRemaining(-5)).toBe("expired");
    expect(formatRemaining(remainingMs(undefined, 0))).toBe("expired");
  });
});
