// Settings: FIPS and dual-stack endpoints per session, kept in its [sso-session]
// (use_fips_endpoint, use_dualstack_endpoint) where the AWS CLI reads them too, and the regions
// it calls in order.
import { useEffect, useState } from "react";
import type { SessionEndpointChoice } from "../../../shared/api.js";
import { messageOf, sso } from "../api.js";
import { useSessions } from "../stores/sessions.js";
import { SessionRegionsField } from "./SessionRegionsField.js";

export function SessionEndpointsSection() {
  const sessions = useSessions((s) => s.sessions);
  const names = sessions.filter((s) => s.source === "sso-session").map((s) => s.name);
  const [choices, setChoices] = useState<Record<string, SessionEndpointChoice>>({});
  const [error, setError] = useState("");
  const key = names.join("\n");

  useEffect(() => {
    let live = true;
    for (const session of key ? key.split("\n") : []) {
      sso()
        .setSessionEndpoints({ session })
        .then(
          (choice) => live && setChoices((c) => ({ ...c, [session]: choice })),
          (e: unknown) => live && setError(messageOf(e)),
        );
    }
    return () => {
      live = false;
    };
  }, [key]);

  if (names.length === 0) return null;

  const change = async (session: string, wanted: Partial<SessionEndpointChoice>) => {
    setError("");
    const before = choices[session];
    // Shown at once (a checkbox that waits for the file write would flick back), undone on error.
    if (before) setChoices((c) => ({ ...c, [session]: { ...before, ...wanted } }));
    try {
      const choice = await sso().setSessionEndpoints({ session, ...wanted });
      setChoices((c) => ({ ...c, [session]: choice }));
    } catch (e) {
      if (before) setChoices((c) => ({ ...c, [session]: before }));
      setError(messageOf(e));
    }
  };

  return (
    <section className="field session-endpoints" aria-labelledby="session-endpoints-heading">
      <h2 id="session-endpoints-heading">Endpoints</h2>
      <p className="hint">
        FIPS and dual-stack (IPv6) endpoints, and the regions of a replicated instance, per session.
        AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT, when set, win;{" "}
        <span className="mono">ssotray doctor --endpoints</span> lists every host.
      </p>
      {names.map((session) => {
        const choice = choices[session];
        return (
          <div key={session}>
            <div className="action-row">
              <span className="mono">{session}</span>
              <label>
                <input
                  type="checkbox"
                  disabled={!choice}
                  checked={choice?.fips ?? false}
                  onChange={(e) => void change(session, { fips: e.target.checked })}
                />{" "}
                FIPS
              </label>
              <label>
                <input
                  type="checkbox"
                  disabled={!choice}
                  checked={choice?.dualStack ?? false}
                  onChange={(e) => void change(session, { dualStack: e.target.checked })}
                />{" "}
                Dual-stack
              </label>
            </div>
            <SessionRegionsField session={session} />
          </div>
        );
      })}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
