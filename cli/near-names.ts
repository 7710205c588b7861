// "Did you mean": the names closest to one that was typed, by the rule accounts use (resolve.ts):
// fuzzy matches first (an abbreviation such as "dply"), then names within a few typos.
import fuzzysort from "fuzzysort";
import { editDistance } from "../shared/edit-distance.js";

export function nearNames(query: string, names: readonly string[], limit = 3): string[] {
  const fuzzy = fuzzysort.go(query, names, { limit, threshold: 0.1 }).map((r) => r.target);
  const lower = query.toLowerCase();
  const within = Math.max(2, Math.floor(lower.length / 4));
  const typos = names
    .map((name) => ({ name, d: editDistance(lower, name.toLowerCase()) }))
    .filter(({ d }) => d <= within)
    .sort((x, y) => x.d - y.d)
    .map(({ name }) => name);
  return [...new Set([...fuzzy, ...typos])].slice(0, limit);
}

/** "; did you mean 'deploy'?", "; did you mean 'a' or 'b'?", or nothing. */
export function didYouMean(query: string, names: readonly string[]): string {
  const near = nearNames(query, names).map((n) => `'${n}'`);
  if (near.length === 0) return "";
  const last = near.pop()!;
  return `; did you mean ${near.length ? `${near.join(", ")} or ${last}` : last}?`;
}
