// Where SSO Tray writes, and so where a killed write may have left a temporary file: swept at
// every run of `ssotray` (but the credential_process answer from cache, which must stay as cheap
// as starting Node) and at the app's start. Only our own temporary names (atomic-write.ts), and in the folders that are ours alone
// the names write-file-atomic gave them in earlier versions, and only those older than a minute:
// a younger one may be a write under way in another process.
import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Locations } from "../locations.js";
import { sweepFolders, type SweptFolder } from "./atomic-write.js";

/** Younger temporary files may belong to a write under way in another process. */
export const LEFTOVER_MIN_AGE_MS = 60_000;

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** write-file-atomic's `<name>.<decimal>` for these names. */
function legacyOf(...names: string[]): RegExp {
  return new RegExp(`^(?:${names.map(escaped).join("|")})\\.\\d+$`);
}

const HASHED_JSON = /^[0-9a-f]{40}\.json\.\d+$/;

/** The folders our writes go to, each with the legacy names of what we write there. */
export async function sweptFolders(locations: Locations): Promise<SweptFolder[]> {
  // Only our own names beside the AWS files: `config.20240101` there may be the user's own copy,
  // and looks just like what write-file-atomic left.
  const awsFiles: SweptFolder[] = [];
  for (const file of [locations.awsConfig, locations.awsCredentials]) {
    awsFiles.push({ dir: path.dirname(file) });
    // A symlinked file is written where it points (config-store.ts): its temporary files too.
    const target = await realpath(file).catch(() => undefined);
    if (target && path.dirname(target) !== path.dirname(file))
      awsFiles.push({ dir: path.dirname(target) });
  }
  return [
    ...awsFiles,
    { dir: locations.ssoCache, legacy: HASHED_JSON },
    { dir: locations.data, legacy: legacyOf(path.basename(locations.settings)) },
    { dir: locations.keychainSignIns, legacy: /^[0-9a-f]{40}\.bin\.\d+$/ },
    { dir: locations.heldSignIns, legacy: HASHED_JSON },
    { dir: locations.cache, legacy: legacyOf(path.basename(locations.signInFailures)) },
    { dir: path.join(locations.cache, "accounts"), legacy: /^[0-9a-f]+\.json\.\d+$/ },
    { dir: path.join(locations.cache, "credentials"), legacy: HASHED_JSON },
    {
      dir: path.dirname(locations.autostartEntry),
      legacy: legacyOf(path.basename(locations.autostartEntry)),
    },
  ];
}

/** Removes what killed writes left in every folder we write to; returns the files removed. */
export async function sweepLeftovers(
  locations: Locations,
  nowMs: number = Date.now(),
  minAgeMs: number = LEFTOVER_MIN_AGE_MS,
): Promise<string[]> {
  return sweepFolders(await sweptFolders(locations), nowMs, minAgeMs);
}
