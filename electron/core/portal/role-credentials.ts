// Short-lived credentials for one account/role (GetRoleCredentials), reused until five minutes
// before they expire: in memory always, and for the CLI also in a 0600 file per role so that each
// `ssotray credential-process` run does not call the portal again.
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import writeFileAtomic from "write-file-atomic";
import type { RoleCredentials, RoleRef, SessionStatus } from "../../../shared/model.js";
import {
  credentialCacheFile,
  credentialCacheKey,
  isFresh,
  readCachedCredentials,
  toCacheFile,
} from "./credential-cache-file.js";
import type { SessionAccess } from "./account-directory.js";
import { checkedCredentials } from "./portal-shapes.js";
import { PortalConnections, type Env } from "./portal-connection.js";
import { portalBaseUrl } from "../aws-clients.js";
import {
  describePortalError,
  isUnauthorized,
  PortalError,
  portalRefusedSignIn,
} from "./portal-errors.js";

export interface RoleCredentialsOptions {
  env?: Env;
  sessions: SessionAccess;
  /** When set, credentials are also kept in <cacheDir>/credentials/ (the CLI). */
  cacheDir?: string;
  now?: () => number;
  connections?: PortalConnections;
}

export interface GetOptions {
  /** Ignore cached credentials and fetch new ones. */
  forceRefresh?: boolean;
}

function memoryKey(ref: RoleRef): string {
  return `${ref.session}\0${ref.accountId}\0${ref.roleName}`;
}

/** The file key: botocore keys by sso-session name, or by start URL for legacy profiles. */
export function cacheKeyFor(status: SessionStatus, ref: RoleRef): string {
  return credentialCacheKey({
    accountId: ref.accountId,
    roleName: ref.roleName,
    ...(status.source === "sso-session"
      ? { sessionName: status.name }
      : { startUrl: status.startUrl }),
  });
}

export class RoleCredentialsProvider {
  private readonly env: Env;
  private readonly sessions: SessionAccess;
  private readonly cacheDir: string | undefined;
  private readonly now: () => number;
  private readonly connections: PortalConnections;
  private readonly memory = new Map<string, RoleCredentials>();
  private readonly inFlight = new Map<string, Promise<RoleCredentials>>();

  constructor(options: RoleCredentialsOptions) {
    this.env = options.env ?? process.env;
    this.sessions = options.sessions;
    this.cacheDir = options.cacheDir;
    this.now = options.now ?? Date.now;
    this.connections = options.connections ?? new PortalConnections(this.env);
  }

  async get(ref: RoleRef, options: GetOptions = {}): Promise<RoleCredentials> {
    const key = memoryKey(ref);
    if (!options.forceRefresh) {
      const known = this.memory.get(key);
      if (known && isFresh(known, this.now())) return known;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(ref, options).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Forgets a session's credentials (all sessions when none is named), in memory and on disk. */
  async forget(session?: string): Promise<void> {
    for (const key of [...this.memory.keys()]) {
      if (session === undefined || key.startsWith(`${session}\0`)) this.memory.delete(key);
    }
    if (!this.cacheDir) return;
    const dir = path.join(this.cacheDir, "credentials");
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    await Promise.all(
      names
        .filter((n) => n.endsWith(".json"))
        .map(async (name) => {
          const file = path.join(dir, name);
          if (session !== undefined) {
            const owner = await readFile(file, "utf8")
              .then((t) => (JSON.parse(t) as { Session?: unknown }).Session)
              .catch(() => undefined);
            if (owner !== session) return;
          }
          await rm(file, { force: true });
        }),
    );
  }

  private async load(ref: RoleRef, options: GetOptions): Promise<RoleCredentials> {
    const status = await this.sessions.get(ref.session);
    if (!status) throw new PortalError(`There is no session named '${ref.session}'; add it first`);
    const file = this.cacheDir
      ? credentialCacheFile(this.cacheDir, cacheKeyFor(status, ref))
      : undefined;
    if (file && !options.forceRefresh) {
      const cached = readCachedCredentials(file, this.now());
      if (cached) {
        this.memory.set(memoryKey(ref), cached);
        return cached;
      }
    }
    const creds = await this.fetch(status, ref);
    this.memory.set(memoryKey(ref), creds);
    if (file) {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const body = {
        ...toCacheFile(creds),
        Session: ref.session,
        AccountId: ref.accountId,
        RoleName: ref.roleName,
      };
      await writeFileAtomic(file, JSON.stringify(body), { mode: 0o600 });
    }
    return creds;
  }

  private async fetch(status: SessionStatus, ref: RoleRef): Promise<RoleCredentials> {
    const { client } = this.connections.get(status.startUrl, status.region);
    const what = `getting credentials for role ${ref.roleName} in account ${ref.accountId}`;
    const endpoint = portalBaseUrl(status.region, this.env);
    let token = await this.sessions.accessToken(ref.session);
    let refreshed = false;
    for (;;) {
      try {
        const out = await client.send(
          new GetRoleCredentialsCommand({
            accessToken: token,
            accountId: ref.accountId,
            roleName: ref.roleName,
          }),
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
