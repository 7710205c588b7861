// `ssotray __complete KIND WORDS…`: the names a shell offers as an option's value, read from
// ~/.aws/config and the cached account lists only. It runs at every Tab, so it loads neither
// commander nor the AWS SDK and makes no network call (cli/main.ts routes it here first).
//
// What it prints goes into the user's command line, and the files are not ours alone: a name is
// offered only when it is made of characters no shell gives a meaning to; an account whose name
// is not is offered by its id.
import { readFile } from "node:fs/promises";
import { effectiveSections, parseConfig } from "../../core/aws-files/config-file.js";
import { resolveLocations } from "../../core/locations.js";
import { accountCacheFile } from "../../core/portal/account-cache-file.js";

export const DYNAMIC_KINDS = ["sessions", "profiles", "accounts", "roles"] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];

type Env = Record<string, string | undefined>;

const PLAIN = /^[A-Za-z0-9_.@+=,:/-]+$/;
const plain = (name: string) => PLAIN.test(name) && !name.startsWith("-");

interface CachedAccount {
  accountId: string;
  accountName: string;
  roles: string[];
}

/** The value after `flag` among the words typed so far, if any. */
function flagValue(words: readonly string[], flag: string): string | undefined {
  const at = words.lastIndexOf(flag);
  return at >= 0 ? words[at + 1] : undefined;
}

async function sections(env: Env) {
  const text = await readFile(resolveLocations(env).awsConfig, "utf8").catch(() => "");
  try {
    return effectiveSections(parseConfig(text));
  } catch {
    return [];
  }
}

/** Sessions as SSO Tray lists them: [sso-session] sections and profiles with a start URL of their own. */
async function sessionNames(env: Env): Promise<string[]> {
  return (await sections(env))
    .filter(
      (s) =>
        s.kind === "sso-session" ||
        (s.kind === "profile" && s.values.sso_start_url && !s.values.sso_session),
    )
    .map((s) => s.name);
}

/** The cached accounts of one session, shape-checked: anything else in the file is skipped. */
async function cachedAccounts(env: Env, session: string): Promise<CachedAccount[]> {
  let data: unknown;
  try {
    const file = accountCacheFile(resolveLocations(env).cache, session);
    data = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return [];
  }
  const accounts = (data as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(accounts)) return [];
  return accounts.flatMap((a: unknown) => {
    const { accountId, accountName, roles } = (a ?? {}) as Record<string, unknown>;
    if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId)) return [];
    return [
      {
        accountId,
        accountName: typeof accountName === "string" ? accountName : "",
        roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [],
      },
    ];
  });
}

async function accountsOnLine(env: Env, words: readonly string[]): Promise<CachedAccount[]> {
  const session = flagValue(words, "--session");
  const names = session !== undefined ? [session] : await sessionNames(env);
  return (await Promise.all(names.map((n) => cachedAccounts(env, n)))).flat();
}

export async function completeValues(
  kind: string,
  words: readonly string[],
  env: Env,
): Promise<string[]> {
  let names: string[] = [];
  if (kind === "sessions") names = await sessionNames(env);
  else if (kind === "profiles")
    names = (await sections(env))
      .filter((s) => s.kind === "profile" || s.kind === "default")
      .map((s) => s.name);
  else if (kind === "accounts")
    names = (await accountsOnLine(env, words)).map((a) =>
      plain(a.accountName) ? a.accountName : a.accountId,
    );
  else if (kind === "roles") {
    const typed = flagValue(words, "--account")?.toLowerCase();
    const accounts = (await accountsOnLine(env, words)).filter(
      (a) => typed === undefined || a.accountId === typed || a.accountName.toLowerCase() === typed,
    );
    names = accounts.flatMap((a) => a.roles);
  }
  return [...new Set(names.filter(plain))].sort();
}

/** The entry for `ssotray __complete KIND WORDS…`: one name a line on stdout, always exit 0. */
export async function printCompletions(args: readonly string[], env: Env): Promise<void> {
  const [kind = "", ...words] = args;
  const names = await completeValues(kind, words, env).catch(() => []);
  if (names.length > 0) process.stdout.write(names.join("\n") + "\n");
}
