import type { SessionStatus } from "../../../shared/model.js";
import { formatRemaining, remainingMs } from "../domain/time.js";
import { useNow } from "../hooks/use-now.js";
import { useAccounts } from "../stores/accounts.js";
import { useSessions } from "../stores/sessions.js";
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
 * One session: where, who, how long is left, and what can be done about it. With several sessions
 * each takes one line (`compact`), where it is moving to the name's tooltip, so the list keeps
 * the room.
 */
export function SessionHeader({
  session,
  compact = false,
}: {
  session: SessionStatus;
  compact?: boolean;
}) {
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
        <strong
          className="session-name"
          title={compact ? `${hostOf(session.startUrl)} · ${session.region}` : undefined}
        >
          {session.name}
        </strong>
        <span className={`badge badge-${session.state}`}>
          {STATE_WORDS[session.state]}
          {signedIn && session.expiresAt ? ` · ${formatRemaining(left)}` : ""}
        </span>
        {compact && signedIn && <SessionActions session={session.name} compact />}
      </div>
      {!compact && (
        <div className="session-line">
          <span className="muted session-where">
            {hostOf(session.startUrl)} · {session.region}
          </span>
          {signedIn && <SessionActions session={session.name} compact={false} />}
        </div>
      )}

      {(ended || session.state === "expiring") && !progress && (
        <div className={`banner ${ended ? "banner-error" : "banner-warning"}`} role="alert">
          <span className="banner-text">
            {ended
              ? `This session has ended${session.problem ? `: ${session.problem}` : ""}.`
              : `This session ends in ${formatRemaining(left)}.`}
          </span>
          <button
            type="button"
            className="primary"
            onClick={() => void signIn(session.name, "browser")}
          >
            Sign in again
          </button>
        </div>
      )}
      {list?.error && !list.syncing && (
        <div className="banner banner-warning" role="alert">
          <span className="banner-text">{list.error}</span>
          <button type="button" onClick={() => void refresh(session.name)}>
            Try again
          </button>
        </div>
      )}
      {progress ? <SignInPanel session={session.name} progress={progress} /> : null}

      {!signedIn && !progress && (
        <div className="session-actions">
          {!ended && (
            <button
              type="button"
              className="primary"
              onClick={() => void signIn(session.name, "browser")}
            >
              Sign in
            </button>
          )}
          <button type="button" onClick={() => void signIn(session.name, "device")}>
            Sign in with a device code
          </button>
        </div>
      )}
      {list?.syncing && (
        <SyncProgressBar done={list.progress?.done ?? 0} total={list.progress?.total ?? 0} />
      )}
    </section>
  );
}

/** Refresh and sign out; compact: the refresh button is a ↻ that names itself to screen readers. */
function SessionActions({ session, compact }: { session: string; compact: boolean }) {
  const syncing = useAccounts((s) => s.bySession[session]?.syncing);
  const refresh = useAccounts((s) => s.refresh);
  const signOut = useSessions((s) => s.signOut);
  return (
    <span className="session-actions">
      <button
        type="button"
        className="small"
        aria-label={compact ? `Refresh accounts of ${session}` : undefined}
        title={compact ? "Refresh accounts" : undefined}
        onClick={() => void refresh(session)}
        disabled={syncing}
      >
        {compact ? "↻" : syncing ? "Refreshing…" : "Refresh accounts"}
      </button>
      <button type="button" className="small" onClick={() => void signOut(session)}>
        Sign out
      </button>
    </span>
  );
}

function SyncProgressBar({ done, total }: { done: number; total: number }) {
  return (
    <div className="sync">
      <progress
        aria-label="Syncing accounts"
        max={Math.max(total, 1)}
        value={total ? done : undefined}
      />
      <span className="muted">
        {total ? `Syncing accounts: ${done} of ${total}` : "Listing accounts…"}
      </span>
    </div>
  );
}
