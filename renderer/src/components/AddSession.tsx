import { useState, type FormEvent } from "react";
import type { SignInMethod } from "../../../shared/model.js";
import { parseStartUrl, validateSessionName } from "../../../shared/start-url.js";
import { messageOf } from "../api.js";
import { tenantIdProblem } from "../domain/tenant-id.js";
import { TenantIdInput } from "./TenantIdInput.js";
import { useSessions } from "../stores/sessions.js";
import { useUi } from "../stores/ui.js";
import { RegionPicker } from "./RegionPicker.js";

/** First run (and "Add session"): a start URL checked as it is typed, its region, then sign-in. */
export function AddSession({ firstRun }: { firstRun: boolean }) {
  const addSession = useSessions((s) => s.addSession);
  const signIn = useSessions((s) => s.signIn);
  const show = useUi((s) => s.show);
  const [startUrl, setStartUrl] = useState("");
  const [touched, setTouched] = useState(false);
  const [region, setRegion] = useState("us-east-1");
  const [name, setName] = useState("");
  const [tenantId, setTenantId] = useState("");
  const [fips, setFips] = useState(false);
  const [dualStack, setDualStack] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const parsed = parseStartUrl(startUrl);
  const nameCheck = name.trim() === "" ? undefined : validateSessionName(name);
  const nameProblem = nameCheck && !nameCheck.ok ? nameCheck.message : undefined;
  const tenantProblem = tenantIdProblem(tenantId);
  const canSubmit = parsed.ok && !nameProblem && !tenantProblem && !busy;

  const submit = async (method: SignInMethod, event?: FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (!parsed.ok || nameProblem || tenantProblem) return;
    setBusy(true);
    setError("");
    try {
      const status = await addSession({
        startUrl: parsed.url,
        region,
        // Left empty, the name is the one already configured for this portal, or a free one.
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(tenantId.trim() ? { tenantId: tenantId.trim() } : {}),
        // Only a box ticked is sent: re-adding a configured portal leaves its own choice alone.
        ...(fips ? { fips } : {}),
        ...(dualStack ? { dualStack } : {}),
      });
      show("list");
      void signIn(status.name, method);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="screen add-session">
      <header className="screen-header">
        <h1>{firstRun ? "Welcome to SSO Tray" : "Add a session"}</h1>
        {!firstRun && (
          <button type="button" onClick={() => show("list")}>
            Back
          </button>
        )}
      </header>
      {firstRun && (
        <p className="lead">
          Sign in to your AWS access portal once; every account and role it gives you is then one
          keystroke away.
        </p>
      )}
      <form onSubmit={(e) => void submit("browser", e)} noValidate>
        <div className="field">
          <label htmlFor="start-url">AWS access portal URL (start URL)</label>
          <input
            id="start-url"
            type="url"
            autoFocus
            placeholder="https://your-org.awsapps.com/start"
            value={startUrl}
            onChange={(e) => {
              setStartUrl(e.target.value);
              setTouched(true);
            }}
            aria-invalid={touched && !parsed.ok}
            aria-describedby="start-url-hint"
          />
          <p id="start-url-hint" className={touched && !parsed.ok ? "hint hint-error" : "hint"}>
            {parsed.ok
              ? `Looks right: ${parsed.url}`
              : touched
                ? parsed.message
                : "Your administrator or the IAM Identity Center settings page has it."}
          </p>
        </div>
        <RegionPicker label="Identity Center region" value={region} onChange={setRegion} />
        <div className="field">
          <label htmlFor="session-name">Session name (optional)</label>
          <input
            id="session-name"
            placeholder={parsed.ok ? parsed.suggestedName : "e.g. acme"}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={Boolean(nameProblem)}
            aria-describedby="session-name-hint"
          />
          <p id="session-name-hint" className={nameProblem ? "hint hint-error" : "hint"}>
            {nameProblem ?? "Becomes [sso-session NAME] in ~/.aws/config, shared with the AWS CLI."}
          </p>
        </div>
        <div className="field">
          <TenantIdInput
            id="tenant-id"
            label="Account access tenant id (optional)"
            value={tenantId}
            onChange={setTenantId}
            problem={tenantProblem}
          />
        </div>
        <fieldset className="field add-session-endpoints">
          <legend>Endpoints</legend>
          <label>
            <input type="checkbox" checked={fips} onChange={(e) => setFips(e.target.checked)} />{" "}
            FIPS
          </label>
          <label>
            <input
              type="checkbox"
              checked={dualStack}
              onChange={(e) => setDualStack(e.target.checked)}
            />{" "}
            Dual-stack (IPv4 and IPv6)
          </label>
          <p className="hint">
            Written as use_fips_endpoint and use_dualstack_endpoint in the session; the first
            sign-in uses them already. AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT, when
            set, win.
          </p>
        </fieldset>
        {error && (
          <p className="banner banner-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={!canSubmit}>
            Sign in with the browser
          </button>
          <button type="button" disabled={!canSubmit} onClick={() => void submit("device")}>
            Use a device code
          </button>
        </div>
      </form>
    </main>
  );
}
