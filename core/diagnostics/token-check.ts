// Each session's sign-in, as `ssotray status` sees it. A session that needs a sign-in is a
// warning (signing in fixes it); one whose configuration cannot be signed in to is an error.
import type { SessionStatus } from "../../shared/model.js";
import { found, type Finding } from "./finding.js";

export function checkTokens(sessions: readonly SessionStatus[], now: number): Finding[] {
  return sessions.map((s) => {
    const left = s.expiresAt ? Math.round((Date.parse(s.expiresAt) - now) / 60_000) : undefined;
    const why = s.problem ? `: ${s.problem}` : "";
    if (s.state === "signed-in" || s.state === "expiring")
      return found(
        "sign-in",
        "ok",
        `${s.name}: signed in${left !== undefined ? `, ${left} min left` : ""}${s.canRefresh ? ", refreshable" : ""}`,
      );
    return found(
      "sign-in",
      "warning",
      `${s.name}: ${s.state === "signed-out" ? "not signed in" : "sign-in needed"}${why}; run ssotray login --session ${s.name}`,
    );
  });
}
