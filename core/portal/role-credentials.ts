// Short-lived credentials for one account/role (GetRoleCredentials), reused until five minutes
// before they expire: in memory always, and for the CLI also in a 0600 file per role so that each
// `ssotray credential-process` run does not call the portal again. Reused only while the sign-in
// they came from is still there: a sign-out anywhere ends them.
import path from "node:path";
import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import { writeFileAtomically } from "../files/atomic-write.js";
import type { RoleCredentials, RoleRef, SessionStatus } from "../../shared/model.js";
import {
  credentialCacheFile,
  sessionCredentialCacheKey,
  isFresh,
  readCachedCredentials,
  toCacheFile,
  type CachedCredentialsFile,
} from "./credential-cache-file.js";
import type { SessionAccess } from "./account-directory.js";
import { checkedCredentials } from "./portal-shapes.js";
import { PortalConnections, type Env } from "./portal-connection.js";
import { displayPath, type Locations } from "../locations.js";
import { isFolderProblem, makeFolder, writeFailure } from "../aws-files/write-failure.js";
import { removeCredentialsProfiles } from "../aws-files/credentials-profiles.js";
import { inLane } from "./rate-pacer.js";
import { sessionBaseUrl } from "../network/aws-clients.js";
import {
  removeCachedRoleCredentials,
  type AccountRolePair,
  type CredentialOwner,
} from "./credential-sweep.js";
import { SignInNeededError } from "../sessions/session-errors.js";
import {
  describePortalError,
  isUnauthorized,
  PortalError,
  portalRefusedSignIn,
} from "./portal-errors.js";

/** What credentials need of sessions besides a token: which sign-in is current, and its name. */
export interface CredentialSessions extends SessionAccess {
  signInMark(name: string): Promise<string | undefined>;
  /** Signed out for sure (see SessionManager.signedOut): its keys in ~/.aws/credentials go too. */
  signedOut?(name: string): Promise<boolean>;
  credentialOwner(name: string): Promise<CredentialOwner | undefined>;
}

export interface RoleCredentialsOptions {
  env?: Env;
  locations: Locations;
  sessions: CredentialSessions;
  /** When set, credentials are also kept in <cacheDir>/credentials/ (the CLI). */
  cacheDir?: string;
  /**
   * SSO Tray's cache folder, swept on sign-out even where this provider keeps nothing on disk
   * (the app: the CLI may have written there). Defaults to cacheDir.
   */
  sharedCacheDir?: string;
  /** The session's known account/role pairs (its cached list), whose cached credentials a sign-out removes. */
  knownPairs?: (session: string) => Promise<readonly AccountRolePair[]>;
  now?: () => number;
  connections?: PortalConnections;
  /** Told what could not be kept on disk (the answer is given all the same). */
  warn?: (message: string) => void;
}

export interface GetOptions {
  /** Ignore cached credentials and fetch new ones. */
  forceRefresh?: boolean;
}

function memoryKey(ref: RoleRef): string {
  return `${ref.session}\0${ref.accountId}\0${ref.roleName}`;
}

export class RoleCredentialsProvider {
  private readonly env: Env;
  private readonly locations: Locations;
  private readonly sessions: CredentialSessions;
  private readonly cacheDir: string | undefined;
  private readonly sharedCacheDir: string | undefined;
  private readonly knownPairs: (session: string) => Promise<readonly AccountRolePair[]>;
  private readonly now: () => number;
  private readonly connections: PortalConnections;
  private readonly warn: (message: string) => void;
  /** With the mark of the sign-in each came from. */
  private readonly memory = new Map<string, { creds: RoleCredentials; signIn: string }>();
  private readonly inFlight = new Map<string, Promise<RoleCredentials>>();

  constructor(options: RoleCredentialsOptions) {
    this.env = options.env ?? process.env;
    this.locations = options.locations;
    this.sessions = options.sessions;
    this.cacheDir = options.cacheDir;
    this.sharedCacheDir = options.sharedCacheDir ?? options.cacheDir;
    this.knownPairs = options.knownPairs ?? (async () => []);
    this.now = options.now ?? Date.now;
    this.connections = options.connections ?? new PortalConnections(this.env, this.locations);
    this.warn = options.warn ?? (() => undefined);
  }

