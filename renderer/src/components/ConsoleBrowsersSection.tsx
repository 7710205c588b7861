// Settings: where consoles open. One choice per session, and rules on account names that win over
// it (say, accounts whose name contains "prod" in a Firefox container of their own).
import { useState } from "react";
import { InlineTextField } from "./InlineTextField.js";
import {
  BROWSER_LABELS,
  BROWSERS,
  browserNameProblem,
  describeConsoleBrowser,
  type BrowserName,
  type ConsoleBrowser,
  type ConsoleBrowserSettings,
} from "../../../shared/console-browser.js";
import { useSessions } from "../stores/sessions.js";
import { useSettings } from "../stores/settings.js";

type Kind = "default" | BrowserName | "container";

/** The choice being edited, as the form holds it: names as typed. */
interface Draft {
  kind: Kind;
  profile: string;
  container: string;
  viaPortal: boolean;
}

function draftOf(choice: ConsoleBrowser): Draft {
  const viaPortal = choice.viaPortal === true;
  if (choice.kind === "default") return { kind: "default", profile: "", container: "", viaPortal };
  if (choice.kind === "browser")
    return { kind: choice.browser, profile: choice.profile ?? "", container: "", viaPortal };
  return {
    kind: "container",
    profile: choice.profile ?? "",
    container: choice.container,
    viaPortal,
  };
}

/** The choice, or what is wrong with the names typed. */
function choiceOf(draft: Draft): { choice?: ConsoleBrowser; problem?: string } {
  const { choice, problem } = whereOf(draft);
  if (!choice || !draft.viaPortal) return { choice, problem };
  return { choice: { ...choice, viaPortal: true } };
}

function whereOf(draft: Draft): { choice?: ConsoleBrowser; problem?: string } {
  const profile = draft.profile.trim();
  const container = draft.container.trim();
  const profileProblem = profile ? browserNameProblem("profile", profile) : undefined;
  if (profileProblem) return { problem: profileProblem };
  if (draft.kind === "default") return { choice: { kind: "default" } };
  if (draft.kind === "container") {
    const problem = browserNameProblem("container", container);
    if (problem) return { problem };
    return { choice: { kind: "container", container, ...(profile ? { profile } : {}) } };
  }
  return { choice: { kind: "browser", browser: draft.kind, ...(profile ? { profile } : {}) } };
}

function ChoiceFields(props: { id: string; draft: Draft; onChange(draft: Draft): void }) {
  const { id, draft, onChange } = props;
  return (
    <>
      <label className="inline-field">
        <span className="muted">Open in</span>
        <select
          id={`${id}-kind`}
          aria-label="Open consoles in"
          value={draft.kind}
          onChange={(e) => onChange({ ...draft, kind: e.target.value as Kind })}
        >
          <option value="default">The default browser</option>
          {BROWSERS.map((b) => (
            <option key={b} value={b}>
              {BROWSER_LABELS[b]}
            </option>
          ))}
          <option value="container">A Firefox container</option>
        </select>
      </label>
      {draft.kind === "container" && (
        <InlineTextField
          caption="Container"
          name="Container name"
          value={draft.container}
          maxLength={64}
          onChange={(v) => onChange({ ...draft, container: v })}
        />
      )}
      {/* A container is picked by its name alone: the add-on runs in the Firefox it is in. */}
      {draft.kind !== "default" && draft.kind !== "container" && (
        <InlineTextField
          caption="Profile"
          name="Browser profile"
          value={draft.profile}
          maxLength={64}
          placeholder={draft.kind === "firefox" ? "e.g. default" : "e.g. Profile 1"}
          onChange={(v) => onChange({ ...draft, profile: v })}
        />
      )}
      <label className="inline-field">
        <input
          type="checkbox"
          aria-label="Through the access portal"
          checked={draft.viaPortal}
          onChange={(e) => onChange({ ...draft, viaPortal: e.target.checked })}
        />
        <span className="muted">Through the access portal</span>
      </label>
    </>
  );
}

