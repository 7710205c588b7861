import { useState } from "react";
import { sso } from "../api.js";
import { useUpdate } from "../stores/update.js";
import { reportError } from "../stores/ui.js";

/**
 * A downloaded update: what is new, and "Restart to update". Nothing installs until that click,
 * and the app refuses it (with a banner saying why) while a sign-in is under way.
 */
export function UpdateBanner() {
  const ready = useUpdate((s) => s.ready);
  const dismissed = useUpdate((s) => s.dismissedVersion);
  const dismiss = useUpdate((s) => s.dismiss);
  const [restarting, setRestarting] = useState(false);
  if (!ready || ready.version === dismissed) return null;

  const restart = async () => {
    setRestarting(true);
    try {
      await sso().installUpdate({});
    } catch (error) {
      reportError(error);
    } finally {
      setRestarting(false);
    }
  };

  return (
    <div className="notices">
      <section className="banner update-banner" aria-label="Update ready">
        <div className="banner-text">
          <strong>SSO Tray {ready.version} is ready to install.</strong>
          {ready.notes && <p className="update-notes">{ready.notes}</p>}
        </div>
        <button type="button" disabled={restarting} onClick={() => void restart()}>
          Restart to update
        </button>
        <button type="button" className="icon-button" onClick={dismiss}>
          Later
        </button>
      </section>
    </div>
  );
}
