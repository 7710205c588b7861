// The last complete account list of each session, on disk, so a start shows it at once. One file
// per session (<cacheDir>/accounts/<sha1(session)>.json), written atomically; read back through a
// schema, and anything that does not match is ignored with a warning and re-synced. The file is
// checked like the portal's answers (portal-shapes.ts): an account with an invalid id or a role
// with an invalid name is left out with one warning, and names lose control characters, so a
// tampered file cannot put anything into ~/.aws/config or a terminal that a sync could not.
//
// A command that looked an account up by name keeps the account list it listed (version 2): the
// accounts a previous sync knew keep their roles, the others are marked rolesPending, so the next
// name lookup is answered from it while it is fresh (accountsListedAt), and the app reads it as an
// incomplete list and syncs the roles. Version 1 readers refuse version 2 and sync again, which
// is what they should do with a list that lacks roles.
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomically } from "../files/atomic-write.js";
import { z } from "zod";
import type { Account, AccountInfo, SessionAccounts } from "../../shared/model.js";
import { displayText, isAccountId, isRoleName, Rejections } from "./portal-shapes.js";
import { accountCacheFile } from "./account-cache-file.js";

const accountSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  emailAddress: z.string(),
  roles: z.array(z.string()),
  /** When these roles were listed: a refresh lists the oldest first. Older files lack it. */
  rolesAt: z.iso.datetime({ offset: true }).optional(),
});

const completeFileSchema = z.object({
  version: z.literal(1),
  session: z.string(),
  startUrl: z.string(),
  region: z.string(),
  syncedAt: z.iso.datetime({ offset: true }),
  accounts: z.array(accountSchema),
});

const listedFileSchema = z.object({
  version: z.literal(2),
  session: z.string(),
  startUrl: z.string(),
  region: z.string(),
  /** The last complete sync the roles come from, if there was one. */
  syncedAt: z.iso.datetime({ offset: true }).optional(),
  /** When a command last listed the accounts alone. */
  accountsListedAt: z.iso.datetime({ offset: true }),
  accounts: z.array(accountSchema.extend({ rolesPending: z.literal(true).optional() })),
});

const cacheFileSchema = z.discriminatedUnion("version", [completeFileSchema, listedFileSchema]);

export type AccountCacheFile = z.infer<typeof completeFileSchema>;
type ListedCacheFile = z.infer<typeof listedFileSchema>;

export { accountCacheFile };

/**
 * When the session's cached list was last written (ms since the epoch), or undefined without one:
 * the app and the CLI share the file, so a reader can tell the other one has synced.
 */
export async function accountCacheModified(
  cacheDir: string,
  session: string,
): Promise<number | undefined> {
  try {
    return (await stat(accountCacheFile(cacheDir, session))).mtimeMs;
  } catch {
    return undefined;
  }
}

export interface CacheIdentity {
  session: string;
  startUrl: string;
  region: string;
}

/** When each account's roles were listed, by account id (ISO 8601; absent when unknown). */
export type RolesListedAt = ReadonlyMap<string, string>;

/**
 * The cached list for a session, or undefined when there is none, it is unreadable, or it was
 * made for another start URL or region (the session was pointed elsewhere since).
 */
export async function readAccountCache(
  cacheDir: string,
  identity: CacheIdentity,
  warn: (message: string) => void,
): Promise<SessionAccounts | undefined> {
  return (await loadAccountCache(cacheDir, identity, warn))?.list;
}

export interface LoadedAccountCache {
  list: SessionAccounts;
  /** When each account's roles in it were listed. */
  rolesAt: RolesListedAt;
  /** When the accounts were last listed, by a sync or by a command alone (ISO 8601). */
  listedAt: string | undefined;
}

