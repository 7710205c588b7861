// "Did you mean": what is closest to something typed, by one rule for accounts (resolve.ts) and
// profiles alike: fuzzy matches first (an abbreviation such as "payprod"), then whatever is
// within a few typos of it, which alone makes it a typo.
import fuzzysort from "fuzzysort";
import { editDistance } from "../shared/edit-distance.js";

/** Up to `limit` items nearest to `query` by any of their names; `typo`: some are a few edits off. */
export function nearest<T>(
  query: string,
  items: readonly T[],
  names: (item: T) => readonly string[],
  limit = 3,
): { picks: T[]; typo: boolean } {
  const targets = items.flatMap((item) => names(item).map((name) => ({ item, name })));
  const fuzzy = fuzzysort
    .go(query, targets, { key: "name", limit: limit * 2, threshold: 0.1 })
    .map((r) => r.obj.item);
  const lower = query.toLowerCase();
  const within = Math.max(2, Math.floor(lower.length / 4));
  const distance = (item: T) =>
    Math.min(...names(item).map((name) => editDistance(lower, name.toLowerCase())));
  const typos = items
    .map((item) => ({ item, d: distance(item) }))
    .filter(({ d }) => d <= within)
    .sort((x, y) => x.d - y.d)
    .map(({ item }) => item);
  return { picks: [...new Set([...fuzzy, ...typos])].slice(0, limit), typo: typos.length > 0 };
}

/** "; did you mean 'deploy'?", "; did you mean 'a' or 'b'?", or nothing. */
export function didYouMean(query: string, names: readonly string[]): string {
  const near = nearest(query, names, (name) => [name]).picks.map((n) => `'${n}'`);
  if (near.length === 0) return "";
  const last = near.pop()!;
  return `; did you mean ${near.length ? `${near.join(", ")} or ${last}` : last}?`;
}
