// What the user is looking at: the screen, the search query, the selected role chip, the
// notices shown as banners and the last action's confirmation.
import { create } from "zustand";
import type { Notice } from "../../../shared/api.js";
import { messageOf } from "../api.js";

export type Screen = "list" | "settings" | "add-session";

export interface ShownNotice extends Notice {
  id: number;
}

interface UiState {
  /** getState has answered (or failed): the first paint of real data. */
  loaded: boolean;
  screen: Screen;
  query: string;
  /** Index into the list model's chips, and that chip's role key (see resolveSelection). */
  selected: number;
  selectedKey: string | undefined;
  /**
   * The selected role's "more" menu: closed, open, or open with focus moved into it (→ from the
   * search box). Moving the selection or typing closes it.
   */
  more: "closed" | "open" | "focus";
  /** "" = every session. */
  sessionFilter: string;
  notices: ShownNotice[];
  /** A one-line confirmation ("Copied…"), read out politely by screen readers. */
  status: string;
  /** A role action that failed, shown in that role's actions where it was started. */
  roleError: RoleError | undefined;
  setLoaded(): void;
  show(screen: Screen): void;
  setQuery(query: string): void;
  select(index: number, key: string | undefined): void;
  filterSession(session: string): void;
  notify(notice: Notice): void;
  dismiss(id: number): void;
  /** Drops the notices about one session (it was signed in again: they no longer apply). */
  dismissSession(session: string): void;
  setStatus(status: string): void;
  setMore(more: UiState["more"]): void;
  setRoleError(roleError: RoleError | undefined): void;
}

export interface RoleError {
  /** The role's row key. */
  key: string;
  session: string;
  message: string;
}

let nextId = 1;
let statusTimer: ReturnType<typeof setTimeout> | undefined;
const STATUS_SHOWN_MS = 10_000;

export const useUi = create<UiState>()((set) => ({
  loaded: false,
  screen: "list",
  query: "",
  selected: 0,
  selectedKey: undefined,
  more: "closed",
  sessionFilter: "",
  notices: [],
  status: "",
  roleError: undefined,
  setLoaded: () => set({ loaded: true }),
  show: (screen) => set({ screen }),
  setQuery: (query) => set({ query, selected: 0, selectedKey: undefined, more: "closed" }),
  select: (selected, selectedKey) =>
    set((s) => ({
      selected: Math.max(0, selected),
      selectedKey,
      more: selectedKey === s.selectedKey ? s.more : "closed",
    })),
  filterSession: (sessionFilter) =>
    set({ sessionFilter, selected: 0, selectedKey: undefined, more: "closed" }),
  notify: (notice) =>
    set((s) => ({
      // The same message twice in a row is one banner, not a stack.
      notices: s.notices.some((n) => n.message === notice.message && n.session === notice.session)
        ? s.notices
        : [...s.notices.slice(-4), { ...notice, id: nextId++ }],
    })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  dismissSession: (session) =>
    set((s) => ({
      notices: s.notices.filter((n) => n.session !== session),
      roleError: s.roleError?.session === session ? undefined : s.roleError,
    })),
  setStatus: (status) => {
    // The footer shows the keys again once the confirmation has been read.
    clearTimeout(statusTimer);
    if (status) statusTimer = setTimeout(() => set({ status: "" }), STATUS_SHOWN_MS);
    set({ status });
  },
  setMore: (more) => set({ more }),
  setRoleError: (roleError) => set({ roleError }),
}));

/** Shows a failed call's message as an error banner. */
export function reportError(error: unknown, session?: string): void {
  useUi.getState().notify({
    level: "error",
    message: messageOf(error),
    ...(session ? { session } : {}),
  });
}

export function focusSearch(): void {
  const input = document.getElementById("search");
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
}
