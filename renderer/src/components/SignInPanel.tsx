import { useState } from "react";
import { sso } from "../api.js";
import { reportError } from "../stores/ui.js";
import { formatRemaining, remainingMs } from "../domain/time.js";
import { useNow } from "../hooks/use-now.js";
import { useSessions, type SignInProgress } from "../stores/sessions.js";

/** What a sign-in under way asks of the user: finish in the browser, or enter a device code. */
export function SignInPanel({ session, progress }: { session: string; progress: SignInProgress }) {
  const cancel = useSessions((s) => s.cancelSignIn);
  const prompt = progress.prompt;
  return (
    <section className="sign-in" aria-label={`Signing in to ${session}`}>
      {prompt?.kind === "device" ? (
        <DeviceCode
          session={session}
          userCode={prompt.userCode}
          verificationUri={prompt.verificationUri}
          verificationUriComplete={prompt.verificationUriComplete}
          expiresAt={prompt.expiresAt}
        />
      ) : (
        <div className="waiting">
          <span className="spinner" aria-hidden="true" />
          <p>
            {progress.method === "device"
              ? "Asking for a device code…"
              : "Waiting for the browser… Approve the sign-in there, then come back."}
          </p>
          {prompt?.kind === "browser" && (
            <input
              className="mono"
              readOnly
              aria-label="Sign-in page, if the browser did not open"
              value={prompt.url}
              onFocus={(e) => e.target.select()}
            />
          )}
        </div>
      )}
      {prompt?.proxyNote && <p className="hint">{prompt.proxyNote}.</p>}
      {prompt && (
        <button
          type="button"
          onClick={() =>
            void sso()
              .openSignInPage({ session })
              .catch((error: unknown) => reportError(error, session))
          }
        >
          Open in browser
        </button>
      )}
      <button type="button" onClick={() => void cancel(session)}>
        Cancel
      </button>
    </section>
  );
}

function DeviceCode(props: {
  session: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: string;
}) {
  const now = useNow();
  const [copied, setCopied] = useState(false);
  const left = remainingMs(props.expiresAt, now);
  // Through main: the page has no clipboard permission (the app grants none).
  const copy = async () => {
    try {
      await sso().copySignInCode({ session: props.session });
      setCopied(true);
    } catch (error) {
      setCopied(false);
      reportError(error, props.session);
    }
  };
  return (
    <div className="device">
      <p>
        Open <span className="mono">{props.verificationUri}</span> on any device and enter this
        code:
      </p>
      <output className="device-code" aria-label="Device code" data-user-code={props.userCode}>
        {props.userCode}
      </output>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy code"}
        </button>
        <span className={left < 60_000 ? "countdown urgent" : "countdown"}>
          {left > 0
            ? `Expires in ${formatRemaining(left)}`
            : "The code has expired: cancel and try again"}
        </span>
      </div>
      <input
        className="mono"
        readOnly
        aria-label="Verification link with the code filled in"
        value={props.verificationUriComplete}
        data-verification-uri-complete={props.verificationUriComplete}
        onFocus={(e) => e.target.select()}
      />
    </div>
  );
}
