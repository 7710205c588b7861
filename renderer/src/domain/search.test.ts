import { describe, expect, it } from "vitest";
import type { SessionAccounts } from "../../../shared/model.js";
import { compareAccounts, compareNames } from "../../../shared/account-order.js";
import { entitledByAccount, RowFlattener, flattenRows, roleKey, type RoleRow } from "./rows.js";
import { SearchIndex, type AccountGroup } from "./search.js";

const list: SessionAccounts = {
  session: "acme",
  complete: true,
  syncing: false,
  accounts: [
    {
      accountId: "111111111111",
      accountName: "prod-payments",
      emailAddress: "pay@acme.test",
      roles: ["ReadOnly", "AdministratorAccess"],
    },
    {
      accountId: "222222222222",
      accountName: "staging",
      emailAddress: "stage@acme.test",
      roles: ["Developer"],
    },
    {
      accountId: "333333333333",
      accountName: "sandbox-prod",
      emailAddress: "sbx@acme.test",
      roles: ["Developer", "ReadOnly"],
    },
    {
      accountId: "411111111111",
      accountName: "logs",
      emailAddress: "111111111111@acme.test",
      roles: ["Auditor"],
    },
  ],
};
// In the order main sends (shared/account-order.ts).
list.accounts.sort(compareAccounts);
for (const account of list.accounts) account.roles.sort(compareNames);
const rows = flattenRows([list], { "222222222222": { alias: "stg" } });
const index = new SearchIndex(rows);
const flat = (groups: readonly AccountGroup[]) => groups.flatMap((g) => g.rows);
const names = (q: string, favorites?: Set<string>, searcher = index) =>
  flat(searcher.search(q, favorites ? { favorites } : {})).map(
    (r) => `${r.accountName}:${r.roleName}`,
  );

describe("searchRows", () => {
  it("returns every row in list order for an empty query", () => {
    expect(names("  ")).toEqual(rows.map((r) => `${r.accountName}:${r.roleName}`));
  });

  it("puts an exact account id before rows that merely contain it", () => {
    expect(names("111111111111").slice(0, 2)).toEqual([
      "prod-payments:AdministratorAccess",
      "prod-payments:ReadOnly",
    ]);
    expect(names("111111111111")).toContain("logs:Auditor");
  });

  it("treats an exact alias like an exact id", () => {
    expect(names("STG")[0]).toBe("staging:Developer");
  });

  it("ranks prefix matches before fuzzy ones", () => {
    const result = names("prod");
    expect(result.slice(0, 2).every((n) => n.startsWith("prod-payments"))).toBe(true);
    expect(result).toContain("sandbox-prod:Developer");
    expect(result.indexOf("sandbox-prod:Developer")).toBeGreaterThan(1);
  });

  it("matches role names and every word of a multi-word query", () => {
    expect(names("sandbox read")).toEqual(["sandbox-prod:ReadOnly"]);
    expect(names("admin")).toEqual(["prod-payments:AdministratorAccess"]);
  });

  it("finds fuzzy matches with letters skipped", () => {
    expect(names("pdpay")).toContain("prod-payments:ReadOnly");
  });

  it("shows favourites first within a tier", () => {
    const fav = new Set([
      roleKey({ session: "acme", accountId: "333333333333", roleName: "Developer" }),
    ]);
    // Without a query the list keeps its order: favourites get a section of their own there.
    expect(names("", fav)).toEqual(names(""));
    expect(names("dev", fav)).toEqual(["sandbox-prod:Developer", "staging:Developer"]);
  });

  it("groups an account's matching roles under one card, best first", () => {
    const groups = index.search("read");
    expect(groups.map((g) => g.account.accountName)).toEqual(["prod-payments", "sandbox-prod"]);
    expect(groups[0]?.rows.map((r) => r.roleName)).toEqual(["ReadOnly"]);
    // A favourite role leads its card.
    const fav = new Set([
      roleKey({ session: "acme", accountId: "111111111111", roleName: "ReadOnly" }),
    ]);
    expect(index.search("prod", { favorites: fav })[0]?.rows.map((r) => r.roleName)).toEqual([
      "ReadOnly",
      "AdministratorAccess",
    ]);
  });

  it("answers an account whose roles all match in order with the same group each time", () => {
    const first = index.search("staging")[0];
    expect(index.search("stag")[0]).toBe(first);
    expect(first).toBe(index.groups[3]);
  });

  it("matches ids and e-mail domains as substrings only, never as scattered characters", () => {
    // Every id holds 1s and 4s, and every domain an "a", a "c" and an "e", scattered.
    expect(names("1414")).toEqual([]);
    expect(names("acet")).toEqual([]);
    // The part before the @ is matched fuzzily: s…t…g in "stage".
    expect(names("stge")).toEqual(["staging:Developer"]);
    expect(names("acme.te")).toHaveLength(6);
    // Both start with it (logs' address does), so both are prefix matches, in list order.
    expect(names("1111111")).toEqual([
      "logs:Auditor",
      "prod-payments:AdministratorAccess",
      "prod-payments:ReadOnly",
    ]);
  });

  it("ranks scored matches best first: a word's start, then inside a word, then scattered", () => {
    const scored: SessionAccounts = {
      session: "acme",
      complete: true,
      syncing: false,
      accounts: [
        ["aaa-byproduct", "500000000001"],
        ["platform-rod", "500000000002"],
        ["zz-prod-logs", "500000000003"],
      ].map(([accountName, accountId], i) => ({
        accountId: accountId!,
        accountName: accountName!,
        emailAddress: `team${i}@corp.test`,
        roles: ["Viewer"],
      })),
    };
    const searcher = new SearchIndex(flattenRows([scored], {}));
    // List order is by name; none of the names starts with the query, so all three are scored.
    expect(names("prod", undefined, searcher)).toEqual([
      "zz-prod-logs:Viewer",
      "aaa-byproduct:Viewer",
      "platform-rod:Viewer",
    ]);
  });

  it("returns nothing when nothing matches", () => {
    expect(names("zzzzqqq")).toEqual([]);
  });
});

