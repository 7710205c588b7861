import { describe, expect, it } from "vitest";
import { syncProgressText } from "./sync-progress-text.js";

describe("sync progress in words", () => {
  it("counts accounts with their roles, with thousands separated", () => {
    expect(syncProgressText({ done: 1240, total: 5000 }, "ready")).toBe(
      "1,240 of 5,000 accounts have their roles; the one you picked is ready",
    );
    expect(syncProgressText({ done: 3, total: 10 })).toBe("3 of 10 accounts have their roles");
    expect(syncProgressText({ done: 1, total: 300 })).toBe("1 of 300 accounts has its roles");
    expect(syncProgressText({ done: 0, total: 1 })).toBe("0 of 1 account has its roles");
  });

  it("says the list is still arriving while it is, and when the picked one is on its way", () => {
    expect(syncProgressText({ done: 12, total: 1200, listing: true }, "fetching")).toBe(
      "Listing accounts: 1,200 so far, 12 with their roles; fetching the one you picked first",
    );
  });
});
