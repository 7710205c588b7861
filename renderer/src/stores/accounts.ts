// Each session's account list as main last reported it, sync progress included.
import { create } from "zustand";
import type { SessionAccounts } from "../../../shared/model.js";
import { sso } from "../api.js";
import { reportError } from "./ui.js";

interface AccountsState {
  bySession: Record<string, SessionAccounts>;
  load(lists: SessionAccounts[]): void;
  receive(list: SessionAccounts): void;
  /** Keeps only the lists of sessions that still exist. */
  retain(sessions: readonly string[]): void;
  refresh(session?: string): Promise<void>;
}

export const useAccounts = create<AccountsState>()((set) => ({
  bySession: {},
  load: (lists) => set({ bySession: Object.fromEntries(lists.map((l) => [l.session, l])) }),
  receive: (list) => set((s) => ({ bySession: { ...s.bySession, [list.session]: list } })),
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
