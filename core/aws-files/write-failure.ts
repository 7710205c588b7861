// What a failed write of a file under ~/.aws means, in words that name the folder and the fix:
// an unwritable folder is not "another program", and a raw EACCES tells a user nothing.
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
): string {
  const code = errorCode(error) ?? "";
  if (code === "EROFS")
    return `${folderShown} is on a read-only file system (EROFS), so ${file} cannot be written there: remount it writable or point the path elsewhere`;
  if (UNWRITABLE.has(code))
    return `${folderShown} is not writable for you (${code}), so ${file} cannot be written: make it writable (chmod u+w ${folder}; if it is marked immutable, chattr -i ${folder}) and try again`;
  if (NOT_A_FOLDER.has(code))
    return `${folderShown} or a folder above it (${dirname(folder)}) is a file where a folder is needed (${code}), so ${file} cannot be written: move that file away and try again`;
  if (code === "ENOSPC")
    return `The disk that holds ${folderShown} is full (ENOSPC), so ${file} cannot be written: free some space and try again`;
  return `Writing ${file} failed: ${(error as Error).message}`;
}
