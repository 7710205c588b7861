// Settings: "Install command line tool". Links the `ssotray` the app carries into a folder on
// PATH, says where, and offers to take it away again; credential_process profiles name that link.
import { useEffect, useState } from "react";
import type { CliToolStatus } from "../../../shared/api.js";
import { cliToolInstalledText } from "../../../shared/cli-tool-text.js";
import { messageOf, sso } from "../api.js";

export function CommandLineToolSection() {
  const [status, setStatus] = useState<CliToolStatus>();
  const [said, setSaid] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    sso()
      .cliToolStatus({})
      .then(
        (s) => live && setStatus(s),
        (e: unknown) => live && setError(messageOf(e)),
      );
    return () => {
      live = false;
    };
  }, []);

  const act = async (install: boolean) => {
    setBusy(true);
    setError("");
    setSaid("");
    try {
      const next = install ? await sso().installCliTool({}) : await sso().removeCliTool({});
      setStatus(next);
      setSaid(install ? cliToolInstalledText(next) : `Removed the ssotray link ${next.link}.`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="field cli-tool" aria-labelledby="cli-tool-heading">
      <h2 id="cli-tool-heading">Command line tool</h2>
      <p className="hint">
        <span className="mono">ssotray</span> in a terminal: credentials,{" "}
        <span className="mono">exec</span> and credential_process profiles for tools that do not
        speak SSO.
      </p>
      {status && !status.available && (
        <p className="hint" data-cli-tool="unavailable">
          This build of SSO Tray does not carry the command line tool; install it from npm (see the
          README).
        </p>
      )}
      {status?.available && (
        <>
          <p className="hint" data-cli-tool={status.installed ? "installed" : "not-installed"}>
            {status.installed ? (
              <>
                Linked as <span className="mono">{status.link}</span>
                {status.onPath ? "." : ", a folder that is not on your PATH yet."}
              </>
            ) : (
              <>
                Not installed: it would be linked as <span className="mono">{status.link}</span>.
              </>
            )}
          </p>
          {status.conflict && <p className="hint">{status.conflict}</p>}
          <div className="action-row">
            {status.installed ? (
              <button type="button" disabled={busy} onClick={() => void act(false)}>
                Remove command line tool
              </button>
            ) : (
              <button
                type="button"
                disabled={busy || status.conflict !== undefined}
                onClick={() => void act(true)}
              >
                Install command line tool
              </button>
            )}
          </div>
        </>
      )}
      {said && <p role="status">{said}</p>}
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
