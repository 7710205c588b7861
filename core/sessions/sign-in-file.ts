// Where a session's sign-in lives in the AWS CLI's token cache, and which sign-in it is. Node
// built-ins only: `ssotray credential-process` asks this before it answers from its cache.
import { createHash } from "node:crypto";
import { statSync, type BigIntStats } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Locations } from "../locations.js";

/** Which file: an sso-session's (by name) or a legacy profile's (by start URL). */
export type TokenRef =
  { kind: "sso-session"; session: string } | { kind: "legacy"; startUrl: string };

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

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
    return markOf(await stat(file, { bigint: true }));
  } catch {
    return undefined;
  }
}
