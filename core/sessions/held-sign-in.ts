// A sign-in the user approved while the token cache would not take it: kept in SSO Tray's own data
// folder (0600, in a 0700 folder) rather than lost when `ssotray` exits, read back by the next
// command and moved to the token cache once that folder is writable again. Sign-out removes it.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { removeLeftoversOf, writeFileAtomically } from "../files/atomic-write.js";
import type { Locations } from "../locations.js";
import { sha1Hex, type TokenRef } from "./sign-in-file.js";
import { ensurePrivateDir, parseToken, serializeToken, type CachedToken } from "./token-cache.js";

export function heldSignInPath(locations: Locations, ref: TokenRef): string {
  const key = ref.kind === "sso-session" ? `session:${ref.session}` : `url:${ref.startUrl}`;
  return path.join(locations.heldSignIns, `${sha1Hex(key)}.json`);
}

/** Keeps the sign-in; rejects when the data folder will not take it either. */
export async function holdSignIn(
  locations: Locations,
  ref: TokenRef,
  token: CachedToken,
): Promise<string> {
  const file = heldSignInPath(locations, ref);
  await ensurePrivateDir(path.dirname(file));
  await writeFileAtomically(file, serializeToken(token), { mode: 0o600 });
  return file;
}

/** The sign-in kept for this session, if any and whole; a damaged one is as good as none. */
export async function heldSignIn(
  locations: Locations,
  ref: TokenRef,
): Promise<CachedToken | undefined> {
  const file = heldSignInPath(locations, ref);
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const read = parseToken(text, file);
  return read.kind === "ok" ? read.token : undefined;
}

/** Removes the held sign-in and any copy of it that a killed write left beside it. */
export async function releaseSignIn(locations: Locations, ref: TokenRef): Promise<void> {
  const file = heldSignInPath(locations, ref);
  await rm(file, { force: true });
  await removeLeftoversOf(file);
}
