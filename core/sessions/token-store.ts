// Where a session's sign-in (access token, refresh token, client registration) is kept. By
// default in the AWS CLI's token cache, in plain text as the AWS CLI keeps it, so `aws` commands
// and `ssotray` share it. Opting in, the app keeps it encrypted by the system keychain in its own
// data folder instead: then nothing else can use it, the AWS CLI and `ssotray` included.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { removeLeftoversOf, writeFileAtomically } from "../files/atomic-write.js";
import type { Locations } from "../locations.js";
import type { SecretStoragePort } from "../platform/platform.js";
import { sha1Hex, signInMark, tokenPath, type TokenRef } from "./sign-in-file.js";
import {
  ensurePrivateDir,
  overwriteTokenInPlace,
  parseToken,
  readToken,
  removeToken,
  serializeToken,
  writeToken,
  type CachedToken,
  type TokenRead,
} from "./token-cache.js";

export interface TokenStore {
  read(ref: TokenRef): Promise<TokenRead>;
  write(ref: TokenRef, token: CachedToken): Promise<void>;
  remove(ref: TokenRef): Promise<void>;
  /** Which sign-in is stored (see sign-in-file.ts); undefined when there is none. */
  mark(ref: TokenRef): Promise<string | undefined>;
  /** A full disk's last resort (see overwriteTokenInPlace); false where it cannot be done. */
  writeInPlace?(ref: TokenRef, token: CachedToken): Promise<boolean>;
}

/** The encrypted sign-in of a session, in the app's data folder. */
export function keychainTokenPath(locations: Locations, ref: TokenRef): string {
  const key = ref.kind === "sso-session" ? `session:${ref.session}` : `url:${ref.startUrl}`;
  return path.join(locations.keychainSignIns, `${sha1Hex(key)}.bin`);
}

export const KEYCHAIN_WHY =
  "SSO Tray keeps this sign-in encrypted in the system keychain, where `ssotray` and the AWS CLI cannot use it; turn off 'Keep my sign-in in the system keychain' in SSO Tray's Settings to share it again";

/** The AWS CLI's token cache: ~/.aws/sso/cache/<sha1>.json, plain JSON, mode 0600. */
export class AwsCliTokenStore implements TokenStore {
  constructor(private readonly locations: Locations) {}

  async read(ref: TokenRef): Promise<TokenRead> {
    const read = await readToken(this.locations, ref);
    // Signed in, but in the app's keychain: say so rather than "not signed in".
    if (read.kind === "missing" && existsSync(keychainTokenPath(this.locations, ref)))
      return { ...read, why: KEYCHAIN_WHY };
    return read;
  }

  async write(ref: TokenRef, token: CachedToken): Promise<void> {
    await writeToken(this.locations, ref, token);
  }

  remove(ref: TokenRef): Promise<void> {
    return removeToken(this.locations, ref);
  }

  writeInPlace(ref: TokenRef, token: CachedToken): Promise<boolean> {
    return overwriteTokenInPlace(this.locations, ref, token);
  }

  mark(ref: TokenRef): Promise<string | undefined> {
    return signInMark(tokenPath(this.locations, ref));
  }
}

/**
 * The same JSON, encrypted with the Platform's secret storage (Electron's safeStorage: the
 * macOS Keychain, Windows DPAPI, the Secret Service or KWallet on Linux). Refuses to exist where
 * that storage does not really encrypt.
 */
export class KeychainTokenStore implements TokenStore {
  constructor(
    private readonly locations: Locations,
    private readonly secrets: SecretStoragePort,
  ) {
    const status = secrets.status();
    if (status !== "encrypted") throw new KeychainUnavailableError(status);
  }

