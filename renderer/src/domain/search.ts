// Ranks accounts and their roles for the search box, fast enough for a keystroke at 10,000+
// accounts.
//
// Everything that depends only on the list is computed once per list change (`SearchIndex`):
// lower-cased fields and fuzzysort's prepared targets, per ACCOUNT (a few thousand) and per
// distinct role name (a few dozen) rather than per account/role pair, since a pair's account
// fields repeat for each of its roles. A pair matches when every word of the query matches its
// account or its role name, so "prod admin" finds AdministratorAccess in the prod accounts. An
// entitled role (account access manager) also matches the word "entitlement" and its ARN.
//
// The answer is grouped by account, as the list draws it, and an account whose roles all match in
// list order is answered with the same group object every time: a broad query over 15,000 pairs
// then allocates next to nothing.
//
// Order: an exact account id or alias first, then pairs where a field starts with the query, then
// the rest by score; favourites first within each tier. A word matches a field it is a substring
// of; failing that, a word of three letters or more may match the account name, alias, role name
// or the part of the e-mail address before the @ fuzzily (letters in order, gaps allowed, but any
// number in the word as written). Ids and whole addresses match only as substrings: scattered
// digits, or letters strewn over a domain every account shares ("...@example.com"), find
// everything and mean nothing.
//
// While the user types on, a longer query can only match a subset of what the shorter one did
// (prefixes and subsequences both shrink), so the next search looks only at the accounts that
// matched the last one, unless the longer word has just become long enough to match fuzzily.
import fuzzysort from "fuzzysort";
import type { RoleRow } from "./rows.js";

/** One account as the list shows it. The same object for as long as the index lives. */
export interface AccountInfo {
  /** session/accountId */
  key: string;
  session: string;
  accountId: string;
  accountName: string;
  emailAddress: string;
  alias?: string;
  color?: string;
}

/** An account and those of its roles that match, best first. */
export interface AccountGroup {
  account: AccountInfo;
  rows: readonly RoleRow[];
}

export interface SearchOptions {
  /** Role keys (see roleKey) shown first within a tier. */
  favorites?: ReadonlySet<string>;
}

interface AccountEntry {
  /** Position in `SearchIndex.accounts`: scores live in typed arrays indexed by it. */
  index: number;
  /** Every role of the account, in list order: the answer when all of them match in that order. */
  all: AccountGroup;
  /** For each row, its role name's position in `SearchIndex.roles`. */
  roleIds: number[];
  /** Reordered or partial groups answered before, by `orderKey`: typing on reuses them. */
  ranked?: Map<number, AccountGroup>;
  /** Filled by `prepare`, and carried over to the next index while the account is unchanged. */
  text?: AccountText;
}

/** What a query is matched against, per account. */
interface AccountText {
  id: string;
  alias: string;
  /** Lower-cased name, id, e-mail and alias: what a prefix or substring can match. */
  fields: string[];
  /** The distinct first characters of `fields`. */
  firsts: number[];
  /** The same fields joined by spaces. */
  haystack: string;
  /** Name, alias and the e-mail address's local part, for fuzzy matching. */
  prepared: Fuzzysort.Prepared;
}

/** Built on the first search (or `prepare`), not with the list: the list paints without it. */
interface TextIndex {
  /** By account index. */
  texts: AccountText[];
  /** Accounts by the first character of each of their fields: where a prefix match can be. */
  byFirstChar: Map<number, AccountEntry[]>;
}

function accountText(account: AccountInfo): AccountText {
  const alias = (account.alias ?? "").toLowerCase();
  const fields = [account.accountName, account.accountId, account.emailAddress]
    .map((f) => f.toLowerCase())
    .concat(alias ? [alias] : []);
  return {
    id: account.accountId,
    alias,
    fields,
    firsts: [...new Set(fields.map((field) => field.charCodeAt(0)))],
    haystack: fields.join(" "),
    prepared: fuzzysort.prepare(
      [account.accountName, account.alias ?? "", account.emailAddress.split("@")[0] ?? ""].join(
        " ",
      ),
    ),
  };
}

interface RoleEntry {
  /** What a substring can match: the role name, and for an entitled role its mark and ARN too. */
  lower: string;
  /** The role name alone: scattered letters over an ARN would match anything. */
  prepared: Fuzzysort.Prepared;
}

const NO_MATCH = Number.NEGATIVE_INFINITY;
const EXACT = 0;
const PREFIX = 1;
const SCORED = 2;

/** One or two letters scattered through a name say little, and scattered digits nothing. */
function matchesFuzzily(word: string): boolean {
  return word.length > 2 && !/^\d+$/.test(word);
}

function numbersIn(word: string): string[] {
  return word.match(/\d+/g) ?? [];
}

