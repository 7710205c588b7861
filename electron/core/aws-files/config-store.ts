// Reading and changing ~/.aws/config on disk without ever losing what the user wrote: edits run
// under an inter-process lock (the app and the CLI may write at once), on the freshly read text,
// are checked to parse before they are written, and are written atomically (temporary file,
// fsync, rename) to the symlink's target with the file's own mode, after one backup copy.
import { constants } from "node:fs";
import { lstat, mkdir, readFile, realpath, stat, readlink } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import lockfile from "proper-lockfile";
import writeFileAtomic from "write-file-atomic";
import { parseConfig, type ConfigSection } from "./config-file.js";
import { configPath, displayPath, type Env } from "./paths.js";

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

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}

/** Reads and parses the config file; a missing file is an empty one. */
export async function readConfig(env: Env): Promise<ConfigSnapshot> {
  const path = configPath(env);
  const text = await readText(path);
  return { path, text, sections: parseConfig(text, displayPath(path, env)) };
}

/** Follows a symlink chain to the file that really holds the text (which may not exist yet). */
async function targetOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
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
  env: Env,
  edit: (text: string) => string,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const path = options.path ?? configPath(env);
  const shown = displayPath(path, env);
  const target = await targetOf(path);
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });

  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      lockfilePath: `${target}.ssotray.lock`,
      stale: 10_000,
      retries: { retries: 40, factor: 1.3, minTimeout: 25, maxTimeout: 500 },
    });
  } catch (error) {
    throw new ConfigWriteError(
      `${shown} is being changed by another program (lock ${target}.ssotray.lock): try again in a moment. (${(error as Error).message})`,
    );
  }
  try {
    const before = await readText(target);
    parseConfig(before, shown); // never rewrite a file the AWS CLI itself could not read
    const after = edit(before);
    if (after === before) return { changed: false, path: target, before, after };
    parseConfig(after, shown);

    let mode = options.mode ?? 0o600;
    try {
      const info = await stat(target);
      const own = info.mode & 0o777;
      mode = options.mode ?? own;
      // Root may write anywhere, so ask the mode bits rather than access(): a user who made the
      // file read-only meant it.
      if ((own & constants.S_IWUSR) === 0) {
        throw new ConfigWriteError(
          `${shown} is read-only: make it writable (chmod u+w ${target}) or use --dry-run to see the change.`,
        );
      }
    } catch (error) {
      if (error instanceof ConfigWriteError) throw error;
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }

    try {
      if (before !== "" && options.backup !== false)
        await writeFileAtomic(`${target}${BACKUP_SUFFIX}`, before, { mode });
      await writeFileAtomic(target, after, { mode, fsync: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigWriteError(
        code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? `Cannot write ${shown} (${code}): check the permissions of ${dirname(target)}. Nothing was changed.`
          : `Writing ${shown} failed: ${(error as Error).message}. Nothing was changed.`,
      );
    }
    return { changed: true, path: target, before, after };
  } finally {
    await release();
  }
}
