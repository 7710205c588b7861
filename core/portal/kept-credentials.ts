// Credentials SSO Tray fetched for a role other than by the portal (a chained role's AssumeRole,
// an entitled role's GetRoleCredentials), reused like role credentials until five minutes before
// they expire: in memory, and for the CLI in a 0600 file that names the session it came from and
// the sign-in it was fetched under, so a sign-out of that session removes it (credential-sweep.ts)
// and a new sign-in never serves what an earlier one fetched. Callers asking at once share a fetch.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { RoleCredentials } from "../../shared/model.js";
import { writeFileAtomically } from "../files/atomic-write.js";
import { SignInNeededError } from "../sessions/session-errors.js";
import { credentialCacheFile, isFresh, readCachedCredentials } from "./credential-cache-file.js";

/** The ProviderType of an entitled role's kept credentials. */
export const ENTITLED_PROVIDER = "account-access";

export interface KeptCredentialsOptions {
  sessions: { signInMark(session: string): Promise<string | undefined> };
  /** When set, credentials are also kept in <cacheDir>/credentials/ (the CLI). */
  cacheDir?: string;
  now?: () => number;
}

export interface KeptFetch {
  session: string;
  /** The cache file's name: what decides the credentials, never a name the user chose. */
  key: string;
  /** What else the file records (ProviderType, the profile or ARN), for a reader of the folder. */
  describe: Record<string, string>;
  fetch: () => Promise<RoleCredentials>;
}

export class KeptCredentials {
  private readonly now: () => number;
  private readonly memory = new Map<string, { creds: RoleCredentials; signIn: string }>();
  private readonly inFlight = new Map<string, Promise<RoleCredentials>>();

  constructor(private readonly options: KeptCredentialsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** `forceRefresh`: fetch again, whatever is kept. */
  async get(
    request: KeptFetch,
    options: { forceRefresh?: boolean } = {},
  ): Promise<RoleCredentials> {
    const memoryKey = `${request.session}\0${request.key}`;
    const signIn = await this.options.sessions.signInMark(request.session);
    if (signIn !== undefined && !options.forceRefresh) {
      const known = this.memory.get(memoryKey);
      if (known && known.signIn === signIn && isFresh(known.creds, this.now())) return known.creds;
      const file = this.file(request.key);
      const cached = file ? readCachedCredentials(file, this.now(), signIn) : undefined;
      if (cached) {
        this.memory.set(memoryKey, { creds: cached, signIn });
        return cached;
      }
    }
    let pending = this.inFlight.get(memoryKey);
    if (!pending) {
      pending = this.load(request, memoryKey).finally(() => this.inFlight.delete(memoryKey));
      this.inFlight.set(memoryKey, pending);
    }
    return pending;
  }

  /** Forgets what is in memory for a session (all when none is named); files go with the sweep. */
  forget(session?: string): void {
    for (const key of [...this.memory.keys()])
      if (session === undefined || key.startsWith(`${session}\0`)) this.memory.delete(key);
  }

  private file(key: string): string | undefined {
    return this.options.cacheDir ? credentialCacheFile(this.options.cacheDir, key) : undefined;
  }

  private async load(request: KeptFetch, memoryKey: string): Promise<RoleCredentials> {
    const creds = await request.fetch();
    // Filed under the sign-in as it is now, and not at all if it is gone meanwhile.
    const after = await this.options.sessions.signInMark(request.session);
    if (after === undefined) throw new SignInNeededError(request.session, "it is signed out");
    this.memory.set(memoryKey, { creds, signIn: after });
    const file = this.file(request.key);
    if (file) {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomically(
        file,
        JSON.stringify({
          ...request.describe,
          Session: request.session,
          SignIn: after,
          Credentials: {
            AccessKeyId: creds.accessKeyId,
            SecretAccessKey: creds.secretAccessKey,
            SessionToken: creds.sessionToken,
            Expiration: creds.expiration,
          },
        }),
        { mode: 0o600 },
      );
    }
    return creds;
  }
}
