// The one way SSO Tray shows a moment to a person: the user's own clock, with the date only when
// it is not today, and (where it is still to come) how long is left. Raw UTC
// ("2026-12-06T03:31:27.710Z") makes the reader do the sums.

/** "7h 59m", "12m", "expired" */
export function timeLeft(expiresAt: string | undefined, now: number): string {
  if (!expiresAt) return "-";
  const ms = Date.parse(expiresAt) - now;
  if (Number.isNaN(ms)) return "-";
  if (ms <= 0) return "expired";
  const minutes = Math.floor(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

/** "14:31" by the local clock (or "2:31 PM", as the locale has it); with the date when not today. */
export function localTime(at: string | Date, now: number): string {
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return String(at);
  const time = when.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (when.toDateString() === new Date(now).toDateString()) return time;
  const day = when.toLocaleDateString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
  });
  return `${day} ${time}`;
}

/** "14:31, 9m left"; "14:31, expired" once it has passed. */
export function untilLocal(at: string, now: number): string {
  const left = timeLeft(at, now);
  return `${localTime(at, now)}, ${left}${left === "expired" || left === "-" ? "" : " left"}`;
}