  async read(ref: TokenRef): Promise<TokenRead> {
    const file = keychainTokenPath(this.locations, ref);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        return { kind: "missing", path: file };
      return {
        kind: "corrupt",
        path: file,
        problem: `the sign-in kept in ${file} cannot be read (${(error as Error).message})`,
      };
    }
    let text: string;
    try {
      text = this.secrets.decrypt(data);
    } catch {
      return {
        kind: "corrupt",
        path: file,
        problem:
          "the sign-in kept in the system keychain cannot be decrypted (was the keychain reset?)",
      };
    }
    return parseToken(text, file);
  }

  async write(ref: TokenRef, token: CachedToken): Promise<void> {
    const file = keychainTokenPath(this.locations, ref);
    await ensurePrivateDir(path.dirname(file));
    await writeFileAtomically(file, this.secrets.encrypt(serializeToken(token)), { mode: 0o600 });
  }

  async remove(ref: TokenRef): Promise<void> {
    const file = keychainTokenPath(this.locations, ref);
    await rm(file, { force: true });
    await removeLeftoversOf(file);
  }

  mark(ref: TokenRef): Promise<string | undefined> {
    return signInMark(keychainTokenPath(this.locations, ref));
  }
}

export class KeychainUnavailableError extends Error {
  constructor(status: string) {
    super(
      status === "basic_text"
        ? "This system has no keychain SSO Tray can use (Electron would store the sign-in with a fixed, public key), so it stays in ~/.aws/sso/cache; install and unlock a Secret Service keyring (GNOME Keyring or KWallet) and restart SSO Tray"
        : "The system keychain is not available, so the sign-in stays in ~/.aws/sso/cache",
    );
    this.name = "KeychainUnavailableError";
  }
}

/**
 * The app's store: the keychain when the user opted in (asked on every use, so a change of the
 * setting applies at once), else the AWS CLI's cache. Opted in but with the keychain unavailable
 * now (a locked or missing keyring), nothing is written in plain text: sign-ins are refused and
 * reads say why.
 */
export class ChosenTokenStore implements TokenStore {
  private readonly plain: AwsCliTokenStore;

  constructor(
    private readonly locations: Locations,
    private readonly secrets: SecretStoragePort,
    private readonly useKeychain: () => Promise<boolean>,
  ) {
    this.plain = new AwsCliTokenStore(locations);
  }

  private async chosen(): Promise<TokenStore | KeychainUnavailableError> {
    if (!(await this.useKeychain())) return this.plain;
    const status = this.secrets.status();
    return status === "encrypted"
      ? new KeychainTokenStore(this.locations, this.secrets)
      : new KeychainUnavailableError(status);
  }

  async read(ref: TokenRef): Promise<TokenRead> {
    const store = await this.chosen();
    if (!(store instanceof KeychainUnavailableError)) return store.read(ref);
    return {
      kind: "missing",
      path: keychainTokenPath(this.locations, ref),
      why: `the sign-in is kept in the system keychain, which is not available now (${store.message})`,
    };
  }

  async write(ref: TokenRef, token: CachedToken): Promise<void> {
    const store = await this.chosen();
    if (store instanceof KeychainUnavailableError) throw store;
    await store.write(ref, token);
  }

  async remove(ref: TokenRef): Promise<void> {
    // Signed out means signed out in both places, whichever is in use.
    await rm(keychainTokenPath(this.locations, ref), { force: true });
    await this.plain.remove(ref);
  }

  async mark(ref: TokenRef): Promise<string | undefined> {
    const store = await this.chosen();
    return store instanceof KeychainUnavailableError ? undefined : store.mark(ref);
  }

  async writeInPlace(ref: TokenRef, token: CachedToken): Promise<boolean> {
    // Never in plain text where the user chose the keychain.
    return (await this.chosen()) === this.plain && this.plain.writeInPlace(ref, token);
  }
}

/**
 * Moves every given sign-in from one store to the other: written to the new one first, then
 * removed from the old, so a failure part-way loses nothing.
 */
export async function moveSignIns(
  refs: readonly TokenRef[],
  from: TokenStore,
  to: TokenStore,
): Promise<number> {
  let moved = 0;
  for (const ref of refs) {
    const read = await from.read(ref);
    if (read.kind !== "ok") continue;
    await to.write(ref, read.token);
    await from.remove(ref);
    moved += 1;
  }
  return moved;
}
