import { printable } from "../core/portal/portal-shapes.js";

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

/**
 * A time as the user's clock shows it, with how long is left: "14:31 (9m left)"; with the date
 * when it is not today. Raw UTC ("2026-12-06T03:31:27.710Z") makes the reader do the sums.
 */
export function untilLocal(at: string, now: number): string {
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return at;
  const time = when.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  const sameDay = when.toDateString() === new Date(now).toDateString();
  const shown = sameDay
    ? time
    : `${when.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })} ${time}`;
  return `${shown}, ${timeLeft(at, now)}${timeLeft(at, now) === "expired" ? "" : " left"}`;
}

/**
 * Left-aligned columns separated by two spaces. Cells are shown, never obeyed: names come from the
 * portal and the config file, and an escape sequence in one would retitle or recolour a terminal.
 */
export function table(cells: string[][]): string {
  const rows = cells.map((row) => row.map(printable));
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return (
    rows
      .map((row) =>
        row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "),
      )
      .join("\n") + "\n"
  );
}
