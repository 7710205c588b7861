// Each session's account list as main last reported it, sync progress included.
import { create } from "zustand";
import { applyAccountsDelta } from "../../../shared/account-delta.js";
import type {
  AccountsDelta,
  ChainedRole,
  EntitledRole,
  SessionAccounts,
} from "../../../shared/model.js";
import { sso } from "../api.js";
import { reportError } from "./ui.js";

interface AccountsState {
  bySession: Record<string, SessionAccounts>;
  /** Roles chained from the sessions' roles by ~/.aws/config profiles. */
  chained: ChainedRole[];
  setChained(chained: ChainedRole[]): void;
  /** Every session's roles from account access manager, as main last listed them. */
  entitled: EntitledRole[];
  setEntitled(entitled: EntitledRole[]): void;
  load(lists: SessionAccounts[]): void;
  receive(list: SessionAccounts): void;
  /**
   * Applies a sync's progress to the list it was computed from. A change for a revision this store
   * does not hold (one was missed) fetches the whole state again; one it already holds is dropped.
   */
  applyChange(delta: AccountsDelta): void;
  /** Keeps only the lists of sessions that still exist. */
  retain(sessions: readonly string[]): void;
  refresh(session?: string): Promise<void>;
}

let refetching: Promise<void> | undefined;

export const useAccounts = create<AccountsState>()((set, get) => ({
  bySession: {},
  chained: [],
  setChained: (chained) => set({ chained }),
  entitled: [],
  setEntitled: (entitled) => set({ entitled }),
  load: (lists) => set({ bySession: Object.fromEntries(lists.map((l) => [l.session, l])) }),
  receive: (list) => set((s) => ({ bySession: { ...s.bySession, [list.session]: list } })),
  applyChange: (delta) => {
    const list = get().bySession[delta.session];
    if (list?.revision !== undefined && list.revision >= delta.revision) return;
    const next = list && applyAccountsDelta(list, delta);
    if (next) {
      get().receive(next);
      return;
    }
    refetching ??= sso()
      .getState({})
      .then((state) => get().load(state.accounts))
      .catch((error: unknown) => reportError(error, delta.session))
      .finally(() => {
        refetching = undefined;
      });
  },
  retain: (sessions) =>
    set((s) => {
      const keep = Object.entries(s.bySession).filter(([name]) => sessions.includes(name));
      return keep.length === Object.keys(s.bySession).length
        ? s
        : { bySession: Object.fromEntries(keep) };
    }),
  refresh: async (session) => {
    try {
      await sso().refreshAccounts(session ? { session } : {});
    } catch (error) {
      reportError(error, session);
    }
  },
}));
