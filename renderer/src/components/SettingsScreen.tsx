import { Fragment, useState } from "react";
import { acceleratorProblem } from "../../../shared/accelerator.js";
import type { PopulateSummary } from "../../../shared/api.js";
import { CREDENTIAL_FORMATS, type CredentialFormat, type Settings } from "../../../shared/model.js";
import { type ProxyMode, proxyUrlProblem } from "../../../shared/proxy-url.js";
import { IDENTITY_CENTER_REGIONS } from "../../../shared/regions.js";
import { messageOf, sso } from "../api.js";
import { FORMAT_LABELS } from "../role-actions.js";
import { CommandLineToolSection } from "./CommandLineToolSection.js";
import { ConsoleBrowsersSection } from "./ConsoleBrowsersSection.js";
import { ChainedRolesSection } from "./ChainedRolesSection.js";
import { DiagnosticsSection } from "./DiagnosticsSection.js";
import { SessionEndpointsSection } from "./SessionEndpointsSection.js";
import { useSettings } from "../stores/settings.js";
import { useUi } from "../stores/ui.js";

const REGIONS = [...IDENTITY_CENTER_REGIONS].sort();

export function SettingsScreen() {
  const settings = useSettings((s) => s.settings);
  const info = useSettings((s) => s.info);
  const update = useSettings((s) => s.update);
  const show = useUi((s) => s.show);

  return (
    <main className="screen settings">
      <header className="screen-header">
        <h1>Settings</h1>
        <button type="button" onClick={() => show("list")}>
          Done
        </button>
      </header>

      <section className="field" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p className="hint">
          One per IAM Identity Center instance; several can be signed in at once.
        </p>
        <div className="action-row">
          <button type="button" onClick={() => show("add-session")}>
            Add a session
          </button>
        </div>
      </section>

      <div className="field">
        <label htmlFor="default-region">Console and credentials region</label>
        <select
          id="default-region"
          value={settings.defaultRegion ?? ""}
          onChange={(e) => void update({ defaultRegion: e.target.value || null })}
        >
          <option value="">The session's region</option>
          {REGIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor="default-format">Credential format</label>
        <select
          id="default-format"
          value={settings.defaultFormat}
          onChange={(e) => void update({ defaultFormat: e.target.value as CredentialFormat })}
        >
          {CREDENTIAL_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </div>

      <NumberField
        id="clipboard-clear"
        label="Clear copied secrets from the clipboard after (seconds, 0 = never)"
        value={settings.clipboardClearSeconds}
        min={0}
        max={3600}
        onCommit={(n) => void update({ clipboardClearSeconds: n })}
      />
      <NumberField
        id="expiry-warning"
        label="Warn this many minutes before a session ends"
        value={settings.expiryWarningMinutes}
        min={1}
        max={120}
        onCommit={(n) => void update({ expiryWarningMinutes: n })}
      />
      <NumberField
        id="account-list-fresh"
        label="Trust the account list for this many hours when a command names an account"
        hint="ssotray creds --account payments-prod looks the name up in the list SSO Tray already has while it is this recent; 0 asks the portal every time."
        value={settings.accountListFreshHours}
        min={0}
        max={720}
        onCommit={(n) => void update({ accountListFreshHours: n })}
      />

      <ShortcutField
        value={settings.globalShortcut}
        onCommit={(s) => void update({ globalShortcut: s })}
      />

      <div className="field">
        <label htmlFor="theme">Theme</label>
        <select
          id="theme"
          value={settings.theme}
          onChange={(e) => void update({ theme: e.target.value as Settings["theme"] })}
        >
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </div>

      <div className="field checkbox">
        <input
          id="start-at-login"
          type="checkbox"
          checked={settings.startAtLogin}
          onChange={(e) => void update({ startAtLogin: e.target.checked })}
        />
        <label htmlFor="start-at-login">Start at login</label>
      </div>

      <div className="field checkbox">
        <input
          id="check-for-updates"
          type="checkbox"
          checked={settings.checkForUpdates}
          onChange={(e) => void update({ checkForUpdates: e.target.checked })}
          aria-describedby="check-for-updates-hint"
        />
        <label htmlFor="check-for-updates">Check for updates automatically</label>
      </div>
      <p id="check-for-updates-hint" className="hint">
        New releases are downloaded from GitHub and verified in the background; nothing is installed
        until you choose Restart to update.
      </p>

      <ProxySection
        mode={settings.proxyMode}
        url={settings.proxyUrl}
        onChange={(mode, url) =>
          void update(mode === "url" ? { proxyMode: mode, proxyUrl: url } : { proxyMode: mode })
        }
      />

      <SecretsSection
        storage={info?.secretStorage}
        dataFolder={info?.dataFolder ?? "SSO Tray's data folder"}
        inKeychain={settings.keepSignInInKeychain}
        onChange={(on) => void update({ keepSignInInKeychain: on })}
      />

      <ConsoleBrowsersSection />
      <ChainedRolesSection />

      <CommandLineToolSection />

      <ProfilesSection />
      <SessionEndpointsSection />
      <DiagnosticsSection />

      {info && (
        <p className="muted about">
          SSO Tray {info.version} · {info.platform}
        </p>
      )}
    </main>
  );
}

/** What is kept where, in plain words, and the opt-in to keep the sign-in in the keychain. */
function SecretsSection(props: {
  storage: "encrypted" | "basic_text" | "unavailable" | undefined;
  dataFolder: string;
  inKeychain: boolean;
  onChange(on: boolean): void;
}) {
  const available = props.storage === "encrypted";
  return (
    <section className="field" aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">What is stored where</h2>
      <ul className="hint storage-facts" data-secret-storage={props.storage}>
        <li>
          {props.inKeychain
            ? `Your sign-in (access token, refresh token and client secret) is encrypted by the system keychain in ${props.dataFolder}/sign-ins.`
            : "Your sign-in (access token, refresh token and client secret) is in ~/.aws/sso/cache, in plain text readable only by your user account (mode 0600), where the AWS CLI keeps it: aws commands, ssotray and SSO Tray share it."}
        </li>
        <li>
          Role credentials: SSO Tray keeps them in memory; ssotray keeps them in plain 0600 files in{" "}
          {props.dataFolder}/cache/credentials until they expire; the AWS CLI keeps its own in
          ~/.aws/cli/cache. Signing out anywhere removes all of them for that session.
        </li>
        <li>
          Account lists and these settings are plain files in {props.dataFolder}; they hold no
          secret.
        </li>
      </ul>
      <div className="field checkbox">
        <input
          id="keep-in-keychain"
          type="checkbox"
          checked={props.inKeychain}
          disabled={!available && !props.inKeychain}
          aria-describedby="keep-in-keychain-hint"
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <label htmlFor="keep-in-keychain">Keep my sign-in in the system keychain</label>
      </div>
      <p id="keep-in-keychain-hint" className="hint">
        {available || props.inKeychain
          ? "The sign-in is then removed from ~/.aws/sso/cache, so ssotray and the AWS CLI cannot use it: they ask you to sign in, and ssotray says why. Turn this off to share it again."
          : props.storage === "basic_text"
            ? "Not available: this system has no keyring SSO Tray can use (install and unlock GNOME Keyring or KWallet, then restart SSO Tray)."
            : "Not available here: this system offers SSO Tray no keychain."}
      </p>
    </section>
  );
}

function NumberField(props: {
  id: string;
  label: string;
  /** Plain words on what the number changes, under the field. */
  hint?: string;
  value: number;
  min: number;
  max: number;
  onCommit(value: number): void;
}) {
  const [text, setText] = useState(String(props.value));
  const n = Number(text);
  const valid = text.trim() !== "" && Number.isInteger(n) && n >= props.min && n <= props.max;
  const commit = () => {
    if (valid && n !== props.value) props.onCommit(n);
  };
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        value={text}
        aria-invalid={!valid}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {!valid ? (
        <p id={`${props.id}-hint`} className="hint hint-error">
          Give a whole number from {props.min} to {props.max}.
        </p>
      ) : (
        props.hint && (
          <p id={`${props.id}-hint`} className="hint">
            {props.hint}
          </p>
        )
      )}
    </div>
  );
}

/**
 * How SSO Tray's own calls to AWS go out. The browser (sign-in pages, the console) has proxy
 * settings of its own, which this does not change.
 */
function ProxySection(props: {
  mode: ProxyMode;
  url: string;
  onChange(mode: ProxyMode, url: string): void;
}) {
  const [mode, setMode] = useState<ProxyMode>(props.mode);
  const [text, setText] = useState(props.url);
  const [problem, setProblem] = useState<string>();
  const commitUrl = () => {
    const next = text.trim();
    const why = proxyUrlProblem(next);
    setProblem(why);
    if (!why && (props.mode !== "url" || next !== props.url)) props.onChange("url", next);
  };
  const choose = (next: ProxyMode) => {
    setMode(next);
    setProblem(undefined);
    if (next !== "url") props.onChange(next, "");
    else if (text.trim() && !proxyUrlProblem(text.trim())) props.onChange("url", text.trim());
  };
  return (
    <section className="field" aria-labelledby="proxy-heading">
      <h2 id="proxy-heading">Network</h2>
      <label htmlFor="proxy-mode">Proxy for SSO Tray's calls to AWS</label>
      <select
        id="proxy-mode"
        value={mode}
        aria-describedby="proxy-hint"
        onChange={(e) => choose(e.target.value as ProxyMode)}
      >
        <option value="environment">From the environment (HTTPS_PROXY, NO_PROXY)</option>
        <option value="none">None: connect directly</option>
        <option value="url">This proxy…</option>
      </select>
      {mode === "url" && (
        <>
          <label htmlFor="proxy-url">Proxy URL</label>
          <input
            id="proxy-url"
            value={text}
            maxLength={2048}
            placeholder="http://proxy.example.com:3128"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "proxy-url-problem" : "proxy-hint"}
            onChange={(e) => setText(e.target.value)}
            onBlur={commitUrl}
            onKeyDown={(e) => e.key === "Enter" && commitUrl()}
          />
          {problem && (
            <p id="proxy-url-problem" className="hint-error" role="alert">
              {problem}
            </p>
          )}
        </>
      )}
      <p id="proxy-hint" className="hint">
        NO_PROXY still applies. A user name and password go in the URL
        (http://user:password@host:port) and are kept in settings.json. Sign-in pages and the
        console open in your browser, which uses its own proxy settings.
      </p>
    </section>
  );
}

/** Checked as Electron parses it before it is saved: a shortcut it cannot parse never lands. */
function ShortcutField({ value, onCommit }: { value: string; onCommit(value: string): void }) {
  const [text, setText] = useState(value);
  const [problem, setProblem] = useState<string>();
  const commit = () => {
    const next = text.trim();
    const why = acceleratorProblem(next);
    setProblem(why);
    if (!why && next !== value) onCommit(next);
  };
  return (
    <div className="field">
      <label htmlFor="global-shortcut">Global shortcut (empty = none)</label>
      <input
        id="global-shortcut"
        value={text}
        maxLength={64}
        placeholder="CommandOrControl+Shift+A"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "global-shortcut-problem" : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
      {problem && (
        <p id="global-shortcut-problem" className="hint-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** "Write AWS CLI profiles": a dry run shows the diff of ~/.aws/config first, then apply. */
function ProfilesSection() {
  const [preview, setPreview] = useState<PopulateSummary>();
  const [done, setDone] = useState<PopulateSummary>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [credentialProcess, setCredentialProcess] = useState(false);

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError("");
    try {
      const summary = await sso().populateProfiles({
        dryRun,
        ...(credentialProcess ? { credentialProcess } : {}),
      });
      if (dryRun) {
        setPreview(summary);
        setDone(undefined);
      } else {
        setDone(summary);
        setPreview(undefined);
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="field profiles" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">AWS CLI profiles</h2>
      <p className="hint">
        Writes one profile per account and role to ~/.aws/config, so{" "}
        <span className="mono">aws --profile</span> works everywhere. You see the changes before
        anything is written.
      </p>
      <div className="checkbox">
        <input
          id="credential-process-profiles"
          type="checkbox"
          checked={credentialProcess}
          onChange={(e) => {
            setCredentialProcess(e.target.checked);
            setPreview(undefined);
            setDone(undefined);
          }}
        />
        <label htmlFor="credential-process-profiles">
          credential_process profiles, for tools that do not speak SSO (they run the command line
          tool)
        </label>
      </div>
      <div className="action-row">
        <button type="button" disabled={busy} onClick={() => void run(true)}>
          Preview changes
        </button>
        {preview && preview.diff !== "" && (
          <button type="button" className="primary" disabled={busy} onClick={() => void run(false)}>
            Write profiles
          </button>
        )}
      </div>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <div className="profiles-preview">
          <p>
            <PathBreaks text={summaryWords(preview, true)} />
          </p>
          {preview.diff !== "" && (
            <pre className="diff" aria-label={`Changes to ${preview.configPath}`} tabIndex={0}>
              {preview.diff}
            </pre>
          )}
        </div>
      )}
      {done && <p role="status">{summaryWords(done, false)}</p>}
    </section>
  );
}

function summaryWords(s: PopulateSummary, preview: boolean): string {
  if (s.diff === "") return `${s.configPath} already has every profile.`;
  const parts = [
    `${s.added.length} added`,
    `${s.updated.length} updated`,
    `${s.removed.length} removed`,
    ...(s.skipped.length ? [`${s.skipped.length} skipped`] : []),
  ].join(", ");
  return preview ? `Would change ${s.configPath}: ${parts}.` : `Wrote ${s.configPath}: ${parts}.`;
}

/**
 * Text holding a file path, allowed to wrap only after a "/" (or at a space): a browser would
 * otherwise break "ssotray-test-home" at its hyphen, in the middle of a name.
 */
function PathBreaks({ text }: { text: string }) {
  const parts = text.split(/(?<=\/)/);
  return (
    <span className="path-text">
      {parts.map((part, i) => (
        // The break goes between the parts: inside a part that may not wrap, it would not count.
        <Fragment key={i}>
          <span className={/\s/.test(part) ? undefined : "path-part"}>{part}</span>
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}
