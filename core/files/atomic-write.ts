// Every file SSO Tray writes goes through here: a temporary file beside it, then a rename, so a
// reader sees the old text or the new, never half of one. The temporary file is the part that can
// outlive us: a kill between its creation and the rename leaves a whole copy of what was being
// written (a token, role keys, the user's credentials file) under a name nothing reads. So it is
// created 0600 (O_EXCL, never through a link someone placed there), and named so that it is
// recognisably ours, `<file>.ssotray-<pid>-<8 hex>.tmp`, which lets the next run of any command
// and the app's start remove it (leftover-sweep.ts) without touching anything that is not ours.
//
// Imports Node built-ins only: `ssotray credential-process` sweeps with it before anything else
// is loaded.
import { randomBytes } from "node:crypto";
import { lstat, open, readdir, realpath, rename, rm } from "node:fs/promises";
import path from "node:path";

/** The temporary name of one write: `<file>.ssotray-<pid>-<8 hex>.tmp`. */
const OUR_TEMP = /\.ssotray-\d+-[0-9a-f]{8}\.tmp$/;
const OUR_TEMP_SUFFIX = /^\.ssotray-\d+-[0-9a-f]{8}\.tmp$/;

/**
 * write-file-atomic's temporary name, `<file>.<decimal>`: what earlier versions of SSO Tray left
 * when they were killed. Only ever matched after the name of a file we write.
 */
const LEGACY_TEMP_SUFFIX = /^\.\d+$/;

export function isOurTemp(name: string): boolean {
  return OUR_TEMP.test(name);
}

function tempNameFor(file: string): string {
  return `${file}.ssotray-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
}

export interface AtomicWriteOptions {
  /** The file's mode once written; 0600 unless said. The temporary file is 0600 whatever this is. */
  mode?: number;
  /** Flush to disk before the rename (default): a token must survive a power cut whole. */
  fsync?: boolean;
}

/**
 * Writes `data` to `file` atomically. A symlink is followed, so the link stays a link (as
 * write-file-atomic did); a failure removes the temporary file and rejects.
 */
export async function writeFileAtomically(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const target = await realpath(file).catch(() => file);
  const temp = tempNameFor(target);
  // A mode wider than 0600 (a 0644 ~/.aws/config) is given once the file has its own name, so
  // that a temporary file left by a kill is never readable by anyone else. Windows cannot rename
  // an open file, and ignores these bits anyway.
  const widerLater = (mode & 0o077) !== 0 && process.platform !== "win32";
  let created = false;
  let renamed = false;
  try {
    const handle = await open(temp, "wx", 0o600);
    created = true;
    try {
      await handle.writeFile(data);
      // The umask may have taken bits off: the mode is set, not left to it.
      await handle.chmod(widerLater ? 0o600 : mode);
      if (options.fsync !== false) await handle.sync();
      if (widerLater) {
        await rename(temp, target);
        renamed = true;
        await handle.chmod(mode);
      }
    } finally {
      await handle.close();
    }
    if (!renamed) await rename(temp, target);
    renamed = true;
  } catch (error) {
    if (created && !renamed) await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Whether `name`, in the folder of `file`, is a temporary file a write of `file` left: ours, and
 * with `legacy` write-file-atomic's `<file>.<number>` too. Only in folders that are ours alone:
 * in ~/.aws, `config.20240101` may be a copy the user made.
 */
export function isLeftoverOf(file: string, name: string, legacy = true): boolean {
  const base = path.basename(file);
  if (!name.startsWith(`${base}.`)) return false;
  const rest = name.slice(base.length);
  return OUR_TEMP_SUFFIX.test(rest) || (legacy && LEGACY_TEMP_SUFFIX.test(rest));
}

/**
 * Removes what cut-short writes of `file` left beside it, of any age: for callers that know no
 * write of it is under way (a sign-out, a writer holding the lock). `legacy`: see isLeftoverOf.
 */
export async function removeLeftoversOf(
  file: string,
  options: { legacy?: boolean } = {},
): Promise<string[]> {
  const dir = path.dirname(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((n) => isLeftoverOf(file, n, options.legacy ?? true))) {
    const leftover = path.join(dir, name);
    const info = await lstat(leftover).catch(() => undefined);
    if (!info?.isFile()) continue;
    await rm(leftover, { force: true });
    removed.push(leftover);
  }
  return removed;
}

/** A folder to sweep, and which names in it besides ours are leftovers of earlier versions. */
export interface SweptFolder {
  dir: string;
  legacy?: RegExp;
}

/**
 * Removes temporary files older than `minAgeMs` from the folders: every name of ours, and the
 * legacy names each folder lists. A younger one may be a write under way in another process.
 */
export async function sweepFolders(
  folders: readonly SweptFolder[],
  nowMs: number,
  minAgeMs: number,
): Promise<string[]> {
  const removed: string[] = [];
  for (const { dir, legacy } of folders) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!OUR_TEMP.test(name) && !legacy?.test(name)) continue;
      const file = path.join(dir, name);
      const info = await lstat(file).catch(() => undefined);
      if (!info?.isFile() || nowMs - info.mtimeMs < minAgeMs) continue;
      await rm(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}
