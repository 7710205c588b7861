// The search benchmark's workload, bundled by renderer.bench.ts the way the renderer ships (no
// tsx wrappers) and run both in Node and inside Chromium: 5,000 accounts × 3 roles, real queries
// typed one letter at a time, timing what the list recomputes per keystroke.
import type { SessionAccounts } from "../shared/model.js";
import { buildListModel } from "../renderer/src/domain/list-items.js";
import { flattenRows } from "../renderer/src/domain/rows.js";
import { SearchIndex } from "../renderer/src/domain/search.js";

export interface SearchFigures {
  rows: number;
  /** Flattening the list and building the index: once per list change, not per keystroke. */
  indexMs: number;
  /** Per keystroke, in ms. */
  search: number[];
  keystroke: number[];
  substring: number[];
}

/** `rounds`: how many times every query is typed. */
export function runSearchWorkload(rounds = 5): SearchFigures {
  const words = ["prod", "dev", "staging", "sandbox", "logs", "data", "payments", "identity"];
  const teams = ["core", "web", "ml", "billing", "search", "infra", "mobile", "security"];
  const list: SessionAccounts = {
    session: "bench",
    complete: true,
    syncing: false,
    accounts: Array.from({ length: 5000 }, (_, i) => ({
      accountId: String(100000000000 + i * 7919).padStart(12, "0"),
      accountName: `${teams[i % teams.length]}-${words[(i * 7) % words.length]}-${i}`,
      emailAddress: `aws+${teams[i % teams.length]}-${i}@example.com`,
      roles: ["AdministratorAccess", "ReadOnlyAccess", i % 2 ? "PowerUserAccess" : "Billing"],
    })),
  };
  const decorations = { [list.accounts[42]?.accountId ?? ""]: { alias: "main-prod" } };
  let started = performance.now();
  const rows = flattenRows([list], decorations);
  const index = new SearchIndex(rows);
  const indexMs = performance.now() - started;

  const queries = [
    "prod",
    "billing prod",
    "admin",
    "main-prod",
    list.accounts[1234]?.accountId ?? "",
    "web-pay",
    "secdata",
    "readonly ml",
    "aws+infra-77",
    "zzz",
  ];
  const type = (fn: (query: string) => unknown) => {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      for (const query of queries) {
        for (let n = 1; n <= query.length; n += 1) {
          started = performance.now();
          fn(query.slice(0, n));
          samples.push(performance.now() - started);
        }
        fn("");
      }
    }
    return samples;
  };
  // What the list recomputes per keystroke: the ranked search, then the cards and chips it draws.
  const keystroke = (q: string) =>
    buildListModel(index.search(q), {
      favorites: new Set(),
      searching: q.trim() !== "",
      sessions: ["bench"],
    });
  type(keystroke); // warm-up
  return {
    rows: rows.length,
    indexMs,
    search: type((q) => index.search(q)),
    keystroke: type(keystroke),
    substring: type((q) => index.substringScan(q)),
  };
}
