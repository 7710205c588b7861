// Reading and changing ~/.aws/config on disk without ever losing what the user wrote: edits run
// under an inter-process lock (the app and the CLI may write at once), on the freshly read text,
// are checked to parse before they are written, and are written atomically (temporary file,
// fsync, rename) to the symlink's target with the file's own mode, after one backup copy (0600).
// The file is decoded strictly as UTF-8 and the backup is a copy of its bytes, so nothing the user
// wrote is ever re-encoded. The backup of a symlinked file goes beside the link, in ~/.aws, not
// beside the target: that is often a dotfiles repository, where a stray copy would be committed.
import { constants } from "node:fs";
import { lstat, readFile, realpath, stat, readlink } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import lockfile from "proper-lockfile";
import { removeLeftoversOf, writeFileAtomically } from "../files/atomic-write.js";
import { decodeConfigBytes } from "./config-encoding.js";
import { checkConfig, parseConfig, type ConfigSection } from "./config-file.js";
import { displayPath, type Locations } from "../locations.js";
import { errorCode, isFolderProblem, makeFolder, writeFailure } from "./write-failure.js";

export const BACKUP_SUFFIX = ".ssotray.bak";

export class ConfigWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigWriteError";
  }
}

export interface ConfigSnapshot {
  path: string;
  text: string;
  sections: ConfigSection[];
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return Buffer.alloc(0);
    throw error;
  }
}

/** Reads and parses the config file; a missing file is an empty one. */
export async function readConfig(locations: Locations): Promise<ConfigSnapshot> {
  const path = locations.awsConfig;
  const shown = displayPath(path, locations);
  const text = decodeConfigBytes(await readBytes(path), shown);
  return { path, text, sections: parseConfig(text, shown) };
}

/** Follows a symlink chain to the file that really holds the text (which may not exist yet). */
async function targetOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    // A file where a folder is expected: the write below says so, naming the folder.
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return path;
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    // A dangling link: write where it points, so the link keeps working.
    try {
      const info = await lstat(path);
      if (info.isSymbolicLink()) return resolve(dirname(path), await readlink(path));
    } catch {
      // nothing there at all
    }
    return path;
  }
}

export interface UpdateResult {
  changed: boolean;
  path: string;
  before: string;
  after: string;
}

export interface UpdateOptions {
  /** Another file of the same syntax (the shared credentials file); default the config file. */
  path?: string;
  /** Always this mode, whatever the file had (0600 for a file that holds keys). */
  mode?: number;
  /**
   * Keep the previous text as <file>.ssotray.bak (default). Off for the credentials file: a copy
   * of old keys would outlive the sign-out that removes them.
   */
  backup?: boolean;
}

export async function updateConfig(
  locations: Locations,
  edit: (text: string) => string,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const path = options.path ?? locations.awsConfig;
  const shown = displayPath(path, locations);
  const target = await targetOf(path);
  const folder = dirname(target);
  const cannotWrite = (error: unknown) =>
    new ConfigWriteError(
      `${writeFailure(error, shown, folder, displayPath(folder, locations))}. Nothing was changed.`,
    );
  try {
    await makeFolder(folder, 0o700);
  } catch (error) {
    if (isFolderProblem(error)) throw cannotWrite(error);
    throw error;
  }

  const lock = (retries: number) =>
    lockfile.lock(target, {
      realpath: false,
      lockfilePath: `${target}.ssotray.lock`,
      stale: 10_000,
      retries: { retries, factor: 1.3, minTimeout: 25, maxTimeout: 500 },
    });
  let release: () => Promise<void>;
  try {
    // Once without waiting: a folder that cannot hold the lock says so at once, and only a lock
    // that another program holds is worth waiting for.
    release = await lock(0).catch((error: unknown) => {
      if (errorCode(error) === "ELOCKED") return lock(40);
      throw error;
    });
  } catch (error) {
    if (isFolderProblem(error)) throw cannotWrite(error);
    throw new ConfigWriteError(
      errorCode(error) === "ELOCKED"
        ? `${shown} is being changed by another program (lock ${target}.ssotray.lock): try again in a moment; if no other SSO Tray or ssotray is running, delete that lock folder.`
        : `Could not lock ${shown} (${target}.ssotray.lock): ${(error as Error).message}. Nothing was changed.`,
    );
  }
  try {
    // Under the lock no other write of ours is under way: a temporary file beside the file or
    // its backup is a killed write's, a whole copy of keys a sign-out may have removed since.
    for (const file of [target, `${path}${BACKUP_SUFFIX}`])
      await removeLeftoversOf(file, { legacy: false }).catch(() => undefined);
    const beforeBytes = await readBytes(target);
    const before = decodeConfigBytes(beforeBytes, shown);
    checkConfig(before, shown); // never rewrite a file the AWS CLI itself could not read
    const after = edit(before);
    if (after === before) return { changed: false, path: target, before, after };
    checkConfig(after, shown);

    let mode = options.mode ?? 0o600;
    try {
      const info = await stat(target);
      const own = info.mode & 0o777;
      mode = options.mode ?? own;
      // Root may write anywhere, so ask the mode bits rather than access(): a user who made the
      // file read-only meant it.
      if ((own & constants.S_IWUSR) === 0) {
        throw new ConfigWriteError(
          `${shown} is read-only: make it writable (chmod u+w ${target}) and try again. Nothing was changed.`,
        );
      }
    } catch (error) {
      if (error instanceof ConfigWriteError) throw error;
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }

    try {
      // The backup is 0600 whatever the file's mode: it may be read by nobody else for as long
      // as it stays, and it outlives the edits that made it.
      if (beforeBytes.length > 0 && options.backup !== false)
        await writeFileAtomically(`${path}${BACKUP_SUFFIX}`, beforeBytes, { mode: 0o600 });
      await writeFileAtomically(target, after, { mode, fsync: true });
    } catch (error) {
      throw cannotWrite(error);
    }
    return { changed: true, path: target, before, after };
  } finally {
    await release();
  }
}
