// Locks left by a process that ended without releasing them: the config file's and the refresh
// locks beside the token cache. Each is taken over once stale (10 s without renewal), so one is a
// warning; one that is not stale is a process at work now and is left unmentioned.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { displayPath, type Locations } from "../locations.js";
import { REFRESH_LOCK_STALE_MS } from "../sessions/refresh-lock.js";
import { found, type Finding } from "./finding.js";

async function lockFolders(folder: string, suffix: string): Promise<string[]> {
  try {
    return (await readdir(folder))
      .filter((n) => n.endsWith(suffix))
      .map((n) => path.join(folder, n));
  } catch {
    return [];
  }
}

export async function checkLeftoverLocks(
  locations: Locations,
  now: () => number = Date.now,
): Promise<Finding[]> {
  const candidates = [
    ...(await lockFolders(path.dirname(locations.awsConfig), ".ssotray.lock")),
    ...(await lockFolders(locations.ssoCache, ".ssotray-refresh.lock")),
    ...(await lockFolders(locations.heldSignIns, ".ssotray-refresh.lock")),
  ];
  const out: Finding[] = [];
  for (const lock of candidates) {
    let age: number;
    try {
      age = now() - (await stat(lock)).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age <= REFRESH_LOCK_STALE_MS) continue;
    out.push(
      found(
        "locks",
        "warning",
        `A lock left by a process that ended: ${displayPath(lock, locations)} (${Math.round(age / 60_000)} min old); SSO Tray takes it over when it next needs it, and with no SSO Tray or ssotray running it may be deleted`,
      ),
    );
  }
  if (out.length === 0) out.push(found("locks", "ok", "No leftover locks"));
  return out;
}