/**
 * fuzzysort's score for a word in a target, where the numbers in the word must stand in the target
 * as written: "infra77" finds infra-77, but "acct-0999" must not find acct-019 scattered over the
 * digits of acct-010909.
 */
function fuzzyScore(word: string, numbers: readonly string[], target: Fuzzysort.Prepared): number {
  for (const number of numbers) if (!target.target.includes(number)) return NO_MATCH;
  return fuzzysort.single(word, target)?.score ?? NO_MATCH;
}

/**
 * How well one word matches one text. A substring beats any scattered match (fuzzysort scores are
 * at most 1), and one at the start of a word beats one inside it.
 */
function substringScore(text: string, word: string): number {
  const at = text.indexOf(word);
  if (at < 0) return NO_MATCH;
  const before = at === 0 ? " " : text[at - 1];
  return before === " " || before === "-" || before === "_" || before === "@" || before === "."
    ? 2.5
    : 2;
}

function sameRows(
  known: readonly RoleRow[],
  rows: readonly RoleRow[],
  start: number,
  end: number,
): boolean {
  if (known.length !== end - start) return false;
  for (let i = start; i < end; i += 1) if (known[i - start] !== rows[i]) return false;
  return true;
}

function startsAny(fields: readonly string[], q: string): boolean {
  for (const field of fields) if (field.startsWith(q)) return true;
  return false;
}

/** What one search has worked out about one matching account, for ordering the accounts. */
interface Hit {
  group: AccountGroup;
  score: number;
  index: number;
}

/**
 * A number naming a sequence of up to twelve role positions (each under 15), or undefined for
 * an account with more roles than that.
 */
function orderKey(order: readonly number[]): number | undefined {
  let key = 1;
  for (const i of order) {
    if (i >= 15 || key >= 2 ** 48) return undefined;
    key = key * 16 + i;
  }
  return key;
}

function byScoreThenListOrder(a: Hit, b: Hit): number {
  return b.score - a.score || a.index - b.index;
}

export class SearchIndex {
  /** Every account with all its roles, in list order: the answer to an empty query. */
  readonly groups: readonly AccountGroup[];
  readonly rowCount: number;
  private readonly accounts: AccountEntry[] = [];
  private readonly roles: RoleEntry[] = [];
  private last: { query: string; matched: AccountEntry[] } | undefined;
  private text: TextIndex | undefined;
  // Per-row scratch space for one account at a time, sized to the account with most roles.
  private tiers = new Int8Array(0);
  private scores = new Float64Array(0);
  private favs = new Uint8Array(0);

  /**
   * `previous`, the index of the list before this one (a sync sends the whole list every second),
   * lends the work it did for accounts whose rows are the very same objects (see RowFlattener):
   * their groups, and their search text once prepared.
   */
  constructor(rows: readonly RoleRow[], previous?: SearchIndex) {
    this.rowCount = rows.length;
    const before = previous?.byKey();
    const roleIds = new Map<string, number>();
    for (let start = 0; start < rows.length;) {
      const first = rows[start] as RoleRow;
      let end = start + 1;
      while (
        end < rows.length &&
        rows[end]?.accountId === first.accountId &&
        rows[end]?.session === first.session
      ) {
        end += 1;
      }
      const entry = this.addAccount(
        rows,
        start,
        end,
        before?.get(`${first.session}/${first.accountId}`),
      );
      for (let i = start; i < end; i += 1) {
        const row = rows[i] as RoleRow;
        const roleName = row.roleName;
        // An entitled role is its own entry: found also by the word "entitlement" and its ARN.
        const id = row.entitled ? `\u0000${row.entitled.roleArn}` : roleName;
        let roleId = roleIds.get(id);
        if (roleId === undefined) {
          roleId = this.roles.length;
          roleIds.set(id, roleId);
          this.roles.push({
            lower: (row.entitled
              ? `${roleName} entitlement ${row.entitled.roleArn}`
              : roleName
            ).toLowerCase(),
            prepared: fuzzysort.prepare(roleName),
          });
        }
        entry.roleIds.push(roleId);
      }
      start = end;
    }
    this.groups = this.accounts.map((a) => a.all);
    // A loop, not Math.max(...): spreading 100,000 arguments overflows the stack.
    let most = 0;
    for (const account of this.accounts) most = Math.max(most, account.roleIds.length);
    this.tiers = new Int8Array(most);
    this.scores = new Float64Array(most);
    this.favs = new Uint8Array(most);
  }

  private byKey(): Map<string, AccountEntry> {
    return new Map(this.accounts.map((entry) => [entry.all.account.key, entry]));
  }

