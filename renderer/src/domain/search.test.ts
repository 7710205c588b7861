import { describe, expect, it } from "vitest";
import type { SessionAccounts } from "../../../shared/model.js";
import { flattenRows, roleKey } from "./rows.js";
import { SearchIndex } from "./search.js";

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
const rows = flattenRows([list], { "222222222222": { alias: "stg" } });
const index = new SearchIndex(rows);
const names = (q: string, favorites?: Set<string>) =>
  index.search(q, favorites ? { favorites } : {}).map((r) => `${r.accountName}:${r.roleName}`);

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
    expect(names("", fav)[0]).toBe("sandbox-prod:Developer");
    expect(names("dev", fav)).toEqual(["sandbox-prod:Developer", "staging:Developer"]);
  });

  it("returns nothing when nothing matches", () => {
    expect(names("zzzzqqq")).toEqual([]);
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

  it("widens again when a letter is deleted", () => {
    const typed = new SearchIndex(rows);
    typed.search("stag");
    expect(typed.search("s").length).toBeGreaterThan(typed.search("stag").length);
    typed.search("stag");
    expect(typed.search("sta")[0]?.accountName).toBe("staging");
  });
});
