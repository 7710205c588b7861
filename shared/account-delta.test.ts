import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyAccountsDelta, diffAccounts } from "./account-delta.js";
import { compareAccounts } from "./account-order.js";
import type { Account, SessionAccounts } from "./model.js";

const account = (id: number, name: string, roles: string[]): Account => ({
  accountId: String(100000000000 + id),
  accountName: name,
  emailAddress: `${name}@example.com`,
  roles,
});

const list = (revision: number, accounts: Account[], extra: Partial<SessionAccounts> = {}) => ({
  session: "acme",
  revision,
  accounts: [...accounts].sort(compareAccounts),
  complete: false,
  syncing: true,
  ...extra,
});

describe("account list deltas", () => {
  const a = account(1, "alpha", ["Admin"]);
  const b = account(2, "beta", []);
  const c = account(3, "gamma", ["ReadOnly"]);

  it("carries only what changed, and applying it gives the new list with unchanged accounts kept", () => {
    const before = list(1, [a, b, c]);
    const withRoles = { ...b, roles: ["Admin", "ReadOnly"] };
    const d = account(4, "delta", []);
    const after = list(2, [a, withRoles, d], { progress: { done: 2, total: 3 } });
    const delta = diffAccounts(before, after);
    expect(delta.upserted).toEqual([withRoles, d]);
    expect(delta.removed).toEqual([c.accountId]);
    expect(delta).toMatchObject({ base: 1, revision: 2, progress: { done: 2, total: 3 } });

    const applied = applyAccountsDelta(before, delta);
    expect(applied).toEqual(after);
    expect(applied?.accounts[0]).toBe(a);
  });

  it("moves a renamed account to its place in the order", () => {
    const before = list(1, [a, b, c]);
    const renamed = { ...a, accountName: "zeta" };
    const after = list(2, [renamed, b, c]);
    expect(applyAccountsDelta(before, diffAccounts(before, after))?.accounts).toEqual([
      b,
      c,
      renamed,
    ]);
  });

  it("refuses a delta for another revision, so the caller fetches the whole list", () => {
    const before = list(1, [a]);
    const delta = diffAccounts(list(2, [a]), list(3, [a, b]));
    expect(applyAccountsDelta(before, delta)).toBeUndefined();
    expect(applyAccountsDelta({ ...before, revision: undefined }, delta)).toBeUndefined();
  });

  it("round-trips any pair of lists", () => {
    const names = fc.constantFrom("a", "b", "c", "team-2", "team-10", "Team-1");
    const roles = fc.uniqueArray(fc.constantFrom("Admin", "ReadOnly", "Billing"), {
      maxLength: 3,
    });
    const accounts = fc
      .uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 30 }), name: names, roles }), {
        selector: (x) => x.id,
        maxLength: 25,
      })
      .map((xs) => xs.map((x) => account(x.id, x.name, x.roles)));
    fc.assert(
      fc.property(accounts, accounts, (from, to) => {
        const before = list(1, from);
        const after = list(2, to);
        expect(applyAccountsDelta(before, diffAccounts(before, after))).toEqual(after);
      }),
      { numRuns: 500 },
    );
  });
});
