import { describe, expect, it } from "vitest";
import { compareAccounts, compareNames } from "./account-order.js";

const account = (accountName: string, accountId: string) => ({ accountName, accountId });

describe("account order", () => {
  it("compares numbers inside names as numbers, ignoring case and accents", () => {
    expect(["team-10", "Team-2", "téam-1"].sort(compareNames)).toEqual([
      "téam-1",
      "Team-2",
      "team-10",
    ]);
  });

  it("breaks ties between equal names by account id", () => {
    const sorted = [account("Prod", "222222222222"), account("prod", "111111111111")].sort(
      compareAccounts,
    );
    expect(sorted.map((a) => a.accountId)).toEqual(["111111111111", "222222222222"]);
  });
});