/** The cached list, when each account's roles in it were listed, and when its names were. */
export async function loadAccountCache(
  cacheDir: string,
  identity: CacheIdentity,
  warn: (message: string) => void,
): Promise<LoadedAccountCache | undefined> {
  const file = accountCacheFile(cacheDir, identity.session);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      warn(
        `Could not read the cached account list ${file} (${(error as Error).message}); it will be synced again`,
      );
    }
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    warn(`The cached account list ${file} is not valid JSON; ignoring it and syncing again`);
    return undefined;
  }
  const parsed = cacheFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warn(
      `The cached account list ${file} is damaged (${issue ? `${issue.path.join(".") || "file"}: ${issue.message}` : "unexpected shape"}); ignoring it and syncing again`,
    );
    return undefined;
  }
  const cache = parsed.data;
  if (
    cache.session !== identity.session ||
    cache.startUrl !== identity.startUrl ||
    cache.region !== identity.region
  ) {
    return undefined;
  }
  const rejections = new Rejections();
  const accounts: Account[] = [];
  const rolesAt = new Map<string, string>();
  let complete = true;
  for (const a of cache.accounts as ListedCacheFile["accounts"]) {
    if (!isAccountId(a.accountId)) {
      rejections.account(a.accountId, a.accountName);
      continue;
    }
    const roles: string[] = [];
    for (const role of a.roles) {
      if (isRoleName(role)) roles.push(role);
      else rejections.role(a.accountId, role);
    }
    const account: Account = {
      accountId: a.accountId,
      accountName: displayText(a.accountName) || a.accountId,
      emailAddress: displayText(a.emailAddress),
      roles,
    };
    if (a.rolesPending) {
      complete = false;
      accounts.push({ ...account, roles: [], rolesPending: true });
      continue;
    }
    accounts.push(account);
    if (a.rolesAt) rolesAt.set(a.accountId, a.rolesAt);
  }
  const left = rejections.message(
    `The cached account list ${file}`,
    "Refresh the account list to replace it.",
  );
  if (left) warn(left);
  const listedAt =
    cache.version === 2 ? latest(cache.syncedAt, cache.accountsListedAt) : cache.syncedAt;
  return {
    list: {
      session: identity.session,
      accounts,
      complete,
      ...(cache.syncedAt ? { syncedAt: cache.syncedAt } : {}),
      syncing: false,
    },
    rolesAt,
    listedAt,
  };
}

function latest(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}

export async function writeAccountCache(
  cacheDir: string,
  identity: CacheIdentity,
  accounts: SessionAccounts["accounts"],
  syncedAt: string,
  rolesAt: RolesListedAt = new Map(),
): Promise<void> {
  const file = accountCacheFile(cacheDir, identity.session);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const body: AccountCacheFile = {
    version: 1,
    ...identity,
    syncedAt,
    // Only what the portal listed: no pending flags or roles it no longer lists.
    accounts: accounts.map((a) => {
      const at = rolesAt.get(a.accountId);
      return {
        accountId: a.accountId,
        accountName: a.accountName,
        emailAddress: a.emailAddress,
        roles: a.roles,
        ...(at ? { rolesAt: at } : {}),
      };
    }),
  };
  await writeFileAtomically(file, JSON.stringify(body), { mode: 0o600 });
}

/**
 * Keeps an account list a command listed alone (no roles), merged into the cached one: accounts
 * the cache has keep their roles, new ones are marked pending, ones no longer listed go. Nothing is
 * written when the cache was written by a listing or sync that ended after this one started: it
 * knows at least as much.
 */
export async function writeListedAccounts(
  cacheDir: string,
  identity: CacheIdentity,
  listed: readonly AccountInfo[],
  startedAt: string,
  listedAt: string,
  warn: (message: string) => void,
): Promise<void> {
  const current = await loadAccountCache(cacheDir, identity, warn);
  if (current?.listedAt && Date.parse(current.listedAt) >= Date.parse(startedAt)) return;
  const known = new Map(current?.list.accounts.map((a) => [a.accountId, a]));
  const body: ListedCacheFile = {
    version: 2,
    ...identity,
    ...(current?.list.syncedAt ? { syncedAt: current.list.syncedAt } : {}),
    accountsListedAt: listedAt,
    accounts: listed.map((info) => {
      const before = known.get(info.accountId);
      const base = {
        accountId: info.accountId,
        accountName: info.accountName,
        emailAddress: info.emailAddress,
      };
      if (!before || before.rolesPending)
        return { ...base, roles: [], rolesPending: true as const };
      const at = current?.rolesAt.get(info.accountId);
      return { ...base, roles: before.roles, ...(at ? { rolesAt: at } : {}) };
    }),
  };
  const file = accountCacheFile(cacheDir, identity.session);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomically(file, JSON.stringify(body), { mode: 0o600 });
}
