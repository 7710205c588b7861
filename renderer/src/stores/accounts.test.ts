import { beforeEach, describe, expect, it } from "vitest";
import type { Api } from "../../../shared/api.js";
import {
  DEFAULT_SETTINGS,
  type Account,
  type AccountsDelta,
  type SessionAccounts,
} from "../../../shared/model.js";
import { useAccounts } from "./accounts.js";

const account = (id: string, roles: string[]): Account => ({
  accountId: id,
  accountName: `account-${id}`,
  emailAddress: `${id}@example.com`,
  roles,
});

const list = (revision: number, accounts: Account[]): SessionAccounts => ({
  session: "acme",
  revision,
  accounts,
  complete: false,
  syncing: true,
});

const delta = (base: number, revision: number, upserted: Account[]): AccountsDelta => ({
  session: "acme",
  base,
  revision,
  upserted,
  removed: [],
  complete: false,
  syncing: true,
});

// The store's one way out: window.sso. Only getState is answered here, with what main holds now.
let stateAsked = 0;
const mainHolds = list(7, [account("1", ["Admin"]), account("2", ["Dev"])]);
beforeEach(() => {
  stateAsked = 0;
  const api: Pick<Api, "getState"> = {
    getState: () => {
      stateAsked += 1;
      return Promise.resolve({
        sessions: [],
        accounts: [mainHolds],
        chainedRoles: [],
        entitledRoles: [],
        settings: DEFAULT_SETTINGS,
        info: { version: "test", platform: "browser", secretStorage: "unavailable" },
      });
    },
  };
  (globalThis as { window?: unknown }).window = { sso: api };
  useAccounts.getState().load([list(3, [account("1", [])])]);
});

describe("useAccounts applying a sync's changes", () => {
  it("applies a change made for the revision it holds", () => {
    const first = useAccounts.getState().bySession.acme!.accounts[0];
    useAccounts.getState().applyChange(delta(3, 4, [account("2", ["Dev"])]));
    const held = useAccounts.getState().bySession.acme!;
    expect(held.revision).toBe(4);
    expect(held.accounts.map((a) => a.accountId)).toEqual(["1", "2"]);
    expect(held.accounts[0]).toBe(first);
    expect(stateAsked).toBe(0);
  });

  it("drops a change it already holds", () => {
    useAccounts.getState().applyChange(delta(2, 3, [account("9", [])]));
    expect(useAccounts.getState().bySession.acme!.accounts).toHaveLength(1);
    expect(stateAsked).toBe(0);
  });

  it("fetches the whole state once when a change shows one was missed", async () => {
    useAccounts.getState().applyChange(delta(5, 6, [account("3", [])]));
    useAccounts.getState().applyChange(delta(6, 7, [account("4", [])]));
    await expect.poll(() => useAccounts.getState().bySession.acme?.revision).toBe(7);
    expect(useAccounts.getState().bySession.acme).toEqual(mainHolds);
    expect(stateAsked).toBe(1);
  });
});