describe("entitled roles", () => {
  const arn = "arn:aws:iam::222222222222:role/platform/BreakGlass";
  const withEntitled = new RowFlattener().flatten(
    [list],
    { "222222222222": { alias: "stg" } },
    new Map(),
    entitledByAccount([
      { session: "acme", accountId: "222222222222", roleArn: arn, roleName: "BreakGlass" },
      {
        session: "acme",
        accountId: "555555555555",
        accountName: "vault",
        roleArn: "arn:aws:iam::555555555555:role/ReadOnly",
        roleName: "ReadOnly",
      },
    ]),
  );
  const searcher = new SearchIndex(withEntitled);
  const found = (q: string) =>
    flat(searcher.search(q)).map((r) => `${r.accountName}:${r.roleName}${r.entitled ? "*" : ""}`);

  it("are found by role name, and by their account's name, alias or id", () => {
    expect(found("breakgl")).toEqual(["staging:BreakGlass*"]);
    expect(found("stg break")).toEqual(["staging:BreakGlass*"]);
    expect(found("555555555555")).toEqual(["vault:ReadOnly*"]);
    expect(found("vault")).toEqual(["vault:ReadOnly*"]);
    // Beside the permission sets of the same name.
    expect(found("readonly")).toContain("vault:ReadOnly*");
    expect(found("readonly")).toContain("prod-payments:ReadOnly");
  });

  it("are found by the word entitlement and by their ARN, which permission sets are not", () => {
    expect(found("entitle")).toEqual(["staging:BreakGlass*", "vault:ReadOnly*"]);
    expect(found(arn)).toEqual(["staging:BreakGlass*"]);
    expect(found("platform/breakglass")).toEqual(["staging:BreakGlass*"]);
  });

  it("match the ARN as written only, never by letters scattered over it", () => {
    // "iamrole" is in neither name, only strewn over every ARN.
    expect(found("iamrole")).toEqual([]);
  });
});

describe("substringScan", () => {
  it("finds rows whose fields contain the query", () => {
    expect(index.substringScan("payments").length).toBe(2);
  });
});

