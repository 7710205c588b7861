// Ranks account/role rows for the search box, fast enough for a keystroke at 10,000+ accounts.
//
// Everything that depends only on the list is computed once per list change (`SearchIndex`):
// lower-cased fields and fuzzysort's prepared targets, per ACCOUNT (a few thousand) and per
// distinct role name (a few dozen) rather than per account/role pair, since a pair's account
// fields repeat for each of its roles. A pair matches when every word of the query matches its
// account or its role name, so "prod admin" finds AdministratorAccess in the prod accounts.
//
// Order: an exact account id or alias first, then pairs where a field starts with the query, then
// fuzzy matches by fuzzysort's score; favourites first within each tier.
//
// While the user types on, a longer query can only match a subset of what the shorter one did
// (prefixes and subsequences both shrink), so the next search looks only at the accounts that
// matched the last one.
import fuzzysort from "fuzzysort";
import type { RoleRow } from "./rows.js";

interface AccountEntry {
  /** Position in `SearchIndex.accounts`: scores live in typed arrays indexed by it. */
  index: number;
  /** This account's role rows, in list order. */
  rows: RoleRow[];
  /** For each row, its role name's position in `SearchIndex.roles`. */
  roleIds: number[];
  id: string;
  alias: string;
  /** Lower-cased name, id, e-mail and alias: what a prefix can match. */
  fields: string[];
  /** The same fields joined by spaces. */
  haystack: string;
  prepared: Fuzzysort.Prepared;
}

interface RoleEntry {
  lower: string;
  prepared: Fuzzysort.Prepared;
}

export interface SearchOptions {
  /** Role keys (see roleKey) shown first within a tier. */
  favorites?: ReadonlySet<string>;
}

const NO_MATCH = Number.NEGATIVE_INFINITY;

/**
 * How well one word matches one text. A substring beats any scattered match (fuzzysort scores are
 * at most 1), and one at the start of a word beats one inside it; only texts without the word as
 * a substring go through fuzzysort, which keeps the broad first keystrokes cheap.
 */
function substringScore(text: string, word: string): number {
  const at = text.indexOf(word);
  if (at < 0) return NO_MATCH;
  const before = at === 0 ? " " : text[at - 1];
  return before === " " || before === "-" || before === "_" || before === "@" || before === "."
    ? 2.5
    : 2;
}

interface Scoring {
  words: string[];
  /** Per word, per account index. */
  accountScores: Float64Array[];
  /** Per word, per role id. */
  roleScores: Float64Array[];
}

/** A row matches when every word matches its account or its role; its score is the sum. */
function rowScore(scoring: Scoring, account: AccountEntry, i: number): number {
  const roleId = account.roleIds[i] ?? 0;
  let score = 0;
  for (let w = 0; w < scoring.words.length; w += 1) {
    const s = Math.max(
      scoring.accountScores[w]?.[account.index] ?? NO_MATCH,
      scoring.roleScores[w]?.[roleId] ?? NO_MATCH,
    );
    if (s === NO_MATCH) return NO_MATCH;
    score += s;
  }
  return score;
}

function startsAny(fields: readonly string[], q: string): boolean {
  for (const field of fields) if (field.startsWith(q)) return true;
  return false;
}

function byScore(a: { score: number }, b: { score: number }): number {
  return b.score - a.score;
}

export class SearchIndex {
  readonly rows: readonly RoleRow[];
  private readonly accounts: AccountEntry[] = [];
  private readonly roles: RoleEntry[] = [];
  private last: { query: string; matched: AccountEntry[] } | undefined;

  constructor(rows: readonly RoleRow[]) {
    this.rows = rows;
    const roleIds = new Map<string, number>();
    let current: AccountEntry | undefined;
    for (const row of rows) {
      if (!current || current.rows[0]?.session !== row.session || current.id !== row.accountId) {
        const alias = (row.alias ?? "").toLowerCase();
        const fields = [row.accountName, row.accountId, row.emailAddress]
          .map((f) => f.toLowerCase())
          .concat(alias ? [alias] : []);
        current = {
          index: this.accounts.length,
          rows: [],
          roleIds: [],
          id: row.accountId,
          alias,
          fields,
          haystack: fields.join(" "),
          prepared: fuzzysort.prepare(
            [row.accountName, row.alias ?? "", row.accountId, row.emailAddress].join(" "),
          ),
        };
        this.accounts.push(current);
      }
      let roleId = roleIds.get(row.roleName);
      if (roleId === undefined) {
        roleId = this.roles.length;
        roleIds.set(row.roleName, roleId);
        this.roles.push({
          lower: row.roleName.toLowerCase(),
          prepared: fuzzysort.prepare(row.roleName),
        });
      }
      current.rows.push(row);
      current.roleIds.push(roleId);
    }
  }

