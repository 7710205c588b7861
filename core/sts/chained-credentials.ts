// Credentials for a role chained from an SSO role: the SSO role's credentials (from the portal,
// cached as ever), then sts:AssumeRole once per link of the chain, through the same network agent,
// proxy and deadlines as every other call. The result is kept like role credentials
// (kept-credentials.ts): a sign-out of the session it came from removes it.
import { createHash } from "node:crypto";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { RoleCredentials, RoleRef } from "../../shared/model.js";
import type { Locations } from "../locations.js";
import { createStsClient, sessionBaseUrl, type Env } from "../network/aws-clients.js";
import { isTimeoutError, stalledMessage } from "../network/network-deadline.js";
import { networkPathError } from "../network/network-path-error.js";
import { stalledRoute } from "../network/stalled-route.js";
import { KeptCredentials } from "../portal/kept-credentials.js";
import { checkedCredentials, shown } from "../portal/portal-shapes.js";
import type { CredentialSessions, RoleCredentialsProvider } from "../portal/role-credentials.js";
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

/**
 * Where every AssumeRole of the chain goes, as botocore sends it: its AssumeRoleProvider makes
 * each link's STS client with the region of the client being given credentials
 * (credentials.py `_get_client_creator(session, region_name)`, from the session's
 * `_last_client_region_used`), which is the profile's own `region`. Neither the source profile's
 * region nor an intermediate profile's is used; with none, the client has no region and STS's
 * global endpoint answers, us-east-1. (botocore's AWS_DEFAULT_REGION, which outranks the profile,
 * is left out: the result is cached for every process, whatever its environment.)
 */
export function assumeRoleRegion(chain: Pick<RoleChain, "steps">): string {
  return chain.steps.at(-1)?.region ?? "us-east-1";
}

export class ChainedCredentialsProvider {
  private readonly now: () => number;
  private readonly kept: KeptCredentials;

  constructor(private readonly options: ChainedCredentialsOptions) {
    this.now = options.now ?? Date.now;
    this.kept = new KeptCredentials({
      sessions: options.sessions,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      now: this.now,
    });
  }

  /** `forceRefresh`: assume the role again, whatever is cached (the SSO role's may be reused). */
  get(chain: RoleChain, options: { forceRefresh?: boolean } = {}): Promise<RoleCredentials> {
    return this.kept.get(
      {
        session: chain.base.session,
        key: chainCacheKey(chain),
        describe: { ProviderType: "assume-role", Profile: chain.name },
        fetch: () => this.load(chain),
      },
      options,
    );
  }

  /** Forgets what is in memory for a session (all when none is named); files go with the sweep. */
  forget(session?: string): void {
    this.kept.forget(session);
  }

  private async load(chain: RoleChain): Promise<RoleCredentials> {
    // The SSO role's credentials come through the role provider: its cache, its sign-in checks.
    let creds = await this.options.roles.get(baseRef(chain));
    let from = `role ${chain.base.roleName} in account ${chain.base.accountId}`;
    const status = await this.options.sessions.get(chain.base.session);
    const region = assumeRoleRegion(chain);
    for (const step of chain.steps) {
      creds = await this.assume(step, creds, region, from, status?.startUrl);
      from = step.roleArn;
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
      throw describeStsError(
        error,
        what,
        await sessionBaseUrl("sts", region, env, locations, startUrl).catch(() =>
          // The message must not fail for want of the config: name the override or nothing.
          env.AWS_ENDPOINT_URL_STS ? env.AWS_ENDPOINT_URL_STS : `STS in ${region}`,
        ),
      );
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
