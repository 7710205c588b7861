import { useEffect, useRef, useState, type FormEvent } from "react";
import type { EntitledRole, SessionAccounts, SessionStatus } from "../../../shared/model.js";
import { syncProgressText, type PickedState } from "../../../shared/sync-progress-text.js";
import { messageOf } from "../api.js";
import { tenantIdProblem } from "../domain/tenant-id.js";
import { TenantIdInput } from "./TenantIdInput.js";
import { formatRemaining, remainingMs } from "../domain/time.js";
import { useNow } from "../hooks/use-now.js";
import { useAccounts } from "../stores/accounts.js";
import { useSessions } from "../stores/sessions.js";
import { reportError, useUi } from "../stores/ui.js";
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
  // Said once a tenant is named for a session signed in before it: that sign-in may lack the
  // account access scopes. Roles listed for the session since then show that it does not.
  const [scopesNote, setScopesNote] = useState<{ text: string; since: EntitledRole[] }>();
  const entitled = useAccounts((s) => s.entitled);
  const listedSince =
    scopesNote !== undefined &&
    entitled !== scopesNote.since &&
    entitled.some((role) => role.session === session.name);

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
          title={[
            hostOf(session.startUrl),
            session.region,
            ...(session.accountAccessTenant
              ? [`account access ${session.accountAccessTenant}`]
              : []),
          ].join(" · ")}
        >
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
        <SessionMenu
          session={session}
          onTenantSet={(tenant) =>
            setScopesNote(
              tenant && signedIn
                ? {
                    text: `Sign in again to get the account access scopes for tenant ${tenant}.`,
                    since: useAccounts.getState().entitled,
                  }
                : undefined,
            )
          }
        />
      </div>

      {scopesNote && !listedSince && !progress && !ended && (
        <div className="banner banner-info" role="status">
          <span className="banner-text">{scopesNote.text}</span>
          <button
            type="button"
            className="small primary"
            onClick={() => {
              setScopesNote(undefined);
              void signIn(session.name, "browser");
            }}
          >
            Sign in again
          </button>
          <button type="button" className="small" onClick={() => setScopesNote(undefined)}>
            Dismiss
          </button>
        </div>
      )}

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

/**
 * Sign in again (browser or device code), sign out, and the session's account access tenant,
 * behind one button.
 */
function SessionMenu({
  session,
  onTenantSet,
}: {
  session: SessionStatus;
  /** The tenant was named (or removed: undefined). */
  onTenantSet(tenant: string | undefined): void;
}) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const signIn = useSessions((s) => s.signIn);
  const signOut = useSessions((s) => s.signOut);
  const setTenant = useSessions((s) => s.setTenant);
  const signedIn = session.state === "signed-in" || session.state === "expiring";
  const tenant = session.accountAccessTenant;
  const first = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const menuId = `session-menu-${session.name}`;
  const close = () => {
    setOpen(false);
    setEditing(false);
  };
  const run = (action: () => Promise<void>) => {
    close();
    void action();
  };
  useEffect(() => {
    if (open && !editing) first.current?.focus();
  }, [open, editing]);
  return (
    <span className="session-menu">
      <button
        ref={toggle}
        type="button"
        className="small icon"
        aria-label={`Session menu for ${session.name}`}
        title="Sign in again, sign out, account access tenant"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
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
            close();
            toggle.current?.focus();
          }}
        >
          {editing ? (
            <TenantForm
              session={session.name}
              current={tenant}
              save={async (tenantId) => {
                await setTenant(session.name, tenantId);
                close();
                toggle.current?.focus();
                onTenantSet(tenantId);
              }}
              cancel={() => setEditing(false)}
            />
          ) : (
            <>
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
              {tenant && (
                <span className="popover-note muted" data-tenant={tenant}>
                  Account access tenant <span className="mono">{tenant}</span>
                </span>
              )}
              <button type="button" onClick={() => setEditing(true)}>
                {tenant ? "Change account access tenant…" : "Set account access tenant…"}
              </button>
              {tenant && (
                <button
                  type="button"
                  onClick={() =>
                    run(async () => {
                      try {
                        await setTenant(session.name, null);
                        onTenantSet(undefined);
                      } catch (error) {
                        reportError(error, session.name);
                      }
                    })
                  }
                >
                  Remove account access tenant
                </button>
              )}
            </>
          )}
        </span>
      )}
    </span>
  );
}

/** The session's tenant id, checked as it is typed; main checks it again. */
function TenantForm({
  session,
  current,
  save,
  cancel,
}: {
  session: string;
  current: string | undefined;
  save(tenantId: string): Promise<void>;
  cancel(): void;
}) {
  const [value, setValue] = useState(current ?? "");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const problem =
    value.trim() === ""
      ? "Type the tenant id your administrator gave you (aa-…), or Cancel"
      : tenantIdProblem(value);
  const typed = value !== (current ?? "");
  const inputId = `tenant-${session}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    setBusy(true);
    setError("");
    try {
      await save(value.trim());
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <form className="tenant-form" onSubmit={(e) => void submit(e)} noValidate>
      <TenantIdInput
        id={inputId}
        label="Account access tenant id"
        autoFocus
        value={value}
        onChange={setValue}
        problem={typed ? problem : undefined}
      />
      {error && (
        <p className="hint hint-error" role="alert">
          {error}
        </p>
      )}
      <div className="action-row">
        <button type="submit" className="small primary" disabled={Boolean(problem) || busy}>
          Save
        </button>
        <button type="button" className="small" onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
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
