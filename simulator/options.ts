// What a simulated IAM Identity Center instance can be told to do. Defaults follow what AWS does
// where it is known (device code interval 1 s, 600 s to approve, 90-day client registrations).

import type { TlsCertificateKind } from "./tls.js";

export type ApiName =
  | "RegisterClient"
  | "StartDeviceAuthorization"
  | "CreateToken"
  | "Authorize"
  | "DeviceVerify"
  | "ListAccounts"
  | "ListAccountRoles"
  | "GetRoleCredentials"
  | "Logout"
  | "GetSigninToken"
  | "ConsoleLogin"
  | "GetCallerIdentity"
  | "AssumeRole"
  | "ListEntitledRoles"
  | "GetEntitledRoleCredentials";

export const PORTAL_APIS: ReadonlySet<ApiName> = new Set<ApiName>([
  "ListAccounts",
  "ListAccountRoles",
  "GetRoleCredentials",
  "Logout",
]);

/** A service, or a path such as "/token", whose calls are taken and never answered. */
export type StallTarget = "oidc" | "portal" | "federation" | "sts" | `/${string}`;

export type DeviceApproval = "visit" | "deny" | "never" | { afterPolls: number };

/** A portal that lies, as an endpoint override or a TLS-intercepting proxy could (hostile.ts). */
export interface HostileOptions {
  /** Accounts and roles named to break out of ~/.aws/config, a shell line or a terminal. */
  names?: boolean;
  /** Accounts whose ids are not 12 digits, one of them a command substitution. */
  badIds?: boolean;
  /** The shell command hostile values carry; default `touch /tmp/ssotray-hostile`. */
  command?: string;
  /** ListAccounts answers every page with the same next token. */
  repeatNextToken?: boolean;
  /** The first ListAccounts page holds this many made-up accounts, whatever max_result says. */
  hugePage?: number;
  /** GetRoleCredentials answers with values that are not credentials. */
  badCredentials?: boolean;
  /** StartDeviceAuthorization answers with these in place of its own code and pages. */
  devicePrompt?: { userCode?: string; verificationUri?: string; verificationUriComplete?: string };
}

export interface SimulatorOptions {
  /** Default 0: a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** 3 to 10,000; default 50. */
  accounts?: number;
  /** A number, or [min, max] for a count that varies per account; default 3. */
  rolesPerAccount?: number | [number, number];
  seed?: number;
  region?: string;
  latencyMs?: number;
  /** Calls per second shared by every portal API (AWS documents a collective 20 TPS). */
  portalRateLimit?: number;
  apiRateLimits?: Partial<Record<ApiName, number>>;
  accessTokenTtlSeconds?: number;
  /** How long a sign-in lasts: refresh tokens stop working this long after the sign-in. */
  sessionTtlSeconds?: number;
  credentialTtlSeconds?: number;
  registrationTtlSeconds?: number;
  /**
   * CreateToken with a refresh token returns a new one and cancels the old, which then gets
   * invalid_grant (default true: whether IAM Identity Center does so is not documented, so clients
   * are tested against the stricter way). False: an old refresh token works until the session ends.
   */
  singleUseRefreshTokens?: boolean;
  /**
   * Refreshes that are carried out (the refresh token used, a new one issued) but answered this
   * late: longer than a client's per-try deadline, the answer is lost to a client that gave up.
   */
  refreshAnswerDelayMs?: number;
  /** The next this many refreshes are carried out, then their connection is dropped unanswered. */
  lostRefreshAnswers?: number;
  deviceApproval?: DeviceApproval;
  deviceCodeExpiresIn?: number;
  deviceInterval?: number;
  /** Answer this many device-code polls with slow_down before anything else (to test clients). */
  deviceSlowDowns?: number;
  authorizeApproval?: "auto" | "page" | "deny";
  /** Fraction of OIDC and portal calls answered with 500 InternalServerException. */
  serverErrorRate?: number;
  /** Fraction of OIDC and portal calls whose connection is dropped without an answer. */
  dropRate?: number;
  /** Calls to these accept the connection and never answer, as a dead proxy would. */
  stall?: StallTarget[];
  requestLogFile?: string;
  /** Set at start: names and badIds shape the directory; the rest can be changed later. */
  hostile?: HostileOptions;
  /** Set at start: the accounts the documentation's examples name come first (directory.ts). */
  exampleAccounts?: boolean;
  /** Set at start: serve HTTPS with a certificate from a CA of the simulator's own (its path: `caPath`). */
  tls?: boolean;
  /** With `tls`: which server certificate to serve (simulator/tls.ts); "valid" unless a test asks. */
  tlsCertificate?: TlsCertificateKind;
  /**
   * Role ARNs that credentials this simulator issued may assume with sts:AssumeRole; `*` matches
   * any run of characters. Empty (the default): every AssumeRole is AccessDenied.
   */
  chainRoles?: string[];
  /**
   * Turns on the Account Access Runtime API for this tenant id (`aa-…`); empty (the default): every
   * call is refused as for an instance without account access manager.
   */
  accountAccessTenant?: string;
  /** How many roles the user is entitled to through account access manager; default 4. */
  entitledRoles?: number;
  /**
   * How many more entitled roles are in accounts the portal does not list (the user has no
   * permission set there); every other one without an account name. Default 0.
   */
  entitledElsewhere?: number;
  /** GetRoleCredentials answers expiresAt as an ISO 8601 string instead of epoch seconds. */
  accountAccessIsoExpiry?: boolean;
  /**
   * An Account Access Runtime that lies, as an endpoint override or an intercepting proxy could:
   * roles with ids and ARNs that are not ones (beside good ones), a page of the wrong shape, a
   * page token it gave the page before, empty pages whose tokens go round A → B → A, pages that
   * never end (full, or empty), or credentials that are not credentials.
   */
  accountAccessHostile?:
    | "bad-roles"
    | "bad-shape"
    | "repeat-token"
    | "token-cycle"
    | "endless"
    | "endless-empty"
    | "bad-credentials";
  /**
   * RegisterClient refuses the account_access:* scopes (InvalidScopeException): what an instance
   * without account access manager may do; AWS does not say whether it does.
   */
  refuseAccountAccessScopes?: boolean;
  /** Role ARNs whose trust policy asks for an ExternalId, with the one it asks for. */
  chainExternalIds?: Record<string, string>;
  /**
   * Regions of a replicated instance that are down: calls under their path prefix
   * (REGION_PATH_PREFIX) are never answered ("stall") or refused with 503 ("unavailable").
   */
  downRegions?: Record<string, RegionOutage>;
}

