// Where a session's sign-in lives in the AWS CLI's token cache, and which sign-in it is. Node
// built-ins and our own SHA-1 only: `ssotray credential-process` asks this before it answers from
// its cache.
import type { BigIntStats } from "node:fs";
import path from "node:path";
import type { Locations } from "../locations.js";
import { sha1Hex } from "../aws-files/sha1.js";

// node:fs as CommonJS hands it out: an ESM import of it builds its whole namespace, whose lazy
// ReadStream/WriteStream getters load Node's stream modules, ~2 ms of the cached
// credential-process path, which reads two files and needs no stream. Its `promises` only when
// the async mark is asked for: the first touch loads fs/promises and with it readline's modules.
const fs = process.getBuiltinModule("node:fs");
const { statSync } = fs;

/** Which file: an sso-session's (by name) or a legacy profile's (by start URL). */
export type TokenRef =
  { kind: "sso-session"; session: string } | { kind: "legacy"; startUrl: string };

export { sha1Hex };

export function tokenFileName(ref: TokenRef): string {
  return `${sha1Hex(ref.kind === "sso-session" ? ref.session : ref.startUrl)}.json`;
}

export function tokenPath(locations: Locations, ref: TokenRef): string {
  return path.join(locations.ssoCache, tokenFileName(ref));
}

/**
 * Which sign-in a file holds, from its identity alone (one stat): every write of a token, a
 * sign-in or a refresh, by us or the AWS CLI, makes a new file and so a new mark, and a file
 * removed by a sign-out takes its mark with it. Role credentials are kept with the mark of the
 * sign-in they came from and served only while that file is still there.
 */
function markOf(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.mtimeNs}:${s.size}`;
}

export function signInMarkSync(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true, throwIfNoEntry: false });
    return s ? markOf(s) : undefined;
  } catch {
    return undefined;
  }
}

export async function signInMark(file: string): Promise<string | undefined> {
  try {
    return markOf(await fs.promises.stat(file, { bigint: true }));
  } catch {
    return undefined;
  }
}
