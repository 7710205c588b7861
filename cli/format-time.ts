import { printable } from "../core/portal/portal-shapes.js";

export { timeLeft, untilLocal } from "../shared/local-time.js";

/**
 * Left-aligned columns separated by two spaces. Cells are shown, never obeyed: names come from the
 * portal and the config file, and an escape sequence in one would retitle or recolour a terminal.
 */
export function table(
  cells: string[][],
  /** Styles a padded cell (colour goes on after the widths are counted). */
  style: (cell: string, row: number, column: number) => string = (cell) => cell,
): string {
  const rows = cells.map((row) => row.map(printable));
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return (
    rows
      .map((row, r) =>
        row
          .map((cell, i) => style(i === row.length - 1 ? cell : cell.padEnd(widths[i]!), r, i))
          .join("  "),
      )
      .join("\n") + "\n"
  );
}
