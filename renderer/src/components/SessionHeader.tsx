import { useEffect, useRef, useState } from "react";
import type { SessionAccounts, SessionStatus } from "../../../shared/model.js";
import { syncProgressText, type PickedState } from "../../../shared/sync-progress-text.js";
import { formatRemaining, remainingMs } from "../domain/time.js";
import { useNow } from "../hooks/use-now.js";
import { useAccounts } from "../stores/accounts.js";
import { useSessions } from "../stores/sessions.js";
import { useUi } from "../stores/ui.js";
import { SignInPanel } from "./SignInPanel.js";

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const STATE_WORDS: Record<SessionStatus["state"], string> = {
  "signed-in": "Signed in",
  expiring: "Ending soon",
  "sign-in-needed": "Sign-in needed",
  "signed-out": "Signed out",
};

/**
 * One session on one line: its name (where it is in the tooltip), how long is left, refresh, and
 * a menu with sign-in and sign-out. A session that ended says so here, once, with the button that
 * fixes it; a failed sync says so here too.
 */
export function SessionHeader({ session }: { session: SessionStatus }) {
  const now = useNow();
  const progress = useSessions((s) => s.signingIn[session.name]);
  const signIn = useSessions((s) => s.signIn);
  const list = useAccounts((s) => s.bySession[session.name]);
  const refresh = useAccounts((s) => s.refresh);
  const left = remainingMs(session.expiresAt, now);
  const signedIn = session.state === "signed-in" || session.state === "expiring";
  const ended = session.state === "sign-in-needed";

  return (
    <section
      className={`session session-${session.state}`}
      aria-label={`Session ${session.name}`}
      data-session={session.name}
      data-state={session.state}
    >
      <div className="session-line">
        <strong className="session-name" title={`${hostOf(session.startUrl)} · ${session.region}`}>
          {session.name}
        </strong>
        {!ended && (
          <span className={`badge badge-${progress ? "signing-in" : session.state}`}>
            {/* A sign-in under way is not "Signed out", whatever the session was before it. */}
            {progress ? "Signing in…" : STATE_WORDS[session.state]}
            {!progress && signedIn && session.expiresAt ? ` · ${formatRemaining(left)}` : ""}
          </span>
        )}
        {!signedIn && !ended && !progress && (
          <button
            type="button"
            className="small primary"
            onClick={() => void signIn(session.name, "browser")}
          >
            Sign in
          </button>
        )}
        {session.state === "expiring" && !progress && (
          <button
            type="button"
            className="small"
            onClick={() => void signIn(session.name, "browser")}
          >
            Sign in again
          </button>
        )}
        {signedIn && <RefreshButton session={session.name} />}
        <SessionMenu session={session} />
      </div>

      {ended && !progress && (
        <div className="banner banner-error" role="alert">
          <span className="banner-text">
            {`This session has ended${session.problem ? `: ${session.problem}` : ""}.`}
          </span>
          <button
            type="button"
            className="small primary"
            onClick={() => void signIn(session.name, "browser")}
          >
            Sign in again
          </button>
        </div>
      )}
      {list?.error && !list.syncing && (
        <div className="banner banner-warning" role="alert">
          <span className="banner-text">{list.error}</span>
          <button type="button" className="small" onClick={() => void refresh(session.name)}>
            Try again
          </button>
        </div>
      )}
      {progress ? <SignInPanel session={session.name} progress={progress} /> : null}
      {list?.syncing && <SyncProgressBar list={list} />}
    </section>
  );
}

/** ↻, named for screen readers. */
function RefreshButton({ session }: { session: string }) {
  const syncing = useAccounts((s) => s.bySession[session]?.syncing);
  const refresh = useAccounts((s) => s.refresh);
  return (
    <button
      type="button"
      className="small icon"
      aria-label={`Refresh accounts of ${session}`}
      title="Refresh accounts"
      onClick={() => void refresh(session)}
      disabled={syncing}
    >
      ↻
    </button>
  );
}

/** Sign in again (browser or device code) and sign out, behind one button. */
function SessionMenu({ session }: { session: SessionStatus }) {
  const [open, setOpen] = useState(false);
  const signIn = useSessions((s) => s.signIn);
  const signOut = useSessions((s) => s.signOut);
  const signedIn = session.state === "signed-in" || session.state === "expiring";
  const first = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const menuId = `session-menu-${session.name}`;
  const run = (action: () => Promise<void>) => {
    setOpen(false);
    void action();
  };
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  return (
    <span className="session-menu">
      <button
        ref={toggle}
        type="button"
        className="small icon"
        aria-label={`Session menu for ${session.name}`}
        title="Sign in again, sign out"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open && (
        <span
          className="popover"
          id={menuId}
          role="group"
          aria-label={`Session ${session.name}`}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
            toggle.current?.focus();
          }}
        >
          <button
            ref={first}
            type="button"
            onClick={() => run(() => signIn(session.name, "browser"))}
          >
            {signedIn ? "Sign in again" : "Sign in with the browser"}
          </button>
          <button type="button" onClick={() => run(() => signIn(session.name, "device"))}>
            Sign in with a device code
          </button>
          {session.state !== "signed-out" && (
            <button type="button" onClick={() => run(() => signOut(session.name))}>
              Sign out
            </button>
          )}
        </span>
      )}
    </span>
  );
}

function SyncProgressBar({ list }: { list: SessionAccounts }) {
  const progress = list.progress ?? { done: 0, total: 0, listing: true };
  // Where the account the user picked in this session stands, if one is picked.
  const picked = useUi((s): PickedState | undefined => {
    const key = s.selectedKey;
    if (!key?.startsWith(`${list.session}/`)) return undefined;
    const accountId = key.slice(list.session.length + 1).split("/")[0];
    const account = list.accounts.find((a) => a.accountId === accountId);
    if (!account) return undefined;
    return account.rolesPending ? "fetching" : "ready";
  });
  const { done, total } = progress;
  return (
    <div className="sync">
      <progress
        aria-label="Syncing accounts"
        max={Math.max(total, 1)}
        value={total ? done : undefined}
      />
      <span className="muted" role="status">
        {total ? syncProgressText(progress, picked) : "Listing accounts…"}
      </span>
    </div>
  );
}
