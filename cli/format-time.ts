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