  /**
   * The rows matching `query`, best first. An empty query returns every row in list order
   * (favourites first).
   */
  search(query: string, options: SearchOptions = {}): RoleRow[] {
    const favorites = options.favorites ?? new Set<string>();
    const q = query.trim().toLowerCase();
    if (q === "") {
      this.last = undefined;
      return favoritesFirst(this.rows, favorites);
    }
    const words = q.split(/\s+/);
    const candidates =
      this.last && q.startsWith(this.last.query) ? this.last.matched : this.accounts;

    const accountScores = words.map((word) => this.scoreAccounts(word, candidates));
    const roleScores = words.map((word) => this.scoreRoles(word));
    const scoring: Scoring = { words, accountScores, roleScores };
    const exact: RoleRow[] = [];
    const prefix: RoleRow[] = [];
    const fuzzyAccounts: AccountEntry[] = [];
    const best = new Float64Array(this.accounts.length);
    const matched: AccountEntry[] = [];

    for (const account of candidates) {
      const accountTier =
        account.id === q || (account.alias !== "" && account.alias === q)
          ? 0
          : startsAny(account.fields, q)
            ? 1
            : 2;
      let hit = false;
      let top = NO_MATCH;
      for (let i = 0; i < account.rows.length; i += 1) {
        const row = account.rows[i] as RoleRow;
        if (accountTier === 0) {
          exact.push(row);
        } else if (accountTier === 1 || this.roles[account.roleIds[i] ?? 0]?.lower.startsWith(q)) {
          prefix.push(row);
        } else {
          const score = rowScore(scoring, account, i);
          if (score === NO_MATCH) continue;
          top = Math.max(top, score);
        }
        hit = true;
      }
      if (top !== NO_MATCH) {
        best[account.index] = top;
        fuzzyAccounts.push(account);
      }
      if (hit) matched.push(account);
    }
    this.last = { query: q, matched };

    // Sorting accounts (then each one's few roles) rather than pairs keeps the sort small.
    const bestOf = (account: AccountEntry) => best[account.index] ?? 0;
    fuzzyAccounts.sort((a, b) => bestOf(b) - bestOf(a));
    const fuzzyRows: RoleRow[] = [];
    for (const account of fuzzyAccounts) {
      // A role whose name starts with the query is already among the prefix matches.
      const scored: Array<{ row: RoleRow; score: number }> = [];
      for (let i = 0; i < account.rows.length; i += 1) {
        if (this.roles[account.roleIds[i] ?? 0]?.lower.startsWith(q)) continue;
        const score = rowScore(scoring, account, i);
        if (score !== NO_MATCH) scored.push({ row: account.rows[i] as RoleRow, score });
      }
      if (scored.length > 1) scored.sort(byScore);
      for (const { row } of scored) fuzzyRows.push(row);
    }
    return [
      ...favoritesFirst(exact, favorites),
      ...favoritesFirst(prefix, favorites),
      ...favoritesFirst(fuzzyRows, favorites),
    ];
  }

  /** Each candidate account's score for one word of the query (NO_MATCH where none). */
  private scoreAccounts(word: string, candidates: AccountEntry[]): Float64Array {
    const scores = new Float64Array(this.accounts.length).fill(NO_MATCH);
    const rest: AccountEntry[] = [];
    for (const account of candidates) {
      const score = substringScore(account.haystack, word);
      if (score === NO_MATCH) rest.push(account);
      else scores[account.index] = score;
    }
    // One or two letters scattered through a name say little; fuzzy matching starts at three.
    if (word.length > 2 && rest.length > 0) {
      for (const result of fuzzysort.go(word, rest, { key: "prepared" })) {
        scores[result.obj.index] = result.score;
      }
    }
    return scores;
  }

  private scoreRoles(word: string): Float64Array {
    const scores = new Float64Array(this.roles.length).fill(NO_MATCH);
    this.roles.forEach((role, i) => {
      const score = substringScore(role.lower, word);
      scores[i] =
        score !== NO_MATCH ? score : (fuzzysort.single(word, role.prepared)?.score ?? NO_MATCH);
    });
    return scores;
  }

  /** The baseline the benchmark compares with: a case-insensitive substring scan of the rows. */
  substringScan(query: string): RoleRow[] {
    const q = query.trim().toLowerCase();
    const out: RoleRow[] = [];
    for (const account of this.accounts) {
      const accountHit = account.haystack.includes(q);
      account.rows.forEach((row, i) => {
        if (accountHit || (this.roles[account.roleIds[i] ?? 0]?.lower ?? "").includes(q))
          out.push(row);
      });
    }
    return out;
  }
}

function favoritesFirst(rows: readonly RoleRow[], favorites: ReadonlySet<string>): RoleRow[] {
  if (favorites.size === 0) return rows.slice();
  const first: RoleRow[] = [];
  const rest: RoleRow[] = [];
  for (const row of rows) (favorites.has(row.key) ? first : rest).push(row);
  return first.concat(rest);
}
