// The SSO token cache shared with the AWS CLI and SDKs: ~/.aws/sso/cache/{sha1}.json, hashed from
// the sso-session name (or the start URL for legacy profiles), with botocore's keys
// (botocore tokens.py SSOTokenProvider, utils.py SSOTokenLoader / SSOTokenFetcher).
import { randomUUID } from "node:crypto";
import { open, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { removeLeftoversOf, sweepFolders, writeFileAtomically } from "../files/atomic-write.js";
import { z } from "zod";
import { displayPath, type Locations } from "../locations.js";
import { isFolderProblem, makeFolder, writeFailure } from "../aws-files/write-failure.js";
import { tokenPath, type TokenRef } from "./sign-in-file.js";
import { formatUtc, utcTimestamp as timestamp } from "./utc-time.js";

export { sha1Hex, tokenPath, type TokenRef } from "./sign-in-file.js";

export interface CachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
  refreshToken?: string;
}

export type TokenRead =
  /** `why`: where the sign-in is instead, when it is kept somewhere this reader cannot use. */
  | { kind: "missing"; path: string; why?: string }
  | { kind: "ok"; path: string; token: CachedToken }
  | { kind: "corrupt"; path: string; problem: string };

// botocore needs only accessToken and expiresAt (SSOTokenLoader); the rest is optional, and other
// tools add keys of their own, which are ignored.
const tokenFileSchema = z.object({
  startUrl: z.string().optional(),
  region: z.string().optional(),
  accessToken: z.string().min(1),
  expiresAt: timestamp,
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  registrationExpiresAt: timestamp.optional(),
  refreshToken: z.string().min(1).optional(),
});

/** Reads a token file. Never throws for what is in the file: a bad file is reported, not fatal. */
export async function readToken(locations: Locations, ref: TokenRef): Promise<TokenRead> {
  const file = tokenPath(locations, ref);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing", path: file };
    return {
      kind: "corrupt",
      path: file,
      problem: `the cached sign-in ${file} cannot be read (${(error as Error).message})`,
    };
  }
  return parseToken(text, file);
}

/** A token file's text, read as botocore reads it. */
export function parseToken(text: string, file: string): TokenRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      kind: "corrupt",
      path: file,
      problem:
        text.trim() === ""
          ? `the cached sign-in ${file} is empty`
          : `the cached sign-in ${file} is not valid JSON (cut short?)`,
    };
  }
  const parsed = tokenFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return {
      kind: "corrupt",
      path: file,
      problem: `the cached sign-in ${file} is incomplete (${where}${issue?.message ?? "invalid"})`,
    };
  }
  const t = parsed.data;
  return {
    kind: "ok",
    path: file,
    token: {
      startUrl: t.startUrl ?? "",
      region: t.region ?? "",
      accessToken: t.accessToken,
      expiresAt: t.expiresAt,
      ...(t.clientId ? { clientId: t.clientId } : {}),
      ...(t.clientSecret ? { clientSecret: t.clientSecret } : {}),
      ...(t.registrationExpiresAt ? { registrationExpiresAt: t.registrationExpiresAt } : {}),
      ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}),
    },
  };
}

/** The file's JSON, key for key as botocore writes it. */
export function serializeToken(token: CachedToken): string {
  const out: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatUtc(token.expiresAt),
  };
  if (token.clientId) out.clientId = token.clientId;
  if (token.clientSecret) out.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt)
    out.registrationExpiresAt = formatUtc(token.registrationExpiresAt);
  if (token.refreshToken) out.refreshToken = token.refreshToken;
  return JSON.stringify(out);
}

export async function ensurePrivateDir(dir: string): Promise<void> {
  await makeFolder(dir, 0o700);
}

export async function writeToken(
  locations: Locations,
  ref: TokenRef,
  token: CachedToken,
): Promise<string> {
  const file = tokenPath(locations, ref);
  await ensurePrivateDir(path.dirname(file));
  await writeFileAtomically(file, serializeToken(token), { mode: 0o600 });
  return file;
}