  async get(ref: RoleRef, options: GetOptions = {}): Promise<RoleCredentials> {
    const signIn = await this.currentSignIn(ref.session);
    const key = memoryKey(ref);
    if (!options.forceRefresh) {
      const known = this.memory.get(key);
      if (known && known.signIn === signIn && isFresh(known.creds, this.now())) return known.creds;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(ref, signIn, options).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * The mark of the session's sign-in. When there is none, the session was signed out, maybe by
   * `aws sso logout` or another app: what was cached for it goes, and the caller is told to sign in.
   */
  private async currentSignIn(session: string): Promise<string> {
    const signIn = await this.sessions.signInMark(session);
    if (signIn !== undefined) return signIn;
    await this.forget(session);
    if (await this.sessions.signedOut?.(session)) await this.removeKeysOf(session);
    // Says why in the session's own words (never signed in, or kept where we cannot use it).
    await this.sessions.accessToken(session);
    const now = await this.sessions.signInMark(session); // signed in this very moment
    if (now === undefined) throw new SignInNeededError(session, "it is signed out");
    return now;
  }

  /**
   * Forgets a session's credentials (all sessions' in memory when none is named): in memory, in
   * SSO Tray's cache folder, and the AWS CLI's cached credentials for its accounts and roles.
   */
  async forget(session?: string): Promise<void> {
    for (const key of [...this.memory.keys()]) {
      if (session === undefined || key.startsWith(`${session}\0`)) this.memory.delete(key);
    }
    if (session === undefined || !this.sharedCacheDir) return;
    const owner = await this.sessions.credentialOwner(session).catch(() => undefined);
    const pairs = await this.knownPairs(session).catch(() => []);
    await removeCachedRoleCredentials({
      locations: this.locations,
      cacheDir: this.sharedCacheDir,
      session,
      ...(owner ? { owner } : {}),
      pairs,
    });
  }

  /**
   * Takes the keys written for a signed-out session out of ~/.aws/credentials: they would go on
   * working after the sign-in ended elsewhere (`aws sso logout`, a deleted token file).
   */
  private async removeKeysOf(session: string): Promise<void> {
    try {
      const ours = await removeCredentialsProfiles(this.locations, { session, dryRun: true });
      if (ours.length === 0) return;
      await removeCredentialsProfiles(this.locations, { session });
      this.warn(
        `Session '${session}' was signed out elsewhere: removed its keys from ${displayPath(this.locations.awsCredentials, this.locations)} ([${ours.join("], [")}])`,
      );
    } catch (error) {
      this.warn(
        `Session '${session}' was signed out elsewhere, but its keys are still in ${displayPath(this.locations.awsCredentials, this.locations)}: ${(error as Error).message}`,
      );
    }
  }

  private async load(ref: RoleRef, signIn: string, options: GetOptions): Promise<RoleCredentials> {
    const status = await this.sessions.get(ref.session);
    if (!status) throw new PortalError(`There is no session named '${ref.session}'; add it first`);
    const file = this.cacheDir
      ? credentialCacheFile(this.cacheDir, sessionCredentialCacheKey(status, ref))
      : undefined;
    if (file && !options.forceRefresh) {
      const cached = readCachedCredentials(file, this.now(), signIn);
      if (cached) {
        this.memory.set(memoryKey(ref), { creds: cached, signIn });
        return cached;
      }
    }
    // The cache stays filed under the session's own region; only the call may go to a replica.
    const creds = this.sessions.inRegions
      ? await this.sessions.inRegions(
          ref.session,
          `getting credentials for role ${ref.roleName} in account ${ref.accountId}`,
          (region) => this.fetch({ ...status, region }, ref),
        )
      : await this.fetch(status, ref);
    // The fetch may have refreshed the token (a new file, a new mark): file them under the
    // sign-in as it is now, and not at all if it is gone meanwhile.
    const after = await this.sessions.signInMark(ref.session);
    if (after === undefined) return creds;
    this.memory.set(memoryKey(ref), { creds, signIn: after });
    if (file) {
      const body: CachedCredentialsFile = {
        ...toCacheFile(creds),
        Session: ref.session,
        AccountId: ref.accountId,
        RoleName: ref.roleName,
        SignIn: after,
      };
      try {
        await makeFolder(path.dirname(file));
        await writeFileAtomically(file, JSON.stringify(body), { mode: 0o600 });
      } catch (error) {
        // They are in hand: a cache that will not take them costs the next run a portal call,
        // and must not cost this one its answer.
        if (!isFolderProblem(error)) throw error;
        const folder = path.dirname(file);
        this.warn(
          `The credentials were not kept for the next run: ${writeFailure(error, "the credentials cache", folder, displayPath(folder, this.locations))}`,
        );
      }
    }
    return creds;
  }

  private async fetch(status: SessionStatus, ref: RoleRef): Promise<RoleCredentials> {
    const { client } = this.connections.get(status.startUrl, status.region);
    const what = `getting credentials for role ${ref.roleName} in account ${ref.accountId}`;
    const endpoint = await sessionBaseUrl(
      "portal",
      status.region,
      this.env,
      this.locations,
      status.startUrl,
    );
    let token = await this.sessions.accessToken(ref.session);
    let refreshed = false;
    for (;;) {
      try {
        // Someone is waiting for these: ahead of a sync's background listings, same rate.
        const out = await inLane("demand", () =>
          client.send(
            new GetRoleCredentialsCommand({
              accessToken: token,
              accountId: ref.accountId,
              roleName: ref.roleName,
            }),
          ),
        );
        const c = out.roleCredentials;
        if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration) {
          throw new PortalError(
            `The portal answered without complete credentials while ${what}; try again`,
          );
        }
        // They go into shells, files and URLs as they stand: they must look like credentials.
        const checked = checkedCredentials(c);
        if (!checked) {
          throw new PortalError(
            `The portal answered with credentials that do not look like AWS credentials while ${what}; nothing was kept. Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy)`,
          );
        }
        return checked;
      } catch (error) {
        if (isUnauthorized(error) && !refreshed) {
          refreshed = true;
          const fresh = await this.sessions.accessToken(ref.session, { forceRefresh: true });
          if (fresh === token) throw portalRefusedSignIn(ref.session, error);
          token = fresh;
          continue;
        }
        if (isUnauthorized(error)) throw portalRefusedSignIn(ref.session, error);
        if ((error as { name?: string }).name === "ForbiddenException") {
          throw new PortalError(
            `You are not assigned role ${ref.roleName} in account ${ref.accountId}`,
            {
              cause: error,
            },
          );
        }
        throw describePortalError(error, what, endpoint);
      }
    }
  }
}