describe("SearchIndex while typing", () => {
  it("gives the same answer narrowing from the last query as searching afresh", () => {
    const typed = new SearchIndex(rows);
    for (const q of ["p", "pr", "pro", "prod", "prod ", "prod r", "prod re"]) {
      expect(typed.search(q)).toEqual(new SearchIndex(rows).search(q));
    }
  });

  it("widens again when the word being typed becomes long enough to match fuzzily", () => {
    // "pd" is in no name; "pdp" is p…d…p in prod-payments.
    const typed = new SearchIndex(rows);
    expect(names("pd", undefined, typed)).toEqual([]);
    expect(names("pdp", undefined, typed)).toEqual(names("pdp", undefined, new SearchIndex(rows)));
    expect(names("pdp", undefined, typed)).toContain("prod-payments:ReadOnly");
  });

  it("widens again when a letter is deleted", () => {
    const typed = new SearchIndex(rows);
    typed.search("stag");
    expect(flat(typed.search("s")).length).toBeGreaterThan(flat(typed.search("stag")).length);
    typed.search("stag");
    expect(typed.search("sta")[0]?.account.accountName).toBe("staging");
  });
});

describe("SearchIndex over a list that changes (a sync's snapshots)", () => {
  const snapshot = (roles: string[]): SessionAccounts => ({
    ...list,
    accounts: list.accounts.map((a) => (a.accountId === "222222222222" ? { ...a, roles } : a)),
  });

  it("reuses the rows and groups of unchanged accounts, and answers as a fresh index does", () => {
    const flattener = new RowFlattener();
    const firstRows = flattener.flatten([snapshot(["Developer"])], {});
    const first = new SearchIndex(firstRows);
    first.search("dev"); // prepares the first index's search text
    const nextRows = flattener.flatten([snapshot(["Developer", "Operator"])], {});
    const next = new SearchIndex(nextRows, first);

    const staging = (index: SearchIndex) =>
      index.groups.find((g) => g.account.accountId === "222222222222");
    const logs = (index: SearchIndex) =>
      index.groups.find((g) => g.account.accountId === "411111111111");
    expect(logs(next)).toBe(logs(first));
    expect(staging(next)).not.toBe(staging(first));
    expect(staging(next)?.rows.map((r) => r.roleName)).toEqual(["Developer", "Operator"]);

    for (const q of ["oper", "dev", "stg", "pdpay", "411"]) {
      expect(next.search(q)).toEqual(
        new SearchIndex(flattenRows([snapshot(["Developer", "Operator"])], {})).search(q),
      );
    }
  });

  it("makes new rows when an account's alias changes", () => {
    const flattener = new RowFlattener();
    const before = flattener.flatten([list], {});
    const after = flattener.flatten([list], { "411111111111": { alias: "audit" } });
    const logsRow = (rows: RoleRow[]) => rows.find((r) => r.accountId === "411111111111");
    expect(logsRow(after)).not.toBe(logsRow(before));
    expect(logsRow(after)?.alias).toBe("audit");
    expect(after.find((r) => r.accountId === "111111111111")).toBe(
      before.find((r) => r.accountId === "111111111111"),
    );
    expect(new SearchIndex(after, new SearchIndex(before)).search("audit")[0]?.account.alias).toBe(
      "audit",
    );
  });
});

describe("SearchIndex at scale", () => {
  it("indexes and searches 100,000 accounts", () => {
    const big: SessionAccounts = {
      session: "big",
      complete: true,
      syncing: false,
      accounts: Array.from({ length: 100_000 }, (_, i) => ({
        accountId: String(300000000000 + i),
        accountName: `acct-${String(i).padStart(6, "0")}`,
        emailAddress: `acct-${i}@example.com`,
        roles: ["ReadOnly"],
      })),
    };
    const index = new SearchIndex(flattenRows([big], {}));
    expect(index.groups).toHaveLength(100_000);
    expect(index.search("300000099999")[0]?.account.accountName).toBe("acct-099999");
    // Numbers in a word match as written: acct-099990 to acct-099999 and acct-009999, not every
    // name with a 0 and four 9s somewhere in it.
    expect(index.search("acct-09999").length).toBe(11);
    // ...while the letters around them may still skip: no hyphen typed.
    expect(index.search("acct099999").map((g) => g.account.accountName)).toEqual(["acct-099999"]);
  });
});
