import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyAccountsDelta, diffAccounts, sameAccount } from "./account-delta.js";
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

  it("gives what comparing every account by id gives, for lists in any order and sharing objects", () => {
    /** The plain definition: every account of `next` looked up in `previous` by id. */
    const byId = (previous: Account[], next: Account[]) => {
      const known = new Map(previous.map((x) => [x.accountId, x]));
      return {
        upserted: next.filter((x) => {
          const was = known.get(x.accountId);
          return !was || !sameAccount(was, x);
        }),
        removed: previous
          .filter((x) => !next.some((y) => y.accountId === x.accountId))
          .map((x) => x.accountId),
      };
    };
    const names = fc.constantFrom("a", "b", "c", "team-2", "team-10");
    const roles = fc.uniqueArray(fc.constantFrom("Admin", "ReadOnly"), { maxLength: 2 });
    const pool = fc
      .uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 20 }), name: names, roles }), {
        selector: (x) => x.id,
        minLength: 1,
        maxLength: 20,
      })
      .map((xs) => xs.map((x) => account(x.id, x.name, x.roles)));
    const scenario = pool.chain((shared) =>
      fc.record({
        shared: fc.constant(shared),
        // Which shared objects each side keeps, copies, or leaves out; then a shuffle or the order.
        before: fc.array(fc.constantFrom("keep", "copy", "drop"), {
          minLength: shared.length,
          maxLength: shared.length,
        }),
        after: fc.array(fc.constantFrom("keep", "copy", "rename", "drop"), {
          minLength: shared.length,
          maxLength: shared.length,
        }),
        sorted: fc.boolean(),
        seed: fc.integer(),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ shared, before, after, sorted, seed }) => {
        const pick = (how: readonly string[]) =>
          shared.flatMap((x, i) =>
            how[i] === "keep"
              ? [x]
              : how[i] === "copy"
                ? [{ ...x }]
                : how[i] === "rename"
                  ? [{ ...x, accountName: `${x.accountName}-x` }]
                  : [],
          );
        const order = (xs: Account[]) =>
          sorted
            ? xs.sort(compareAccounts)
            : xs.sort(
                (x, y) => ((Number(x.accountId) * seed) % 7) - ((Number(y.accountId) * seed) % 7),
              );
        const from = order(pick(before));
        const to = order(pick(after));
        const delta = diffAccounts(
          { session: "acme", revision: 1, accounts: from, complete: false, syncing: true },
          { session: "acme", revision: 2, accounts: to, complete: false, syncing: true },
        );
        const expected = byId(from, to);
        expect(delta.upserted).toEqual(expected.upserted);
        expect([...delta.removed].sort()).toEqual([...expected.removed].sort());
      }),
      { numRuns: 1000 },
    );
  });
});
