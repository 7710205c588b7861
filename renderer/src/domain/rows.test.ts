import { describe, expect, it } from "vitest";
import type { ChainedRole, SessionAccounts } from "../../../shared/model.js";
import { chainedByAccount, RowFlattener, roleKey } from "./rows.js";

const list: SessionAccounts = {
  session: "acme",
  accounts: [
    {
      accountId: "111111111111",
      accountName: "dev",
      emailAddress: "d@example.com",
      roles: ["Admin", "Dev"],
    },
  ],
  complete: true,
  syncing: false,
};

const chained: ChainedRole[] = [
  {
    profile: "deploy",
    roleArn: "arn:aws:iam::222222222222:role/Deploy",
    accountId: "222222222222",
    roleName: "Deploy",
    source: { session: "acme", accountId: "111111111111", roleName: "Admin" },
  },
];

describe("chained roles in the list", () => {
  it("follow the role they start from, keyed as the chained role", () => {
    const flattener = new RowFlattener();
    const rows = flattener.flatten([list], {}, chainedByAccount(chained));
    expect(rows.map((r) => [r.roleName, r.chain?.profile])).toEqual([
      ["Admin", undefined],
      ["Admin", "deploy"],
      ["Dev", undefined],
    ]);
    expect(rows[1]!.key).toBe(
      roleKey({
        session: "acme",
        accountId: "222222222222",
        roleName: "Deploy",
        profile: "deploy",
      }),
    );
    // A new chained list redoes the account's rows; the same one reuses them.
    const byAccount = chainedByAccount([]);
    expect(flattener.flatten([list], {}, byAccount)).toHaveLength(2);
    expect(flattener.flatten([list], {}, byAccount)[0]).toBe(
      flattener.flatten([list], {}, byAccount)[0],
    );
  });
});