export type RegionOutage = "stall" | "unavailable";

/**
 * The simulator answers every region of a replicated instance on one port; a client tells it
 * which one it calls by putting `/region/{region}` in front of the API's path.
 */
export const REGION_PATH_PREFIX = "/region/";

export type ResolvedOptions = Required<
  Omit<SimulatorOptions, "portalRateLimit" | "requestLogFile" | "accountAccessHostile">
> &
  Pick<SimulatorOptions, "portalRateLimit" | "requestLogFile" | "accountAccessHostile">;

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const accounts = options.accounts ?? 50;
  if (!Number.isInteger(accounts) || accounts < 3 || accounts > 10_000) {
    throw new RangeError(`accounts must be a whole number from 3 to 10,000 (got ${accounts})`);
  }
  return {
    port: options.port ?? 0,
    accounts,
    rolesPerAccount: options.rolesPerAccount ?? 3,
    seed: options.seed ?? 1,
    region: options.region ?? "us-east-1",
    latencyMs: options.latencyMs ?? 0,
    portalRateLimit: options.portalRateLimit,
    apiRateLimits: options.apiRateLimits ?? {},
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 8 * 3600,
    credentialTtlSeconds: options.credentialTtlSeconds ?? 3600,
    registrationTtlSeconds: options.registrationTtlSeconds ?? 90 * 24 * 3600,
    singleUseRefreshTokens: options.singleUseRefreshTokens ?? true,
    refreshAnswerDelayMs: options.refreshAnswerDelayMs ?? 0,
    lostRefreshAnswers: options.lostRefreshAnswers ?? 0,
    deviceApproval: options.deviceApproval ?? { afterPolls: 1 },
    deviceCodeExpiresIn: options.deviceCodeExpiresIn ?? 600,
    deviceInterval: options.deviceInterval ?? 1,
    deviceSlowDowns: options.deviceSlowDowns ?? 0,
    authorizeApproval: options.authorizeApproval ?? "auto",
    serverErrorRate: options.serverErrorRate ?? 0,
    dropRate: options.dropRate ?? 0,
    stall: options.stall ?? [],
    requestLogFile: options.requestLogFile,
    hostile: options.hostile ?? {},
    exampleAccounts: options.exampleAccounts ?? false,
    tls: options.tls ?? false,
    tlsCertificate: options.tlsCertificate ?? "valid",
    chainRoles: options.chainRoles ?? [],
    chainExternalIds: options.chainExternalIds ?? {},
    accountAccessTenant: options.accountAccessTenant ?? "",
    entitledRoles: options.entitledRoles ?? 4,
    entitledElsewhere: options.entitledElsewhere ?? 0,
    accountAccessIsoExpiry: options.accountAccessIsoExpiry ?? false,
    ...(options.accountAccessHostile ? { accountAccessHostile: options.accountAccessHostile } : {}),
    refuseAccountAccessScopes: options.refuseAccountAccessScopes ?? false,
    downRegions: options.downRegions ?? {},
  };
}
