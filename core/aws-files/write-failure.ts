// What a failed write of a file under ~/.aws means, in words that name the folder and the fix:
// an unwritable folder is not "another program", and a raw EACCES tells a user nothing.
import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";

const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);
const NOT_A_FOLDER = new Set(["ENOTDIR", "EEXIST"]);

export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Whether the failure is the folder's (permissions, a file in its place, a full disk). */
export function isFolderProblem(error: unknown): boolean {
  const code = errorCode(error) ?? "";
  return UNWRITABLE.has(code) || NOT_A_FOLDER.has(code) || code === "ENOSPC";
}

/**
 * Why `file` could not be written in `folder` and what to do about it, as one sentence without a
 * final full stop. `folderShown` is the folder as the user knows it (~/.aws).
 */
export function writeFailure(
  error: unknown,
  file: string,
  folder: string,
  folderShown = folder,
  done: "written" | "removed" = "written",
): string {
  const code = errorCode(error) ?? "";
  if (code === "EROFS")
    return `${folderShown} is on a read-only file system (EROFS), so ${file} cannot be ${done} there: remount it writable or point the path elsewhere`;
  if (UNWRITABLE.has(code))
    return `${folderShown} is not writable for you (${code}), so ${file} cannot be ${done}: make it writable (chmod u+w ${folder}; if it is marked immutable, chattr -i ${folder}) and try again`;
  if (NOT_A_FOLDER.has(code))
    return `${folderShown} or a folder above it (${dirname(folder)}) is a file where a folder is needed (${code}), so ${file} cannot be ${done}: move that file away and try again`;
  if (code === "ENOSPC")
    return `The disk that holds ${folderShown} is full (ENOSPC), so ${file} cannot be ${done}: free some space there (old files, caches, logs) and try again`;
  return `${done === "written" ? "Writing" : "Removing"} ${file} failed: ${(error as Error).message}`;
}

/**
 * mkdir -p with the real reason when it fails: Node's recursive mkdir reports a read-only or
 * unwritable parent as ENOENT, which would read as "a folder is missing". The first missing folder
 * is then made on its own, to get the error its parent really gives.
 */
export async function makeFolder(folder: string, mode = 0o700): Promise<void> {
  try {
    await mkdir(folder, { recursive: true, mode });
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
    let missing = folder;
    while (dirname(missing) !== missing && !(await stat(dirname(missing)).catch(() => undefined)))
      missing = dirname(missing);
    await mkdir(missing, { mode }).catch((real: unknown) => {
      throw errorCode(real) === "EEXIST" ? error : real;
    });
    await mkdir(folder, { recursive: true, mode });
  }
}
