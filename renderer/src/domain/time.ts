// Words for "how long until" shown in countdowns: hours and minutes when far, mm:ss when near.

export function formatRemaining(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "expired";
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, "0")} min`;
  if (minutes >= 10) return `${minutes} min`;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** Milliseconds from `now` until an ISO 8601 instant; NaN when there is none. */
export function remainingMs(iso: string | undefined, now: number): number {
  if (!iso) return Number.NaN;
  return Date.parse(iso) - now;
}
