import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import {
  CREDENTIAL_FORMATS,
  ENVIRONMENTS,
  type CredentialFormat,
  type Environment,
  type RoleCredentials,
} from "../../../shared/model.js";
import { IDENTITY_CENTER_REGIONS } from "../../../shared/regions.js";
import { consoleBrowserFor } from "../../../shared/console-browser.js";
import type { ListModel } from "../domain/list-items.js";
import { roleKey, type RoleRow } from "../domain/rows.js";
import { formatRemaining, remainingMs } from "../domain/time.js";
import { useNow } from "../hooks/use-now.js";
import {
  beyondPortalReason,
  copyConsoleLink,
  copyExecLine,
  copyCredentials,
  FORMAT_LABELS,
  openConsole,
  refOf,
  revealCredentials,
} from "../role-actions.js";
import { sso } from "../api.js";
import { useSettings } from "../stores/settings.js";
import { useSelectedIndex } from "../stores/list-model.js";
import { ENVIRONMENT_LABELS, environmentOf } from "../domain/environment.js";
import { useSessions } from "../stores/sessions.js";
import { useUi } from "../stores/ui.js";

/**
 * The selected role's actions, on its row: the two used most as buttons, the rest in a "more"
 * menu (the button, or → in the search box).
 */
export function RoleActions({ model }: { model: ListModel }) {
  const selected = useSelectedIndex(model);
  const row = model.chips[selected];
  if (!row) return null;
  if (row.state !== "ready") return <RowNotice row={row} />;
  // Keyed by role: revealed credentials and open editors never carry over to another role.
  return <RoleActionsFor key={row.key} row={row} />;
}

const CONSOLE_REGIONS = [...IDENTITY_CENTER_REGIONS].sort();

const MAC = /Mac|iPhone|iPad/.test(navigator.platform);
const COPY_KEY = MAC ? "⌘C" : "Ctrl+C";
const COPY_SHORTCUT = MAC ? "Meta+C" : "Control+C";

/** In place of actions: an account whose roles are on their way, or a role that is gone. */
function RowNotice({ row }: { row: RoleRow }) {
  const name = row.alias ?? row.accountName;
  return (
    <section className="role-actions" aria-label={`About ${name}`}>
      <p className="muted row-notice" role="status">
        {row.state === "pending"
          ? `Fetching the roles of ${name} ahead of the rest…`
          : `${row.roleName} is no longer assigned to you in ${name}: the portal stopped listing it, and it goes at the next sync.`}
      </p>
    </section>
  );
}