  private addAccount(
    rows: readonly RoleRow[],
    start: number,
    end: number,
    before: AccountEntry | undefined,
  ): AccountEntry {
    const index = this.accounts.length;
    let entry: AccountEntry;
    if (before && sameRows(before.all.rows, rows, start, end)) {
      entry = { index, all: before.all, roleIds: [] };
      if (before.ranked) entry.ranked = before.ranked;
      if (before.text) entry.text = before.text;
    } else {
      const row = rows[start] as RoleRow;
      const account: AccountInfo = {
        key: `${row.session}/${row.accountId}`,
        session: row.session,
        accountId: row.accountId,
        accountName: row.accountName,
        emailAddress: row.emailAddress,
        alias: row.alias,
        color: row.color,
      };
      entry = { index, all: { account, rows: rows.slice(start, end) }, roleIds: [] };
    }
    this.accounts.push(entry);
    return entry;
  }

  /**
   * Builds what searching needs: lower-cased fields and fuzzy targets for every account. The
   * first search does it if nothing called this before; the list calls it once it has painted.
   */
  prepare(): TextIndex {
    if (this.text) return this.text;
    const texts = this.accounts.map(
      (account) => (account.text ??= accountText(account.all.account)),
    );
    const byFirstChar = new Map<number, AccountEntry[]>();
    for (const account of this.accounts) {
      for (const first of (texts[account.index] as AccountText).firsts) {
        const list = byFirstChar.get(first);
        if (list) list.push(account);
        else byFirstChar.set(first, [account]);
      }
    }
    this.text = { texts, byFirstChar };
    return this.text;
  }

  /**
   * The accounts matching `query`, best first, each with its matching roles, best first. An empty
   * query returns every account in list order.
   */
  search(query: string, options: SearchOptions = {}): readonly AccountGroup[] {
    const favorites = options.favorites ?? new Set<string>();
    const q = query.trim().toLowerCase();
    if (q === "") {
      this.last = undefined;
      return this.groups;
    }
    const { texts, byFirstChar } = this.prepare();
    const words = q.split(/\s+/);
    const candidates = this.narrowsLast(q, words) ? (this.last?.matched ?? []) : this.accounts;
    const accountScores = words.map((word) => this.scoreAccounts(word, candidates, texts));
    const roleScores = words.map((word) => this.scoreRoles(word));
    const roleStarts = this.roles.map((role) => role.lower.startsWith(q));
    const prefixed = new Uint8Array(this.accounts.length);
    for (const account of byFirstChar.get(q.charCodeAt(0)) ?? []) {
      if (startsAny((texts[account.index] as AccountText).fields, q)) prefixed[account.index] = 1;
    }

    // Exact and prefix matches keep list order, favourites first; scored ones go best first.
    const exact: AccountGroup[][] = [[], []];
    const prefix: AccountGroup[][] = [[], []];
    const scored: Hit[][] = [[], []];
    const matched: AccountEntry[] = [];
    const { tiers, scores, favs } = this;
    for (const account of candidates) {
      const rows = account.all.rows;
      const text = texts[account.index] as AccountText;
      const accountTier =
        text.id === q || (text.alias !== "" && text.alias === q)
          ? EXACT
          : prefixed[account.index]
            ? PREFIX
            : SCORED;
      let count = 0;
      let bestTier = SCORED + 1;
      for (let i = 0; i < rows.length; i += 1) {
        const roleId = account.roleIds[i] ?? 0;
        let tier = accountTier;
        let score = 0;
        if (tier === SCORED && roleStarts[roleId]) {
          tier = PREFIX;
        } else if (tier === SCORED) {
          // Every word must match the account or the role; the pair's score is the sum.
          for (let w = 0; w < words.length; w += 1) {
            const s = Math.max(
              accountScores[w]?.[account.index] ?? NO_MATCH,
              roleScores[w]?.[roleId] ?? NO_MATCH,
            );
            if (s === NO_MATCH) {
              score = NO_MATCH;
              break;
            }
            score += s;
          }
        }
        tiers[i] = score === NO_MATCH ? -1 : tier;
        scores[i] = score;
        favs[i] = favorites.size > 0 && favorites.has((rows[i] as RoleRow).key) ? 1 : 0;
        if (score !== NO_MATCH) {
          count += 1;
          if (tier < bestTier) bestTier = tier;
        }
      }
      if (count === 0) continue;
      matched.push(account);

      let favorite = false;
      let best = NO_MATCH;
      for (let i = 0; i < rows.length; i += 1) {
        if (tiers[i] !== bestTier) continue;
        if (favs[i]) favorite = true;
        if (scores[i]! > best) best = scores[i]!;
      }
      const group = this.rankRoles(account, count);
      const lane = favorite ? 0 : 1;
      if (bestTier === EXACT) exact[lane]?.push(group);
      else if (bestTier === PREFIX) prefix[lane]?.push(group);
      else scored[lane]?.push({ group, score: best, index: account.index });
    }
    this.last = { query: q, matched };

    const out: AccountGroup[] = [];
    for (const lane of [0, 1]) for (const group of exact[lane] ?? []) out.push(group);
    for (const lane of [0, 1]) for (const group of prefix[lane] ?? []) out.push(group);
    for (const lane of [0, 1]) {
      const hits = scored[lane] ?? [];
      hits.sort(byScoreThenListOrder);
      for (const hit of hits) out.push(hit.group);
    }
    return out;
  }

