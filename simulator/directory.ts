// The organisation the simulator pretends to be: accounts with realistic names and the roles the
// user is assigned in each. Deterministic from a seed so tests and benchmarks can name them.
import { pick, seededRandom } from "./random.js";

export interface SimAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
}

const TEAMS = [
  "payments",
  "data-platform",
  "identity",
  "search",
  "checkout",
  "billing",
  "analytics",
  "ml",
  "mobile",
  "web",
  "networking",
  "security",
  "logging",
  "observability",
  "edge",
  "catalog",
  "inventory",
  "shipping",
  "support",
  "marketing",
  "finance",
  "hr",
  "legal",
  "platform",
  "core",
  "streaming",
  "media",
  "notifications",
  "messaging",
  "auth",
  "risk",
  "fraud",
  "ledger",
  "reports",
  "growth",
  "partners",
  "devtools",
  "ci",
  "sandbox",
  "research",
];
const PRODUCTS = [
  "api",
  "workers",
  "etl",
  "portal",
  "gateway",
  "lake",
  "warehouse",
  "frontend",
  "backend",
  "infra",
  "events",
  "batch",
  "realtime",
  "archive",
  "shared",
  "tools",
  "services",
  "cluster",
];
const STAGES = ["prod", "staging", "dev", "test", "qa", "sandbox", "preprod", "perf"];
const ROLES = [
  "AdministratorAccess",
  "PowerUserAccess",
  "ReadOnlyAccess",
  "ViewOnlyAccess",
  "DeveloperAccess",
  "Billing",
  "SecurityAudit",
  "DatabaseAdministrator",
  "NetworkAdministrator",
  "SupportUser",
  "DataScientist",
  "SystemAdministrator",
];

export function buildDirectory(
  count: number,
  rolesPerAccount: number | [number, number],
  seed: number,
): SimAccount[] {
  const random = seededRandom(seed);
  const names = new Set<string>();
  const ids = new Set<string>();
  const accounts: SimAccount[] = [];
  while (accounts.length < count) {
    let name = `${pick(random, TEAMS)}-${pick(random, PRODUCTS)}-${pick(random, STAGES)}`;
    // Large organisations run out of combinations: number the rest like real sprawl does.
    if (names.has(name)) name = `${name}-${accounts.length}`;
    names.add(name);
    let id: string;
    do {
      id = String(100_000_000_000 + Math.floor(random() * 899_999_999_999));
    } while (ids.has(id));
    ids.add(id);
    const [min, max] = Array.isArray(rolesPerAccount)
      ? rolesPerAccount
      : [rolesPerAccount, rolesPerAccount];
    const roleCount = Math.max(
      0,
      Math.min(ROLES.length, min + Math.floor(random() * (max - min + 1))),
    );
    const offset = Math.floor(random() * ROLES.length);
    const roles = Array.from(
      { length: roleCount },
      (_, i) => ROLES[(offset + i) % ROLES.length] as string,
    );
    accounts.push({
      accountId: id,
      accountName: name,
      emailAddress: `aws+${name}@example.com`,
      roles,
    });
  }
  return accounts;
}

/**
 * The accounts the documentation's examples name, so they work as written against `npm run simulator`
 * and `npm run demo` (which ask for them with `exampleAccounts`).
 */
export const EXAMPLE_ACCOUNTS: readonly SimAccount[] = [
  {
    accountId: "111111111111",
    accountName: "payments-prod",
    emailAddress: "aws+payments-prod@example.com",
    roles: ["AdministratorAccess", "ReadOnlyAccess"],
  },
  {
    accountId: "222222222222",
    accountName: "payments-etl-qa",
    emailAddress: "aws+payments-etl-qa@example.com",
    roles: ["DeveloperAccess", "ReadOnlyAccess"],
  },
  {
    accountId: "333333333333",
    accountName: "analytics-events-preprod",
    emailAddress: "aws+analytics-events-preprod@example.com",
    roles: ["DataScientist", "ReadOnlyAccess"],
  },
];

/** The directory with the example accounts in place of its first ones (the count stays). */
export function withExampleAccounts(accounts: readonly SimAccount[]): SimAccount[] {
  const taken = new Set(EXAMPLE_ACCOUNTS.flatMap((a) => [a.accountId, a.accountName]));
  const rest = accounts.filter((a) => !taken.has(a.accountId) && !taken.has(a.accountName));
  const examples = EXAMPLE_ACCOUNTS.map((a) => ({ ...a, roles: [...a.roles] }));
  return [...examples, ...rest].slice(0, Math.max(accounts.length, examples.length));
}