function RoleActionsFor({ row }: { row: RoleRow }) {
  const settings = useSettings((s) => s.settings);
  const more = useUi((s) => s.more);
  const setMore = useUi((s) => s.setMore);
  const error = useUi((s) => (s.roleError?.key === row.key ? s.roleError.message : undefined));
  // An ended session is said once, on its own line: not again in each of its roles.
  const sessionEnded = useSessions(
    (s) => s.sessions.find((x) => x.name === row.session)?.state === "sign-in-needed",
  );
  const problem = sessionEnded ? undefined : error;
  const dismissProblem = useUi((s) => s.setRoleError);
  const [region, setRegion] = useState("");
  const [revealed, setRevealed] = useState<RoleCredentials>();
  // Credentials show inside the More panel and go with it: one way to hide them, not two.
  if (more === "closed" && revealed) setRevealed(undefined);
  // The pick counts at once: a Copy clicked right after it must not use the format the saved
  // settings still hold.
  const [picked, setPicked] = useState<CredentialFormat>();
  const format = picked ?? settings.defaultFormat;
  const menuId = `more-${row.key}`;

  // Escape anywhere in the actions closes the menu and goes back to the search box.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    setMore("closed");
    // Focus without selecting the query, so Ctrl/Cmd+C right after copies credentials.
    document.getElementById("search")?.focus();
  };

  return (
    <section
      className="role-actions"
      aria-label={`Actions for ${row.roleName} in ${row.alias ?? row.accountName}`}
      onKeyDown={onKeyDown}
    >
      {problem && (
        <div className="banner banner-error" role="alert">
          <span className="banner-text">{problem}</span>
          <button type="button" className="icon-button" onClick={() => dismissProblem(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="action-row">
        <button
          type="button"
          className="primary"
          aria-keyshortcuts="Enter"
          title="Open console (Enter in the search box)"
          onClick={() => void openConsole(row, region || undefined)}
        >
          Open console
        </button>
        <button
          type="button"
          aria-keyshortcuts={COPY_SHORTCUT}
          title={`Copy credentials (${COPY_KEY} in the search box)`}
          onClick={() => void copyCredentials(row, format)}
        >
          Copy credentials
        </button>
        <span className="muted action-format">{FORMAT_LABELS[format]}</span>
        <button
          type="button"
          className="more-button"
          aria-label="More actions"
          title="More actions (→ in the search box)"
          aria-expanded={more !== "closed"}
          aria-controls={more !== "closed" ? menuId : undefined}
          aria-keyshortcuts="ArrowRight"
          onClick={() => setMore(more === "closed" ? "open" : "closed")}
        >
          More ▾
        </button>
      </div>
      {row.entitled && (
        <p className="muted role-arn" data-role-arn={row.entitled.roleArn}>
          <span className="entitlement-badge">entitlement</span>{" "}
          <span className="mono">{row.entitled.roleArn}</span>
        </p>
      )}
      {more !== "closed" ? (
        <MoreActions
          id={menuId}
          row={row}
          focus={more === "focus"}
          region={region}
          setRegion={setRegion}
          format={format}
          setFormat={setPicked}
          revealed={revealed}
          setRevealed={setRevealed}
        />
      ) : null}
    </section>
  );
}

function MoreActions({
  id,
  row,
  focus,
  region,
  setRegion,
  format,
  setFormat,
  revealed,
  setRevealed,
}: {
  id: string;
  row: RoleRow;
  focus: boolean;
  region: string;
  setRegion(region: string): void;
  format: CredentialFormat;
  setFormat(format: CredentialFormat): void;
  revealed: RoleCredentials | undefined;
  setRevealed(credentials: RoleCredentials | undefined): void;
}) {
  const settings = useSettings((s) => s.settings);
  const update = useSettings((s) => s.update);
  const toggleFavorite = useSettings((s) => s.toggleFavorite);
  const [editing, setEditing] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const favorite = settings.favorites.some((f) => roleKey(f) === row.key);
  // The link Open console opens: the portal's where Settings choose it (never for a chained or
  // entitled role, which the portal does not list), else a federation sign-in.
  const portalChosen =
    consoleBrowserFor(settings.consoleBrowsers, {
      session: row.session,
      accountName: row.accountName,
      ...(settings.accounts[row.accountId]?.alias
        ? { alias: settings.accounts[row.accountId]!.alias! }
        : {}),
    }).viaPortal === true;
  const notViaPortal = portalChosen ? beyondPortalReason(row) : undefined;
  const viaPortal = portalChosen && notViaPortal === undefined;

  useEffect(() => {
    if (focus) first.current?.focus();
  }, [focus]);

  return (
    <div className="more-actions" id={id} role="group" aria-label="More actions">
      <div className="action-row">
        <button
          ref={first}
          type="button"
          title={
            viaPortal
              ? "The access portal's shortcut link, as Open console opens it here: keeps the multi-session console"
              : `A console sign-in link for 15 minutes${notViaPortal ? ` (${notViaPortal})` : ""}`
          }
          onClick={() =>
            void copyConsoleLink(row, region || undefined, viaPortal ? "portal" : undefined)
          }
        >
          Copy link
        </button>
        <button
          type="button"
          title="Copies ssotray exec … -- for a terminal: type the command to run after it"
          onClick={() => void copyExecLine(row, region || undefined)}
        >
          Copy exec line
        </button>
        {revealed ? (
          <button type="button" onClick={() => setRevealed(undefined)}>
            Hide credentials
          </button>
        ) : (
          <button type="button" onClick={() => void revealCredentials(row).then(setRevealed)}>
            Show credentials
          </button>
        )}
        <button
          type="button"
          className="icon"
          aria-pressed={favorite}
          aria-label={favorite ? "Remove from favourites" : "Add to favourites"}
          title={favorite ? "Remove from favourites" : "Add to favourites"}
          onClick={() => void toggleFavorite(refOf(row))}
        >
          {favorite ? "★" : "☆"}
        </button>
      </div>
      <div className="action-row">
        {/* The lists say what they hold ("bash", "Default region"): no labels beside them, so
            the row stays one line in the popup. */}
        <select
          aria-label="Credential format"
          title="Credential format"
          value={format}
          onChange={(e) => {
            const chosen = e.target.value as CredentialFormat;
            setFormat(chosen);
            void update({ defaultFormat: chosen });
          }}
        >
          {CREDENTIAL_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
        <select
          aria-label="Console region"
          title="Console region"
          value={region}
          onChange={(e) => setRegion(e.target.value)}
        >
          <option value="">
            {settings.defaultRegion ? `Default (${settings.defaultRegion})` : "Default region"}
          </option>
          {CONSOLE_REGIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="button" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
          Alias and colour
        </button>
      </div>
      {notViaPortal && (
        <p className="muted more-note" role="note">
          No access portal link: {notViaPortal}. Copy link and Open console sign in through
          federation.
        </p>
      )}
      {editing && <DecorationEditor row={row} onDone={() => setEditing(false)} />}
      {revealed && <RevealedCredentials credentials={revealed} />}
    </div>
  );
}

/** The keys, one compact line each, so the list above and below stays in view. */
function RevealedCredentials({ credentials }: { credentials: RoleCredentials }) {
  const now = useNow();
  const left = remainingMs(credentials.expiration, now);
  // Main keeps the window out of screen capture from the reveal until the fields are gone.
  useEffect(
    () => () => {
      void sso()
        .concealCredentials({})
        .catch(() => undefined);
    },
    [],
  );
  const fields: Array<[string, string, string]> = [
    ["AWS_ACCESS_KEY_ID", "Key id", credentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", "Secret", credentials.secretAccessKey],
    ["AWS_SESSION_TOKEN", "Token", credentials.sessionToken],
  ];
  return (
    <div className="revealed" role="group" aria-label="Role credentials">
      {fields.map(([name, short, value]) => (
        <label key={name} className="revealed-field" title={name}>
          <span className="muted">{short}</span>
          <input
            className="mono"
            aria-label={name}
            readOnly
            value={value}
            onFocus={(e) => e.target.select()}
          />
        </label>
      ))}
      <span className="muted revealed-expiry">
        {left > 0 ? `Valid for ${formatRemaining(left)}` : "Expired"}
      </span>
    </div>
  );
}

function DecorationEditor({ row, onDone }: { row: RoleRow; onDone(): void }) {
  const decorate = useSettings((s) => s.decorate);
  const [alias, setAlias] = useState(row.alias ?? "");
  const [color, setColor] = useState(row.color ?? "");
  const [environment, setEnvironment] = useState<Environment | "">(
    () => useSettings.getState().settings.accounts[row.accountId]?.environment ?? "",
  );
  const automatic = environmentOf(row.alias ?? "") ?? environmentOf(row.accountName);
  return (
    <form
      className="decoration"
      onSubmit={(e) => {
        e.preventDefault();
        void decorate(row.accountId, alias.trim() || null, color || null, environment || null).then(
          onDone,
        );
      }}
    >
      <label>
        Alias for {row.accountName}
        <input
          value={alias}
          maxLength={64}
          placeholder="e.g. prod"
          onChange={(e) => setAlias(e.target.value)}
        />
      </label>
      <label>
        Environment
        <select
          value={environment}
          onChange={(e) => setEnvironment(e.target.value as Environment | "")}
        >
          <option value="">
            From the name{automatic ? ` (${ENVIRONMENT_LABELS[automatic]})` : " (none)"}
          </option>
          {ENVIRONMENTS.map((env) => (
            <option key={env} value={env}>
              {ENVIRONMENT_LABELS[env]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Colour
        <input type="color" value={color || "#888888"} onChange={(e) => setColor(e.target.value)} />
      </label>
      <div className="action-row">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={() => setColor("")} disabled={!color}>
          No colour
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