  /**
   * The account's matching roles, ordered by tier, favourite, then score, then list order, from
   * the scratch arrays that `search` filled. Most often that is every role in list order, and the
   * account's own group is the answer.
   */
  private rankRoles(account: AccountEntry, count: number): AccountGroup {
    const rows = account.all.rows;
    const tiers = this.tiers;
    let inOrder = true;
    let previous = -1;
    for (let i = 0; i < rows.length && inOrder; i += 1) {
      if (tiers[i] === -1) continue;
      if (previous >= 0 && this.compareRoles(previous, i) > 0) inOrder = false;
      previous = i;
    }
    if (inOrder && count === rows.length) return account.all;
    // An insertion sort: an account has a handful of roles, and this runs for thousands of
    // accounts per keystroke, where a comparator closure costs more than the sort.
    const order: number[] = [];
    for (let i = 0; i < rows.length; i += 1) {
      if (tiers[i] === -1) continue;
      let at = order.length;
      while (at > 0 && this.compareRoles(order[at - 1] as number, i) > 0) at -= 1;
      order.splice(at, 0, i);
    }
    const key = orderKey(order);
    const known = key === undefined ? undefined : account.ranked?.get(key);
    if (known) return known;
    const group = { account: account.all.account, rows: order.map((i) => rows[i] as RoleRow) };
    if (key !== undefined) {
      account.ranked ??= new Map();
      // A handful of orders recur while one query is typed; the cap keeps memory flat over many.
      if (account.ranked.size >= 8) account.ranked.clear();
      account.ranked.set(key, group);
    }
    return group;
  }

  /** Orders two roles of the account being ranked: tier, then favourite, then score. */
  private compareRoles(i: number, j: number): number {
    const { tiers, scores, favs } = this;
    return (
      (tiers[i] as number) - (tiers[j] as number) ||
      (favs[j] as number) - (favs[i] as number) ||
      (scores[j] as number) - (scores[i] as number)
    );
  }

  /**
   * Whether every match of `q` is among the last query's matches: true when `q` extends it and
   * the word being typed has not just crossed into fuzzy matching ("se" matched substrings only;
   * "sec" may also match s…e…c).
   */
  private narrowsLast(q: string, words: readonly string[]): boolean {
    if (!this.last || !q.startsWith(this.last.query)) return false;
    const lastWords = this.last.query.split(/\s+/);
    const i = lastWords.length - 1;
    return matchesFuzzily(lastWords[i] ?? "") || !matchesFuzzily(words[i] ?? "");
  }

  /** Each candidate account's score for one word of the query (NO_MATCH where none). */
  private scoreAccounts(
    word: string,
    candidates: readonly AccountEntry[],
    texts: readonly AccountText[],
  ): Float64Array {
    const scores = new Float64Array(this.accounts.length).fill(NO_MATCH);
    const fuzzy = matchesFuzzily(word);
    const numbers = numbersIn(word);
    for (const account of candidates) {
      const text = texts[account.index] as AccountText;
      const score = substringScore(text.haystack, word);
      if (score !== NO_MATCH) scores[account.index] = score;
      else if (fuzzy) scores[account.index] = fuzzyScore(word, numbers, text.prepared);
    }
    return scores;
  }

  private scoreRoles(word: string): Float64Array {
    const fuzzy = matchesFuzzily(word);
    const numbers = numbersIn(word);
    return Float64Array.from(this.roles, (role) => {
      const score = substringScore(role.lower, word);
      return score !== NO_MATCH || !fuzzy ? score : fuzzyScore(word, numbers, role.prepared);
    });
  }

  /** The baseline the benchmark compares with: a case-insensitive substring scan of the rows. */
  substringScan(query: string): RoleRow[] {
    const q = query.trim().toLowerCase();
    const { texts } = this.prepare();
    const out: RoleRow[] = [];
    for (const account of this.accounts) {
      const accountHit = (texts[account.index] as AccountText).haystack.includes(q);
      account.all.rows.forEach((row, i) => {
        if (accountHit || (this.roles[account.roleIds[i] ?? 0]?.lower ?? "").includes(q))
          out.push(row);
      });
    }
    return out;
  }
}
