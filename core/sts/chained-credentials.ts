// Credentials for a role chained from an SSO role: the SSO role's credentials (from the portal,
// cached as ever), then sts:AssumeRole once per link of the chain, through the same network agent,
// proxy and deadlines as every other call. The result is reused like role credentials, until five
// minutes before it expires: in memory, and for the CLI in a 0600 file that names the session it
// came from, so a sign-out of that session removes it (credential-sweep.ts).
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import writeFileAtomic from "write-file-atomic";
import type { RoleCredentials, RoleRef } from "../../shared/model.js";
import type { Locations } from "../locations.js";
import { createStsClient, stsBaseUrl, type Env } from "../network/aws-clients.js";
import { isTimeoutError, stalledMessage } from "../network/network-deadline.js";
import { networkPathError } from "../network/network-path-error.js";
import { stalledRoute } from "../network/stalled-route.js";
import {
  credentialCacheFile,
  isFresh,
  readCachedCredentials,
} from "../portal/credential-cache-file.js";
import { checkedCredentials, shown } from "../portal/portal-shapes.js";
import type { CredentialSessions, RoleCredentialsProvider } from "../portal/role-credentials.js";
import { SignInNeededError } from "../sessions/session-errors.js";
import type { ChainStep, SsoProfileRole } from "../profiles/chained-profile.js";

export class AssumeRoleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AssumeRoleError";
  }
}

/** A chain as the provider needs it: where it starts and each role assumed after. */
export interface RoleChain {
  /** The profile that names the last role, for messages and the cache file. */
  name: string;
  base: SsoProfileRole;
  steps: readonly ChainStep[];
}

export interface ChainedCredentialsOptions {
  env: Env;
  locations: Locations;
  sessions: CredentialSessions;
  roles: RoleCredentialsProvider;
  /** When set, credentials are also kept in <cacheDir>/credentials/ (the CLI). */
  cacheDir?: string;
  now?: () => number;
}

/** When role_session_name is not set: like botocore's `botocore-session-<epoch seconds>`. */
function defaultSessionName(now: number): string {
  return `ssotray-session-${Math.floor(now / 1000)}`;
}

/** One file per chain: what is assumed, from which SSO role, decides it (not the profile's name). */
export function chainCacheKey(chain: RoleChain): string {
  const { session, accountId, roleName } = chain.base;
  const steps = chain.steps.map((s) => [
    s.roleArn,
    s.roleSessionName ?? "",
    s.externalId ?? "",
    s.durationSeconds ?? 0,
  ]);
  return `chain-${createHash("sha1")
    .update(JSON.stringify([session, accountId, roleName, steps]))
    .digest("hex")}`;
}

function baseRef(chain: RoleChain): RoleRef {
  return {
    session: chain.base.session,
    accountId: chain.base.accountId,
    roleName: chain.base.roleName,
  };
}

export class ChainedCredentialsProvider {
  private readonly now: () => number;
  private readonly memory = new Map<string, { creds: RoleCredentials; signIn: string }>();
  private readonly inFlight = new Map<string, Promise<RoleCredentials>>();

