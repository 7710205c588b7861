// Settings: "Diagnostics". The checks `ssotray doctor` runs, with what to do for each, and the
// report for a bug report (secrets and account ids masked) copied to the clipboard.
import { useState } from "react";
import type { DiagnosticFinding } from "../../../shared/api.js";
import { messageOf, sso } from "../api.js";

const LABEL: Record<DiagnosticFinding["severity"], string> = {
  ok: "OK",
  warning: "Warning",
  error: "Problem",
};

export function DiagnosticsSection() {
  const [findings, setFindings] = useState<DiagnosticFinding[]>();
  const [said, setSaid] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setError("");
    setSaid("");
    try {
      await what();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="field diagnostics" aria-labelledby="diagnostics-heading">
      <h2 id="diagnostics-heading">Diagnostics</h2>
      <p className="hint">
        What on this computer stops sign-in or credentials: the AWS config, sign-ins, the clock,
        proxy and certificates, the AWS CLI, leftover locks.
      </p>
      <div className="action-row">
        <button
          type="button"
          disabled={busy}
          onClick={() => void act(async () => setFindings(await sso().runDiagnostics({})))}
        >
          Run checks
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              await sso().copyDiagnosticsReport({});
              setSaid(
                "Report copied, with secrets and account ids masked; read it before you attach it.",
              );
            })
          }
        >
          Copy report
        </button>
      </div>
      {findings && (
        <ul className="findings" aria-label="Diagnostics findings">
          {findings.map((f, i) => (
            <li key={i} data-severity={f.severity}>
              <strong>{LABEL[f.severity]}</strong> <span className="mono">{f.check}</span>{" "}
              {f.message}
            </li>
          ))}
        </ul>
      )}
      {said && (
        <p className="hint" role="status">
          {said}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