function SessionChoice(props: {
  session: string;
  index: number;
  current: ConsoleBrowser;
  save(choice: ConsoleBrowser): void;
}) {
  const [draft, setDraft] = useState(() => draftOf(props.current));
  const { choice, problem } = choiceOf(draft);
  const id = `console-browser-session-${props.index}`;
  return (
    <div className="action-row" role="group" aria-label={`Consoles of ${props.session}`}>
      <span className="console-browser-session">{props.session}</span>
      <ChoiceFields id={id} draft={draft} onChange={setDraft} />
      <button type="button" disabled={!choice} onClick={() => choice && props.save(choice)}>
        Save
      </button>
      {problem && (
        <p className="hint-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function NewRule({ add }: { add(nameContains: string, choice: ConsoleBrowser): void }) {
  const [text, setText] = useState("");
  const [draft, setDraft] = useState<Draft>({
    kind: "container",
    profile: "",
    container: "",
    viaPortal: false,
  });
  const { choice, problem } = choiceOf(draft);
  const ready = text.trim() !== "" && choice !== undefined;
  return (
    <div className="action-row" role="group" aria-label="New rule">
      <InlineTextField
        caption="Accounts whose name contains"
        name="Account name contains"
        value={text}
        maxLength={64}
        placeholder="e.g. prod"
        onChange={setText}
      />
      <ChoiceFields id="console-browser-rule" draft={draft} onChange={setDraft} />
      <button
        type="button"
        disabled={!ready}
        onClick={() => {
          if (!ready) return;
          add(text.trim(), choice);
          setText("");
        }}
      >
        Add rule
      </button>
      {text.trim() !== "" && problem && (
        <p className="hint-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

export function ConsoleBrowsersSection() {
  const current = useSettings((s) => s.settings.consoleBrowsers);
  const update = useSettings((s) => s.update);
  const sessions = useSessions((s) => s.sessions);
  const save = (next: ConsoleBrowserSettings) => void update({ consoleBrowsers: next });

  return (
    <section className="field" aria-labelledby="console-browsers-heading">
      <h2 id="console-browsers-heading">Where consoles open</h2>
      <p className="hint">
        Keep accounts apart: a browser profile (Chrome, Chromium, Edge, Brave: the profile's folder
        name, such as “Profile 1”; Firefox: its name) or a Firefox container, through the “Open
        external links in a container” add-on. A rule on account names wins over the session's
        choice. <code>ssotray console</code> follows the same choices.
      </p>
      <p className="hint">
        Through the access portal: the console opens by the portal's own shortcut link, so the
        browser signs in as you. That keeps AWS's multi-session console (up to five accounts side by
        side in one browser) and the permission set's session length; the browser must be signed in
        to the access portal.
      </p>
      {sessions.map((s, index) => (
        <SessionChoice
          key={s.name}
          session={s.name}
          index={index}
          current={current.sessions[s.name] ?? { kind: "default" }}
          save={(choice) => {
            const bySession = { ...current.sessions };
            if (choice.kind === "default" && !choice.viaPortal) delete bySession[s.name];
            else bySession[s.name] = choice;
            save({ ...current, sessions: bySession });
          }}
        />
      ))}
      {current.rules.length > 0 && (
        <ul className="console-browser-rules" aria-label="Rules">
          {current.rules.map((rule, index) => (
            <li key={`${rule.nameContains}-${index}`}>
              Accounts whose name contains “{rule.nameContains}”:{" "}
              {describeConsoleBrowser(rule.browser)}{" "}
              <button
                type="button"
                aria-label={`Remove the rule for “${rule.nameContains}”`}
                onClick={() =>
                  save({ ...current, rules: current.rules.filter((_, i) => i !== index) })
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <NewRule
        add={(nameContains, browser) =>
          save({ ...current, rules: [...current.rules, { nameContains, browser }] })
        }
      />
    </section>
  );
}