  constructor(private readonly options: ChainedCredentialsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** `forceRefresh`: assume the role again, whatever is cached (the SSO role's may be reused). */
  async get(chain: RoleChain, options: { forceRefresh?: boolean } = {}): Promise<RoleCredentials> {
    const key = chainCacheKey(chain);
    const memoryKey = `${chain.base.session}\0${key}`;
    const signIn = await this.options.sessions.signInMark(chain.base.session);
    if (signIn !== undefined && !options.forceRefresh) {
      const known = this.memory.get(memoryKey);
      if (known && known.signIn === signIn && isFresh(known.creds, this.now())) return known.creds;
      const file = this.file(key);
      const cached = file ? readCachedCredentials(file, this.now(), signIn) : undefined;
      if (cached) {
        this.memory.set(memoryKey, { creds: cached, signIn });
        return cached;
      }
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.load(chain, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
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

  private async load(chain: RoleChain, key: string): Promise<RoleCredentials> {
    // The SSO role's credentials come through the role provider: its cache, its sign-in checks.
    let creds = await this.options.roles.get(baseRef(chain));
    let from = `role ${chain.base.roleName} in account ${chain.base.accountId}`;
    const status = await this.options.sessions.get(chain.base.session);
    for (const step of chain.steps) {
      const region = step.region ?? chain.base.region ?? status?.region ?? "us-east-1";
      creds = await this.assume(step, creds, region, from, status?.startUrl);
      from = step.roleArn;
    }
    // Filed under the sign-in as it is now, and not at all if it is gone meanwhile.
    const after = await this.options.sessions.signInMark(chain.base.session);
    if (after === undefined) throw new SignInNeededError(chain.base.session, "it is signed out");
    this.memory.set(`${chain.base.session}\0${key}`, { creds, signIn: after });
    const file = this.file(key);
    if (file) {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(
        file,
        JSON.stringify({
          ProviderType: "assume-role",
          Session: chain.base.session,
          Profile: chain.name,
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

  private async assume(
    step: ChainStep,
    source: RoleCredentials,
    region: string,
    from: string,
    startUrl: string | undefined,
  ): Promise<RoleCredentials> {
    const { env, locations } = this.options;
    const client = createStsClient(region, env, locations, source, startUrl);
    const what = `assuming ${step.roleArn} (profile '${step.profile}') from ${from}`;
    try {
      const out = await client.send(
        new AssumeRoleCommand({
          RoleArn: step.roleArn,
          RoleSessionName: step.roleSessionName ?? defaultSessionName(this.now()),
          ...(step.externalId ? { ExternalId: step.externalId } : {}),
          ...(step.durationSeconds ? { DurationSeconds: step.durationSeconds } : {}),
        }),
      );
      const c = out.Credentials;
      // They go into shells, files and URLs as they stand: they must look like credentials.
      const checked = checkedCredentials({
        accessKeyId: c?.AccessKeyId,
        secretAccessKey: c?.SecretAccessKey,
        sessionToken: c?.SessionToken,
        expiration: c?.Expiration instanceof Date ? c.Expiration.getTime() : undefined,
      });
      if (!checked)
        throw new AssumeRoleError(
          `STS answered without credentials that look like AWS credentials while ${what}; nothing was kept. Check which endpoint answers for STS (AWS_ENDPOINT_URL_STS, a proxy)`,
        );
      return checked;
    } catch (error) {
      throw describeStsError(error, what, stsBaseUrl(region, env));
    } finally {
      client.destroy();
    }
  }
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function describeStsError(error: unknown, what: string, endpoint: string): Error {
  if (error instanceof AssumeRoleError) return error;
  const e = (error ?? {}) as SdkErrorLike;
  const path = networkPathError(error);
  if (path) return new AssumeRoleError(`${path.message} (while ${what})`, { cause: error });
  if (isTimeoutError(error))
    return new AssumeRoleError(
      stalledMessage({
        service: "STS",
        endpoint,
        doing: what,
        endpointVariable: "AWS_ENDPOINT_URL_STS",
        via: stalledRoute(error),
      }),
      { cause: error },
    );
  // STS's own words, which an endpoint could fill with escapes or lines: shown, never obeyed.
  const said = shown(e.message ?? String(error), 300);
  if (e.name === "AccessDenied" || e.$metadata?.httpStatusCode === 403)
    return new AssumeRoleError(
      `STS refused ${what}: ${said}. The role's trust policy must allow the source role, with the external id if it asks for one`,
      { cause: error },
    );
  if (e.name === "ExpiredToken" || e.name === "ExpiredTokenException")
    return new AssumeRoleError(`The source credentials had expired while ${what}; try again`, {
      cause: error,
    });
  const code = e.code ?? "";
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code))
    return new AssumeRoleError(
      `Could not reach STS at ${endpoint} (${code}) while ${what}; check your network, proxy or the profile's region`,
      { cause: error },
    );
  return new AssumeRoleError(`STS refused ${what}: ${said}`, { cause: error });
}
