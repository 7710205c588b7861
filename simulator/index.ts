// A local IAM Identity Center on the real wire protocols (SSO OIDC, the SSO portal, console
// federation and STS GetCallerIdentity), so the unmodified AWS SDKs, botocore, the AWS CLI and
// SSO Tray itself can be tested against it through the AWS_ENDPOINT_URL_* variables.
import type { AddressInfo } from "node:net";
import { buildDirectory, withExampleAccounts, type SimAccount } from "./directory.js";
import { hostileAccounts } from "./hostile.js";
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from "./options.js";
import { seededRandom } from "./random.js";
import { RequestLog, type RequestLogEntry } from "./request-log.js";
import { createSimulatorServer, RateLimits } from "./server.js";
import { opaque, SimulatorState } from "./state.js";
import { makeSimulatorTls } from "./tls.js";

export type {
  ApiName,
  DeviceApproval,
  HostileOptions,
  RegionOutage,
  SimulatorOptions,
  StallTarget,
} from "./options.js";
export { REGION_PATH_PREFIX } from "./options.js";
export type { RequestLogEntry } from "./request-log.js";
export type { SimAccount } from "./directory.js";

export interface SimulatorEnv {
  AWS_ENDPOINT_URL_SSO: string;
  AWS_ENDPOINT_URL_SSO_OIDC: string;
  AWS_ENDPOINT_URL_STS: string;
  AWS_ENDPOINT_URL_SIGNIN: string;
  AWS_ENDPOINT_URL_ACCOUNT_ACCESS_RUNTIME: string;
}

export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  clientId: string;
  clientSecret: string;
  registrationExpiresAt: Date;
}

export interface Simulator {
  url: string;
  /** With `tls`: the PEM file of the simulator's own certificate authority, which clients must trust. */
  caPath?: string;
  port: number;
  env: SimulatorEnv;
  startUrl: string;
  region: string;
  accounts(): ReadonlyArray<SimAccount>;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  revokeAllTokens(): void;
  /**
   * Ends every access token now, server-side, while refresh tokens keep working: a client that
   * still thinks its token good is refused (401) and must refresh it.
   */
  endAccessTokens(): void;
  /** The scopes a token's CreateToken call asked for (undefined: none, the registration's hold). */
  scopesAskedFor(accessToken: string): string[] | undefined;
  advanceTime(ms: number): void;
  setOptions(patch: Partial<SimulatorOptions>): void;
  /**
   * Takes a role away from the user in one account, or the whole account when no role is named
   * (or its last role goes), as an administrator changing assignments would.
   */
  unassign(accountId: string, roleName?: string): void;
  /** Mints a token set as a completed sign-in would, for tests that do not need a browser. */
  /** `scopes`: the registration's (default sso:account:access), which the token carries. */
  issueToken(opts?: { expiresInSeconds?: number; scopes?: string[] }): IssuedToken;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved: ResolvedOptions = resolveOptions(options);
  const directory = buildDirectory(resolved.accounts, resolved.rolesPerAccount, resolved.seed);
  const accounts = [
    ...(resolved.exampleAccounts ? withExampleAccounts(directory) : directory),
    ...hostileAccounts(resolved.hostile),
  ];
  const state = new SimulatorState();
  let offsetMs = 0;
  let url = "";
  const ctx = {
    state,
    options: resolved,
    accounts,
    accountsById: new Map(accounts.map((account) => [account.accountId, account])),
    now: () => Date.now() + offsetMs,
    url: () => url,
  };
  const log = new RequestLog(() => ctx.options.requestLogFile);
  const limits = new RateLimits();
  limits.configure(resolved.portalRateLimit, resolved.apiRateLimits);
  const tls = resolved.tls ? await makeSimulatorTls(resolved.tlsCertificate) : undefined;
  const server = createSimulatorServer(
    ctx,
    log,
    limits,
    seededRandom(resolved.seed ^ 0x5eed),
    tls && { key: tls.key, cert: tls.cert },
  );
  server.keepAliveTimeout = 5_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(resolved.port, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    await tls?.remove();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  url = `${tls ? "https" : "http"}://127.0.0.1:${port}`;

  return {
    url,
    port,
    ...(tls ? { caPath: tls.caPath } : {}),
    env: {
      AWS_ENDPOINT_URL_SSO: url,
      AWS_ENDPOINT_URL_SSO_OIDC: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_SIGNIN: `${url}/federation`,
      AWS_ENDPOINT_URL_ACCOUNT_ACCESS_RUNTIME: url,
    },
    startUrl: "https://sim-acme.awsapps.com/start",
    region: resolved.region,
    accounts: () => accounts,
    requestLog: () => log.all(),
    clearRequestLog: () => log.clear(),
    revokeAllTokens: () => {
      state.generation += 1;
    },
    scopesAskedFor: (accessToken) => state.accessTokens.get(accessToken)?.scopes,
    endAccessTokens: () => {
      for (const token of state.accessTokens.values()) token.expiresAt = ctx.now();
    },
    advanceTime: (ms) => {
      offsetMs += ms;
    },
    unassign: (accountId, roleName) => {
      const account = ctx.accountsById.get(accountId);
      if (!account) throw new Error(`The simulator has no account ${accountId}`);
      if (roleName !== undefined) account.roles = account.roles.filter((r) => r !== roleName);
      if (roleName === undefined || account.roles.length === 0) {
        ctx.accountsById.delete(accountId);
        accounts.splice(accounts.indexOf(account), 1);
      }
    },
    setOptions: (patch) => {
      const next = resolveOptions({ ...ctx.options, ...patch, accounts: resolved.accounts });
      ctx.options = next;
      if ("portalRateLimit" in patch || "apiRateLimits" in patch)
        limits.configure(next.portalRateLimit, next.apiRateLimits);
    },
    issueToken: (opts = {}) => {
      const now = ctx.now();
      const registrationExpiresAt = now + ctx.options.registrationTtlSeconds * 1000;
      const clientId = opaque("client-", 16);
      const clientSecret = opaque("secret-", 48);
      state.registrations.set(clientId, {
        clientId,
        clientSecret,
        clientName: "issued-by-test",
        scopes: opts.scopes ?? ["sso:account:access"],
        grantTypes: ["authorization_code", "refresh_token"],
        redirectUris: ["http://127.0.0.1/oauth/callback"],
        expiresAt: registrationExpiresAt,
      });
      const sessionEndsAt = now + ctx.options.sessionTtlSeconds * 1000;
      const expiresAt = now + (opts.expiresInSeconds ?? ctx.options.accessTokenTtlSeconds) * 1000;
      const accessToken = opaque("aoa", 96);
      const refreshToken = opaque("aor", 96);
      state.accessTokens.set(accessToken, {
        clientId,
        sessionEndsAt,
        generation: state.generation,
        expiresAt,
      });
      state.refreshTokens.set(refreshToken, {
        clientId,
        sessionEndsAt,
        generation: state.generation,
      });
      return {
        accessToken,
        refreshToken,
        expiresAt: new Date(expiresAt),
        clientId,
        clientSecret,
        registrationExpiresAt: new Date(registrationExpiresAt),
      };
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await tls?.remove();
    },
  };
}
