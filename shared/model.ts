// Domain types shared by the main process, the CLI and the renderer. Plain data only: anything
// here crosses IPC, so it must survive structured cloning and never holds an SSO token.
import type { ProxyMode } from "./proxy-url.js";
import { DEFAULT_CONSOLE_BROWSERS, type ConsoleBrowserSettings } from "./console-browser.js";

/** Where a session came from in ~/.aws/config. */
export type SessionSource = "sso-session" | "legacy-profile";

/**
 * - signed-in: a valid access token is cached (or can be refreshed silently)
 * - expiring: signed in, but the session ends within the warning window and cannot be refreshed past it
 * - sign-in-needed: the token has expired or was revoked and refresh is impossible
 * - signed-out: no token cached
 */
export type SessionState = "signed-in" | "expiring" | "sign-in-needed" | "signed-out";

export interface SessionStatus {
  /** The sso-session name, or for a legacy profile the profile name. Unique. */
  name: string;
  startUrl: string;
  region: string;
  source: SessionSource;
  state: SessionState;
  /** When the cached access token expires (ISO 8601), if any. */
  expiresAt?: string;
  /** Whether a refresh token and an unexpired client registration are cached. */
  canRefresh: boolean;
  /** A short, user-facing explanation when state is sign-in-needed (e.g. "The token was revoked"). */
  problem?: string;
  /**
   * The account access manager tenant (aa-…) whose entitled roles the session lists beside its
   * permission sets; kept in SSO Tray's data folder, since ~/.aws/config has no key for it.
   */
  accountAccessTenant?: string;
}

export interface AccountInfo {
  accountId: string;
  accountName: string;
  emailAddress: string;
}

/** One row of the list: an account/role pair in one session. */
export interface AccountRole {
  session: string;
  accountId: string;
  accountName: string;
  emailAddress: string;
  roleName: string;
}

export interface SyncProgress {
  /** Accounts whose roles are all in. */
  done: number;
  /** Accounts listed so far (the final total once listing is complete). */
  total: number;
  /** True while the account list itself is still arriving (the total will grow). */
  listing?: boolean;
}

export type Account = AccountInfo & {
  roles: string[];
  /** Listed, but its roles have not arrived yet (`roles` is empty until they do). */
  rolesPending?: boolean;
  /**
   * Roles the previous list had that the portal no longer lists: shown marked until the next
   * sync, so a role in use does not vanish without a word. An account the portal no longer lists
   * at all keeps all its roles here and none in `roles`.
   */
  goneRoles?: string[];
};

export interface SessionAccounts {
  session: string;
  /** In the order of shared/account-order.ts. */
  accounts: Account[];
  /**
   * Which published version of the list this is: `accountsChanged` events name the revision they
   * apply to. Lists read straight from the cache have none.
   */
  revision?: number;
  /** True only when every account's roles are in. */
  complete: boolean;
  /** When the last complete sync finished (ISO 8601), if ever. */
  syncedAt?: string;
  syncing: boolean;
  progress?: SyncProgress;
  /** The last sync's failure, in words a user can act on. */
  error?: string;
}

/**
 * What changed in one session's list between two revisions: a sync in progress sends this once a
 * second instead of the whole list. Apply it only to the list at revision `base`.
 */
export interface AccountsDelta {
  session: string;
  base: number;
  revision: number;
  /** Accounts that are new or changed since `base`, whole. */
  upserted: Account[];
  /** Ids of the accounts gone since `base`. */
  removed: string[];
  complete: boolean;
  syncedAt?: string;
  syncing: boolean;
  progress?: SyncProgress;
  error?: string;
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601 */
  expiration: string;
}

export const CREDENTIAL_FORMATS = [
  "bash",
  "zsh",
  "fish",
  "powershell",
  "cmd",
  "dotenv",
  "json",
] as const;
export type CredentialFormat = (typeof CREDENTIAL_FORMATS)[number];

