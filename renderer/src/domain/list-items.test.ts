import { describe, expect, it } from "vitest";
import type { SessionAccounts } from "../../../shared/model.js";
import { buildListModel, resolveSelection, searchCountText, type ListItem } from "./list-items.js";
import { flattenRows, roleKey } from "./rows.js";
import { SearchIndex } from "./search.js";

const session = (name: string, ids: string[]): SessionAccounts => ({
  session: name,
  complete: true,
  syncing: false,
  accounts: ids.map((id, i) => ({
    accountId: id,
    accountName: `${name}-${i}`,
    emailAddress: `${i}@${name}.test`,
    roles: ["B", "A"],
  })),
});

describe("flattenRows", () => {
  it("keeps the order main sent, one row per role, and carries decorations", () => {
    const rows = flattenRows([session("acme", ["000000000002", "000000000001"])], {
      "000000000001": { alias: "one", color: "#ff0000" },
    });
    expect(rows.map((r) => `${r.accountName}/${r.roleName}`)).toEqual([
      "acme-0/B",
      "acme-0/A",
      "acme-1/B",
      "acme-1/A",
    ]);
    expect(rows[2]).toMatchObject({ alias: "one", color: "#ff0000", key: "acme/000000000001/B" });
    expect(rows[0]?.alias).toBeUndefined();
  });
});

describe("buildListModel", () => {
  const rows = flattenRows(
    [session("acme", ["000000000001"]), session("beta", ["000000000002"])],
    {},
  );
  const groups = new SearchIndex(rows).groups;
  const label = (item: ListItem) =>
    item.kind === "header" ? `#${item.label}` : item.account.accountName;

  it("draws a header per session when there are several, and one card per account", () => {
    const model = buildListModel(groups, {
      favorites: new Set(),
      searching: false,
      sessions: ["acme", "beta"],
    });
    expect(model.items.map(label)).toEqual(["#acme", "acme-0", "#beta", "beta-0"]);
    expect(model.chips).toHaveLength(4);
    expect(model.chipItem).toEqual([1, 1, 3, 3]);
  });

  it("lists favourites in their own section first, and again under their account", () => {
    const fav = roleKey({ session: "beta", accountId: "000000000002", roleName: "B" });
    const model = buildListModel(groups, {
      favorites: new Set([fav]),
      searching: false,
      sessions: ["acme", "beta"],
    });
    expect(model.items[0]).toMatchObject({ kind: "header", label: "Favourites" });
    expect(model.chips[0]?.key).toBe(fav);
    expect(model.chips.filter((r) => r.key === fav)).toHaveLength(2);
    expect(new Set(model.items.map((i) => i.key)).size).toBe(model.items.length);
    // Each chip's card holds it at the chip's own position.
    model.chips.forEach((row, chip) => {
      const item = model.items[model.chipItem[chip]!];
      expect(item?.kind === "account" && item.rows[chip - item.firstChip]).toBe(row);
    });
  });

  it("draws only the sessions asked for, under one heading when favourites come first", () => {
    const fav = roleKey({ session: "acme", accountId: "000000000001", roleName: "A" });
    const model = buildListModel(groups, {
      favorites: new Set([fav]),
      searching: false,
      sessions: ["acme"],
    });
    expect(model.items.map(label)).toEqual(["#Favourites", "acme-0", "#All accounts", "acme-0"]);
  });

  it("lists recently used roles after favourites, most recent first, leaving favourites out", () => {
    const key = (session: string, id: string, role: string) =>
      roleKey({ session, accountId: id, roleName: role });
    const fav = key("acme", "000000000001", "A");
    const recent = [
      key("beta", "000000000002", "A"),
      fav,
      key("acme", "000000000001", "B"),
      key("gone", "000000000009", "A"),
    ];
    const model = buildListModel(groups, {
      favorites: new Set([fav]),
      recent,
      searching: false,
      sessions: ["acme", "beta"],
    });
    expect(model.items.map(label)).toEqual([
      "#Favourites",
      "acme-0",
      "#Recent",
      "beta-0",
      "acme-0",
      "#acme",
      "acme-0",
      "#beta",
      "beta-0",
    ]);
    expect(model.chips.slice(0, 3).map((r) => r.key)).toEqual([fav, recent[0], recent[2]]);
    // While searching, only the ranked groups.
    const searching = buildListModel(groups, {
      favorites: new Set([fav]),
      recent,
      searching: true,
      sessions: ["acme", "beta"],
    });
    expect(searching.items.map(label)).toEqual(["acme-0", "beta-0"]);
  });

  it("keeps search order and draws no headers while searching", () => {
    const ranked = [
      { account: groups[1]!.account, rows: [rows[3]!] },
      { account: groups[0]!.account, rows: [rows[0]!, rows[1]!] },
    ];
    const model = buildListModel(ranked, {
      favorites: new Set(),
      searching: true,
      sessions: ["acme", "beta"],
    });
    expect(model.items.map(label)).toEqual(["beta-0", "acme-0"]);
    expect(model.chips.map((r) => r.roleName)).toEqual(["A", "B", "A"]);
    expect(model.chipItem).toEqual([0, 1, 1]);
  });
});

describe("resolveSelection", () => {
  const chips = [{ key: "fav" }, { key: "a" }, { key: "fav" }, { key: "b" }];
  it("follows the selected role when the list moves under it", () => {
    expect(resolveSelection(chips, 1, "b")).toBe(3);
  });
  it("keeps the position of a role listed twice", () => {
    expect(resolveSelection(chips, 2, "fav")).toBe(2);
  });
  it("falls back to the first chip when the role is gone, and to none in an empty list", () => {
    expect(resolveSelection(chips, 3, "gone")).toBe(0);
    expect(resolveSelection([], 0, undefined)).toBe(-1);
  });
  it("clamps a position without a role to the list", () => {
    expect(resolveSelection(chips, 9, undefined)).toBe(3);
  });
});

describe("searchCountText", () => {
  // Mid-sync: three accounts match "pay", one with its roles, two still waiting for theirs, and one
  // role the portal no longer lists.
  const list: SessionAccounts = {
    session: "acme",
    complete: false,
    syncing: true,
    accounts: [
      {
        accountId: "000000000001",
        accountName: "payments-prod",
        emailAddress: "a@acme.test",
        roles: ["Admin", "ReadOnly"],
        goneRoles: ["Billing"],
      },
      {
        accountId: "000000000002",
        accountName: "payments-dev",
        emailAddress: "b@acme.test",
        roles: [],
        rolesPending: true,
      },
      {
        accountId: "000000000003",
        accountName: "payroll",
        emailAddress: "c@acme.test",
        roles: [],
        rolesPending: true,
      },
      {
        accountId: "000000000004",
        accountName: "logs",
        emailAddress: "d@acme.test",
        roles: ["Admin"],
      },
    ],
  };
  const rows = flattenRows([list], {});
  const total = rows.filter((r) => r.state === "ready").length;
  const count = (query: string) => {
    const groups = new SearchIndex(rows).search(query, { favorites: new Set() });
    const model = buildListModel(groups, { favorites: new Set(), searching: true, sessions: [] });
    return searchCountText(query, model.chips, total);
  };

  it("counts only roles a user can use, and names the accounts still waiting for theirs", () => {
    expect(count("pay")).toBe("2 of 3; 2 accounts, roles pending");
    expect(count("payroll")).toBe("0 of 3; 1 account, roles pending");
    expect(count("logs")).toBe("1 of 3");
  });

  it("shows the roles a user can use when nothing is typed", () => {
    expect(count("")).toBe("3 roles");
  });
});
