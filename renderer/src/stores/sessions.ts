// Sessions (who is signed in where) and the sign-ins under way, with what each asks the user to do.
import { create } from "zustand";
import type { SessionStatus, SignInMethod, SignInPrompt } from "../../../shared/model.js";
import { sso } from "../api.js";
import { reportError, useUi } from "./ui.js";

export interface SignInProgress {
  method: SignInMethod;
  prompt?: SignInPrompt;
}

interface SessionsState {
  sessions: SessionStatus[];
  signingIn: Record<string, SignInProgress>;
  load(sessions: SessionStatus[]): void;
  prompt(prompt: SignInPrompt): void;
  addSession(input: {
    startUrl: string;
    region: string;
    name?: string;
    tenantId?: string;
    fips?: boolean;
    dualStack?: boolean;
  }): Promise<SessionStatus>;
  /** Names the session's account access tenant (null: none). */
  setTenant(session: string, tenantId: string | null): Promise<SessionStatus>;
  signIn(session: string, method: SignInMethod): Promise<void>;
  cancelSignIn(session: string): Promise<void>;
  signOut(session: string): Promise<void>;
}

function isSignedIn(session: SessionStatus): boolean {
  return session.state === "signed-in" || session.state === "expiring";
}

export const useSessions = create<SessionsState>()((set, get) => {
  const upsert = (status: SessionStatus) =>
    set((s) => ({
      sessions: s.sessions.some((x) => x.name === status.name)
        ? s.sessions.map((x) => (x.name === status.name ? status : x))
        : [...s.sessions, status],
    }));
  const endSignIn = (session: string) =>
    set((s) => {
      const { [session]: _ended, ...rest } = s.signingIn;
      return { signingIn: rest };
    });
  return {
    sessions: [],
    signingIn: {},
    load: (sessions) =>
      set((s) => {
        // A session signed in again (here, from the tray or by `aws sso login`): what was said
        // about its ending no longer applies.
        for (const now of sessions) {
          const before = s.sessions.find((x) => x.name === now.name);
          if (before && !isSignedIn(before) && isSignedIn(now)) {
            useUi.getState().dismissSession(now.name);
          }
        }
        return { sessions };
      }),
    prompt: (prompt) =>
      set((s) => ({
        signingIn: {
          ...s.signingIn,
          [prompt.session]: { method: prompt.kind, prompt },
        },
      })),
    addSession: async (input) => {
      const status = await sso().addSession(input);
      upsert(status);
      return status;
    },
    setTenant: async (session, tenantId) => {
      const status = await sso().setAccountAccessTenant({ session, tenantId });
      upsert(status);
      return status;
    },
    signIn: async (session, method) => {
      if (get().signingIn[session]) return;
      set((s) => ({ signingIn: { ...s.signingIn, [session]: { method } } }));
      try {
        upsert(await sso().signIn({ session, method }));
        useUi.getState().dismissSession(session);
        useUi.getState().setStatus(`Signed in to ${session}`);
      } catch (error) {
        // Cancelling is the user's own doing, not an error worth a banner.
        if (get().signingIn[session]) reportError(error, session);
      } finally {
        endSignIn(session);
      }
    },
    cancelSignIn: async (session) => {
      endSignIn(session);
      try {
        await sso().cancelSignIn({ session });
      } catch (error) {
        reportError(error, session);
      }
    },
    signOut: async (session) => {
      try {
        await sso().signOut({ session });
      } catch (error) {
        reportError(error, session);
      }
    },
  };
});
