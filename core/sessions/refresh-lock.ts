// One refresh of a sign-in at a time across every process that shares it. A refresh token may be
// single-use: when many `credential_process` runs find the access token expiring at once, each
// refreshing on its own would spend the same refresh token, and all but one would be refused (the
// sign-in lost with them). So a refresh happens under a lock beside the token file, and whoever
// waited for it reads what the holder saved instead of refreshing again.
//
// The lock is a folder (proper-lockfile's mkdir, atomic on every file system we meet) whose mtime
// its holder renews while it lives; one not renewed for REFRESH_LOCK_STALE_MS belongs to a killed
// process and is taken over, so a crash never blocks a refresh for longer than that.
import path from "node:path";
import lockfile from "proper-lockfile";
import { errorCode, isFolderProblem } from "../aws-files/write-failure.js";
import type { Locations } from "../locations.js";
import { sha1Hex, tokenPath, type TokenRef } from "./sign-in-file.js";
import { ensurePrivateDir } from "./token-cache.js";

/** A holder that has not renewed its lock for this long is gone (proper-lockfile's minimum is 2 s). */
export const REFRESH_LOCK_STALE_MS = 10_000;

export type RefreshLock =
  | { kind: "held"; release: () => Promise<void> }
  /** Another process holds it: wait, re-read the sign-in, try again. */
  | { kind: "busy" }
  /** No folder would take a lock (read-only, full): refresh without one, nothing else can do better. */
  | { kind: "none" };

/**
 * `<sha1>.ssotray-refresh.lock` beside the token file: not `<sha1>.json.*`, which names the
 * temporary files of token writes that sweeps and sign-outs remove, and not `*.json`, which the
 * AWS CLI reads as tokens.
 */
export function refreshLockPaths(locations: Locations, ref: TokenRef): string[] {
  const key = ref.kind === "sso-session" ? ref.session : ref.startUrl;
  const name = `${sha1Hex(key)}.ssotray-refresh.lock`;
  // The data folder when the token cache's folder will not take one (the same name there).
  return [
    path.join(path.dirname(tokenPath(locations, ref)), name),
    path.join(locations.heldSignIns, name),
  ];
}

async function tryLock(lockPath: string): Promise<RefreshLock | "unwritable"> {
  try {
    await ensurePrivateDir(path.dirname(lockPath));
    const release = await lockfile.lock(lockPath, {
      realpath: false,
      lockfilePath: lockPath,
      stale: REFRESH_LOCK_STALE_MS,
      retries: 0,
      // A lock that could not be renewed (its folder gone, a long stall) may be taken over: the
      // holder's refresh goes on, and whoever took over re-reads the file before refreshing.
      onCompromised: () => undefined,
    });
    return {
      kind: "held",
      release: () => release().catch(() => undefined),
    };
  } catch (error) {
    if (errorCode(error) === "ELOCKED") return { kind: "busy" };
    if (isFolderProblem(error)) return "unwritable";
    throw error;
  }
}

/** Takes the session's refresh lock if it is free; never waits. */
export async function takeRefreshLock(locations: Locations, ref: TokenRef): Promise<RefreshLock> {
  for (const lockPath of refreshLockPaths(locations, ref)) {
    const got = await tryLock(lockPath);
    if (got !== "unwritable") return got;
  }
  return { kind: "none" };
}
