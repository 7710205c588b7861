// The update the app has downloaded and verified, offered until the user restarts or puts it off.
import { create } from "zustand";
import type { UpdateReady } from "../../../shared/api.js";

interface UpdateState {
  ready: UpdateReady | undefined;
  /** "Later": hidden until another version is ready (the tray menu still offers it). */
  dismissedVersion: string | undefined;
  receive(update: UpdateReady): void;
  dismiss(): void;
}

export const useUpdate = create<UpdateState>()((set) => ({
  ready: undefined,
  dismissedVersion: undefined,
  receive: (ready) => set({ ready }),
  dismiss: () => set((s) => ({ dismissedVersion: s.ready?.version })),
}));