/** Identifies one account/role pair in one session. */
export interface RoleRef {
  session: string;
  accountId: string;
  roleName: string;
  /**
   * A role chained from one of the session's roles: the ~/.aws/config profile (role_arn +
   * source_profile) that names it; accountId and roleName are then the chained role's.
   */
  profile?: string;
  /**
   * A role account access manager entitles the user to (not a permission set): its ARN, from
   * which accountId and roleName come.
   */
  roleArn?: string;
}

/** A role an account access manager entitlement gives the user, listed by its tenant. */
export interface EntitledRole {
  session: string;
  accountId: string;
  /** As the API named the account; absent when it could not (the portal's list may know it). */
  accountName?: string;
  roleArn: string;
  /** The last part of the ARN: the API has no role name of its own. */
  roleName: string;
}

/** A role chained from a permission-set role by a profile in ~/.aws/config. */
export interface ChainedRole {
  profile: string;
  roleArn: string;
  /** The chained role's account and name (from its ARN). */
  accountId: string;
  roleName: string;
  /** The permission-set role it is assumed from (through any chained profiles in between). */
  source: RoleRef;
}

/** What an account is for, as its tag in the list says; production stands out. */
export const ENVIRONMENTS = ["prod", "staging", "dev", "sandbox"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface AccountDecoration {
  alias?: string;
  /** A CSS colour name or #rrggbb */
  color?: string;
  /** The user's word on the account's environment, over whatever its name says. */
  environment?: Environment;
}

export interface Settings {
  /** Region for the console and for credentials' AWS_REGION; undefined = the session's region. */
  defaultRegion?: string;
  /** Seconds after which copied secrets are cleared from the clipboard (if still there); 0 = never. */
  clipboardClearSeconds: number;
  startAtLogin: boolean;
  /** Electron accelerator, e.g. "CommandOrControl+Shift+A"; empty = none. */
  globalShortcut: string;
  defaultFormat: CredentialFormat;
  favorites: RoleRef[];
  recent: RoleRef[];
  /** Keyed by account id. */
  accounts: Record<string, AccountDecoration>;
  theme: "system" | "light" | "dark";
  /** Minutes before a session ends at which the user is warned. */
  expiryWarningMinutes: number;
  /**
   * Keep sign-ins encrypted by the system keychain in the app's data folder instead of the AWS
   * CLI's token cache (which `ssotray` and the AWS CLI then cannot use).
   */
  keepSignInInKeychain: boolean;
  /**
   * How calls to AWS reach it: through the proxy the environment names (HTTPS_PROXY, NO_PROXY…),
   * directly, or through `proxyUrl`. The browser has proxy settings of its own.
   */
  proxyMode: ProxyMode;
  /** For proxyMode "url": http(s)://[user:password@]host:port */
  proxyUrl: string;
  /** Where consoles open: per session, and by rules on account names (shared/console-browser.ts). */
  consoleBrowsers: ConsoleBrowserSettings;
  /**
   * Hours a cached account list stays good enough for `ssotray` to find an account by name in it;
   * older, the command lists the accounts again first. 0: always list them.
   */
  accountListFreshHours: number;
  /** Look for a new release at start and every few hours (the installed app only). */
  checkForUpdates: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: 60,
  startAtLogin: false,
  globalShortcut: "CommandOrControl+Shift+A",
  defaultFormat: "bash",
  favorites: [],
  recent: [],
  accounts: {},
  theme: "system",
  expiryWarningMinutes: 15,
  keepSignInInKeychain: false,
  proxyMode: "environment",
  proxyUrl: "",
  consoleBrowsers: DEFAULT_CONSOLE_BROWSERS,
  accountListFreshHours: 24,
  checkForUpdates: true,
};

/** What the user must do to finish a sign-in that is under way. */
export type SignInPrompt = (
  | { kind: "browser"; session: string; url: string }
  | {
      kind: "device";
      session: string;
      userCode: string;
      verificationUri: string;
      verificationUriComplete: string;
      /** ISO 8601: when the code stops working. */
      expiresAt: string;
    }
) & {
  /** When SSO Tray's calls go through a proxy: that the browser uses its own settings. */
  proxyNote?: string;
};

export type SignInMethod = "browser" | "device";