/**
 * The last resort when the disk is full: writes the token over the session's token file in place,
 * only where the file's blocks already hold the new text (so the write needs no free space and
 * cannot stop half-way). Not atomic, which matters less than it seems: a refresh that got here has
 * spent the old file's refresh token, so the old file is no longer worth keeping. False when the
 * file is not there or too small.
 */
export async function overwriteTokenInPlace(
  locations: Locations,
  ref: TokenRef,
  token: CachedToken,
): Promise<boolean> {
  const file = tokenPath(locations, ref);
  const text = Buffer.from(serializeToken(token));
  const handle = await open(file, "r+").catch(() => undefined);
  if (!handle) return false;
  try {
    const info = await handle.stat();
    // st_blocks counts 512-byte units on every system that reports it.
    if (!info.isFile() || info.blocks * 512 < text.length) return false;
    await handle.write(text, 0, text.length, 0);
    await handle.truncate(text.length);
    await handle.sync();
    return true;
  } finally {
    await handle.close();
  }
}

/**
 * Removes a token file and whatever a write cut short left beside it: a write goes to a
 * temporary file first and renames it, so a crash in between leaves a whole token under that name.
 */
export async function removeToken(locations: Locations, ref: TokenRef): Promise<void> {
  const file = tokenPath(locations, ref);
  // A file where the cache folder belongs holds no sign-in: there is nothing to remove.
  await rm(file, { force: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== "ENOTDIR") throw error;
  });
  await removeLeftoversOf(file);
}

/**
 * Removes temporary files that writes left in the token cache when they were cut short. Only
 * those older than `minAgeMs`: a younger one may be a write under way in another process.
 * (leftover-sweep.ts sweeps this folder with every other one we write to.)
 */
export async function sweepTokenTemps(
  locations: Locations,
  nowMs: number,
  minAgeMs = 60_000,
): Promise<number> {
  const removed = await sweepFolders(
    [{ dir: locations.ssoCache, legacy: /^[0-9a-f]{40}\.json\.\d+$/ }],
    nowMs,
    minAgeMs,
  );
  return removed.length;
}

/**
 * A warning when other users can write to the token cache folder (they could put a sign-in of
 * their choosing there, or remove ours), with the command that fixes it; undefined otherwise.
 */
export async function tokenCacheDirProblem(locations: Locations): Promise<string | undefined> {
  if (process.platform === "win32") return undefined;
  const dir = locations.ssoCache;
  const info = await stat(dir).catch(() => undefined);
  if (!info || (info.mode & 0o022) === 0) return undefined;
  const shown = displayPath(dir, locations);
  const who = info.mode & 0o002 ? "every user on this machine" : "other members of its group";
  return `${shown} can be written by ${who} (mode ${(info.mode & 0o777).toString(8)}), who could replace your sign-in; run: chmod 700 ${shown}`;
}

/** The folder a failed write was writing into, from the error when it says (else `fallback`). */
export function failedFolder(error: unknown, fallback: string): string {
  const e = error as NodeJS.ErrnoException;
  if (!e.path) return fallback;
  return e.syscall === "mkdir" ? e.path : path.dirname(e.path);
}

/**
 * Why a sign-in could not be kept in the token cache right now (what to fix, naming the folder),
 * or undefined. Asked of the folder with a real file: permission bits do not stop root, and an
 * immutable folder or a file in its place stops everyone.
 */
export async function tokenCacheWriteProblem(locations: Locations): Promise<string | undefined> {
  const dir = locations.ssoCache;
  try {
    await ensurePrivateDir(dir);
    const probe = path.join(dir, `.ssotray-probe-${process.pid}-${randomUUID()}`);
    await writeFile(probe, "", { flag: "wx", mode: 0o600 });
    await rm(probe, { force: true });
    return undefined;
  } catch (error) {
    if (!isFolderProblem(error)) throw error;
    const folder = failedFolder(error, dir);
    return writeFailure(error, "the sign-in", folder, displayPath(folder, locations));
  }
}
