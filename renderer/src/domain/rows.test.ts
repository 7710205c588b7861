import { describe, expect, it } from "vitest";
import type { ChainedRole, EntitledRole, SessionAccounts } from "../../../shared/model.js";
import { chainedByAccount, entitledByAccount, RowFlattener, roleKey } from "./rows.js";

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

const entitled: EntitledRole[] = [
  {
    session: "acme",
    accountId: "111111111111",
    accountName: "dev",
    roleArn: "arn:aws:iam::111111111111:role/teams/Admin",
    roleName: "Admin",
  },
  {
    session: "acme",
    accountId: "999999999999",
    roleArn: "arn:aws:iam::999999999999:role/Audit",
    roleName: "Audit",
  },
];

describe("entitled roles in the list", () => {
  it("follow the permission sets of their account, keyed apart from a permission set of the same name", () => {
    const rows = new RowFlattener().flatten([list], {}, new Map(), entitledByAccount(entitled));
    expect(rows.map((r) => [r.accountId, r.roleName, r.entitled?.roleArn])).toEqual([
      ["111111111111", "Admin", undefined],
      ["111111111111", "Dev", undefined],
      ["111111111111", "Admin", "arn:aws:iam::111111111111:role/teams/Admin"],
      ["999999999999", "Audit", "arn:aws:iam::999999999999:role/Audit"],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows[2]!.key).toBe(
      roleKey({
        session: "acme",
        accountId: "111111111111",
        roleName: "Admin",
        roleArn: "arn:aws:iam::111111111111:role/teams/Admin",
      }),
    );
    expect(rows[2]!.key).not.toBe(
      roleKey({ session: "acme", accountId: "111111111111", roleName: "Admin", profile: "x" }),
    );
  });

  it("show an account the portal does not list, named by the API or else by its id", () => {
    const named: EntitledRole = { ...entitled[1]!, accountName: "audit-prod" };
    const unnamed = new RowFlattener().flatten([list], {}, new Map(), entitledByAccount(entitled));
    expect(unnamed.at(-1)).toMatchObject({
      accountId: "999999999999",
      accountName: "999999999999",
      emailAddress: "",
      state: "ready",
    });
    const rows = new RowFlattener().flatten(
      [list],
      {},
      new Map(),
      entitledByAccount([entitled[0]!, named]),
    );
    expect(rows.at(-1)?.accountName).toBe("audit-prod");
    // Another session's entitled roles stay in that session.
    const other = new RowFlattener().flatten(
      [list],
      {},
      new Map(),
      entitledByAccount([{ ...named, session: "beta" }]),
    );
    expect(other.map((r) => r.accountId)).toEqual(["111111111111", "111111111111"]);
  });

  it("stay usable while the portal's roles of their account are on their way", () => {
    const pending: SessionAccounts = {
      ...list,
      accounts: [{ ...list.accounts[0]!, roles: [], rolesPending: true }],
    };
    const rows = new RowFlattener().flatten([pending], {}, new Map(), entitledByAccount(entitled));
    expect(rows.map((r) => [r.state, r.roleName]).slice(0, 2)).toEqual([
      ["pending", ""],
      ["ready", "Admin"],
    ]);
  });

  it("reuse the rows while the same roles arrive again, and redo only the account that changed", () => {
    const flattener = new RowFlattener();
    const first = flattener.flatten([list], {}, new Map(), entitledByAccount(entitled));
    // Each listing sends a fresh array of equal roles.
    const again = flattener.flatten(
      [list],
      {},
      new Map(),
      entitledByAccount(entitled.map((r) => ({ ...r }))),
    );
    expect(again).toHaveLength(first.length);
    again.forEach((row, i) => expect(row).toBe(first[i]));
    const fewer = flattener.flatten([list], {}, new Map(), entitledByAccount([entitled[1]!]));
    expect(fewer.map((r) => r.roleName)).toEqual(["Admin", "Dev", "Audit"]);
    expect(fewer[0]).not.toBe(first[0]);
    expect(fewer[2]).toBe(first[3]);
  });
});
