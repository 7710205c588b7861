// Typos (a letter swapped, dropped or doubled) have no fuzzy subsequence to find them by: the
// number of single-letter edits between two strings does.

/** Edits (insert, delete, substitute) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The candidate fewest edits away, if any is within `within` edits; the first one on a tie. */
export function closestWithin(
  typed: string,
  candidates: readonly string[],
  within: number,
): string | undefined {
  let best: string | undefined;
  let bestDistance = within + 1;
  for (const candidate of candidates) {
    const d = editDistance(typed, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
