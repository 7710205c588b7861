// Where a session's account list is cached: a module of its own, so that shell completion can
// find the file without loading the cache's reader and writer.
import { createHash } from "node:crypto";
import path from "node:path";

export function accountCacheFile(cacheDir: string, session: string): string {
  const hash = createHash("sha1").update(session, "utf8").digest("hex");
  return path.join(cacheDir, "accounts", `${hash}.json`);
}
