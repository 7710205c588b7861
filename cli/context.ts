// What the commands share: one SessionManager, account directory and credential provider per
// run, created on first use, all rooted in the same env and the same locations, resolved once at
// the entry (so tests can point HOME elsewhere).
import { accountRolePairs } from "../shared/pairs.js";
import type { Locations } from "../core/locations.js";
import { AccountDirectory } from "../core/portal/account-directory.js";
import { PortalConnections } from "../core/portal/portal-connection.js";
import { RoleCredentialsProvider } from "../core/portal/role-credentials.js";
import { SessionManager } from "../core/sessions/session-manager.js";
import { setProxyChoice } from "../core/network/network-agent.js";
import type { ProxyChoice } from "../core/network/proxy-for-url.js";
import { loadSettings, proxyChoiceOf } from "../core/settings/settings-store.js";
import type {
  Account,
  AccountRole,
  EntitledRole,
  RoleRef,
  SessionAccounts,
  SessionStatus,
  SyncProgress,
} from "../shared/model.js";
import type { ConsoleBrowser } from "../shared/console-browser.js";
import { syncProgressText } from "../shared/sync-progress-text.js";
import { openConsoleLink, openSignInPage } from "./open-browser.js";
import { compareAccounts } from "../shared/account-order.js";
import {
  NO_SESSION,
  resolveAccount,
  resolveRole,
  resolveSessionName,
  UnknownAccountError,
} from "./resolve.js";
import type { RoleCredentials } from "../shared/model.js";
import { readConfig } from "../core/aws-files/config-store.js";
import { displayPath } from "../core/locations.js";
import {
  ProfileError,
  profileNameSchema,
  resolveProfile,
  type ResolvedProfile,
} from "../core/profiles/chained-profile.js";
import { ChainedCredentialsProvider } from "../core/sts/chained-credentials.js";
import { stat } from "node:fs/promises";
import {
  entitledCacheFile,
  EntitledRoles,
  NoTenantError,
  withAccountNames,
} from "../core/account-access/entitled-roles.js";
import { ROLE_ARN_SHAPE, roleArnSchema } from "../shared/api.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import { terminalPaint, type Paint } from "./terminal-colour.js";
import { didYouMean } from "./near-names.js";
import { warnOnce, withProgressLine, type Io } from "./terminal-io.js";

export type Env = Record<string, string | undefined>;

/** A session's account/role pairs, with what profiles for it need to know. */
export interface SessionPairs {
  session: string;
  region: string;
  startUrl: string;
  source: SessionStatus["source"];
  pairs: AccountRole[];
  /**
   * The roles its account access tenant entitles it to (none without a tenant); undefined when
   * they could not be listed (profiles written for them before then stay).
   */
  entitled: EntitledRole[] | undefined;
}

/** How a command names its role: --account and --role (with --session), --profile or --role-arn. */
export interface TargetOptions {
  account?: string;
  role?: string;
  session?: string;
  refresh?: boolean;
  profile?: string;
  /** A role the session's account access tenant entitles it to. */
  roleArn?: string;
}

/** The role a command acts as, however it was named, and how to get its credentials. */
export interface RoleTarget {
  session: SessionStatus;
  /** The account the credentials are for. */
  accountId: string;
  /** The role's name (of a chained role: the last part of its ARN). */
  roleName: string;
  accountName?: string;
  /** A permission-set role the portal lists (the portal's shortcut link opens only these). */
  ref?: RoleRef;
  /** A chained profile's name. */
  chainedProfile?: string;
  /** An entitled role's ARN (account access manager). */
  roleArn?: string;
  /** The profile's own region, when the role was named by a profile that has one. */
  region?: string;
  credentials(options?: { forceRefresh?: boolean }): Promise<RoleCredentials>;
}

export class CliContext {
  readonly cacheDir: string;
  private sessionManager: SessionManager | undefined;
  private directory: AccountDirectory | undefined;
  private credentials: RoleCredentialsProvider | undefined;
  private chained: ChainedCredentialsProvider | undefined;
  private entitled: EntitledRoles | undefined;
  private readonly connections: PortalConnections;
  /** Colour for each stream, or none (terminal-colour.ts). */
  readonly paint: { stdout: Paint; stderr: Paint };
  /** A warning on stderr, once per run (terminal-io.ts). */
  readonly warn: (message: string) => void;
  /** Replaced by `login --no-browser`: print the URL instead of opening it. */
  browser: (url: string) => Promise<void>;
  /** Opens a console link where the user chose; rejects when no browser opened it. */
  openConsole: (
    choice: ConsoleBrowser,
    url: string,
    options?: { secret?: boolean },
  ) => Promise<void>;

  constructor(
    readonly env: Env,
    readonly io: Io,
    readonly locations: Locations,
  ) {
    this.cacheDir = locations.cache;
    this.paint = terminalPaint(env, io);
    this.warn = warnOnce(io, this.paint.stderr);
    // The proxy chosen in the app's Settings holds for `ssotray` too (read once, at the first connection).
    let choice: Promise<ProxyChoice> | undefined;
    setProxyChoice(
      env,
      () =>
        (choice ??= loadSettings(locations)
          .then(proxyChoiceOf)
          .catch((): ProxyChoice => ({ mode: "environment" }))),
    );
    this.connections = new PortalConnections(env, locations);
    // Both through a one-time loopback address rather than as themselves (open-browser.ts).
    this.browser = (url) => openSignInPage(url, env);
    this.openConsole = (choice, url, options) => openConsoleLink(choice, url, env, options);
  }

  get sessions(): SessionManager {
    this.sessionManager ??= new SessionManager({
      env: this.env,
      locations: this.locations,
      openBrowser: (url: string) => this.browser(url),
      warn: (message: string) => this.warn(message),
    });
    return this.sessionManager;
  }

  get accounts(): AccountDirectory {
    this.directory ??= new AccountDirectory({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      cacheDir: this.cacheDir,
      connections: this.connections,
      warn: (message) => this.warn(message),
    });
    return this.directory;
  }

  get roleCredentials(): RoleCredentialsProvider {
    this.credentials ??= new RoleCredentialsProvider({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      cacheDir: this.cacheDir,
      connections: this.connections,
      knownPairs: async (session) => {
        const list = await this.accounts.cached(session);
        return list ? accountRolePairs(list) : [];
      },
      warn: (message) => this.warn(message),
    });
    return this.credentials;
  }

  get chainedCredentials(): ChainedCredentialsProvider {
    this.chained ??= new ChainedCredentialsProvider({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      roles: this.roleCredentials,
      cacheDir: this.cacheDir,
    });
    return this.chained;
  }

  get entitledRoles(): EntitledRoles {
    this.entitled ??= new EntitledRoles({
      env: this.env,
      locations: this.locations,
      sessions: this.sessions,
      // Kept in a 0600 file like role credentials, so credential-process answers from it.
      credentialCacheDir: this.cacheDir,
      warn: (message) => this.warn(message),
    });
    return this.entitled;
  }

  /** The profile named by --profile, as SSO Tray can use it (an SSO role, or a chain from one). */
  async profile(name: string): Promise<ResolvedProfile> {
    const parsed = profileNameSchema.safeParse(name);
    if (!parsed.success)
      throw new CliError(
        `--profile: ${parsed.error.issues[0]?.message ?? "not valid"}`,
        EXIT_USAGE,
      );
    const { sections } = await readConfig(this.locations);
    const profiles = sections.filter((s) => s.kind === "profile" || s.kind === "default");
    if (!profiles.some((s) => s.name === name))
      throw new CliError(
        `There is no profile named '${name}' in ${displayPath(this.locations.awsConfig, this.locations)}${didYouMean(name, [...new Set(profiles.map((s) => s.name))])}`,
        EXIT_USAGE,
      );
    try {
      return resolveProfile(sections, name, displayPath(this.locations.awsConfig, this.locations));
    } catch (error) {
      if (error instanceof ProfileError) throw new CliError(error.message, EXIT_USAGE);
      throw error;
    }
  }

  /** The role a command names: by --profile, else by --account and --role. */
  async target(options: TargetOptions): Promise<RoleTarget> {
    if (options.roleArn !== undefined) return this.entitledTarget(options.roleArn, options);
    if (options.profile !== undefined) {
      if (
        options.account !== undefined ||
        options.role !== undefined ||
        options.session !== undefined
      )
        throw new CliError(
          "--profile names the role by itself: leave out --account, --role and --session",
          EXIT_USAGE,
        );
      const resolved = await this.profile(options.profile);
      if (resolved.kind === "sso") {
        const { role } = resolved;
        const session = await this.session(role.session);
        const ref = { session: session.name, accountId: role.accountId, roleName: role.roleName };
        return {
          session,
          accountId: ref.accountId,
          roleName: ref.roleName,
          ref,
          ...(resolved.region ? { region: resolved.region } : {}),
          credentials: (o) => this.roleCredentials.get(ref, o),
        };
      }
      const session = await this.session(resolved.base.session);
      const last = resolved.steps.at(-1)!;
      const [, accountId, roleName] = /:(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(last.roleArn)!;
      return {
        session,
        accountId: accountId!,
        roleName: roleName!,
        chainedProfile: resolved.name,
        ...(resolved.region ? { region: resolved.region } : {}),
        credentials: (o) => this.chainedCredentials.get(resolved, o),
      };
    }
    if (options.account === undefined || options.role === undefined)
      throw new CliError(
        "Name the role: --account and --role (with --session when there are several), or --profile (or --role-arn for an account access entitlement)",
        EXIT_USAGE,
      );
    const session = await this.session(options.session);
    const resolved = await this.resolveRole(session.name, options.account, options.role, {
      refresh: options.refresh,
    });
    const ref = {
      session: session.name,
      accountId: resolved.accountId,
      roleName: resolved.roleName,
    };
    return {
      session,
      accountId: ref.accountId,
      roleName: ref.roleName,
      ...(resolved.accountName !== undefined ? { accountName: resolved.accountName } : {}),
      ref,
      credentials: (o) => this.roleCredentials.get(ref, o),
    };
  }

  /** An entitled role, by its ARN, in the session --session names or the only one with a tenant. */
  private async entitledTarget(roleArn: string, options: TargetOptions): Promise<RoleTarget> {
    if (
      options.account !== undefined ||
      options.role !== undefined ||
      options.profile !== undefined
    )
      throw new CliError(
        "--role-arn names the role by itself: leave out --account, --role and --profile (--session picks the session)",
        EXIT_USAGE,
      );
    const parsed = roleArnSchema.safeParse(roleArn);
    if (!parsed.success)
      throw new CliError(
        `--role-arn: ${parsed.error.issues[0]?.message ?? "not a role ARN"}`,
        EXIT_USAGE,
      );
    const arn = parsed.data;
    const session = await this.entitledSession(options.session);
    const [, accountId, roleName] = ROLE_ARN_SHAPE.exec(arn)!;
    // The name is for console rules only: what the last listing said, if anything.
    const known = (await this.entitledRoles.cached(session).catch(() => undefined))?.find(
      (r) => r.roleArn === arn,
    );
    return {
      session,
      accountId: accountId!,
      roleName: roleName!,
      roleArn: arn,
      ...(known?.accountName !== undefined ? { accountName: known.accountName } : {}),
      credentials: (o) =>
        this.entitledRoles.credentials({ session: session.name, roleArn: arn }, o),
    };
  }

  /**
   * The session an entitled role is in: the one named (which must have a tenant), else the only
   * session that names a tenant.
   */
  async entitledSession(requested?: string): Promise<SessionStatus> {
    const all = await this.sessions.list();
    // One without a tenant is refused where its credentials are asked for (NoTenantError).
    if (requested !== undefined) return resolveSessionName(all, requested);
    const withTenant = all.filter((s) => s.accountAccessTenant !== undefined);
    if (withTenant.length === 1) return withTenant[0]!;
    if (withTenant.length > 1)
      throw new CliError(
        `Sessions ${withTenant.map((s) => s.name).join(", ")} name account access tenants; choose one with --session`,
        EXIT_USAGE,
      );
    if (all.length === 0) throw new CliError(NO_SESSION);
    if (all.length === 1) throw new NoTenantError(all[0]!.name);
    throw new CliError(
      `No session names an account access tenant (sessions: ${all.map((s) => s.name).join(", ")}); name one with \`ssotray login --session NAME --tenant-id aa-…\``,
    );
  }

  /**
   * The session's entitled roles (none without a tenant): the last listing while it is younger
   * than accountListFreshHours, else listed now (and with `refresh`); an account the API left
   * unnamed takes its name from `list`. A listing that fails is a warning (the permission-set
   * roles are still worth having) and gives the last listing, or undefined when there is none.
   */
  async entitledList(
    session: SessionStatus,
    options: { refresh?: boolean; list?: SessionAccounts } = {},
  ): Promise<EntitledRole[] | undefined> {
    if (session.accountAccessTenant === undefined) return [];
    const cached = () => this.entitledRoles.cached(session).catch(() => undefined);
    let roles =
      options.refresh || !(await this.entitledFresh(session.name)) ? undefined : await cached();
    if (!roles) {
      try {
        roles = await this.entitledRoles.list(session.name);
      } catch (error) {
        this.warn(
          `The entitled roles of session '${session.name}' were not listed: ${error instanceof Error ? error.message : String(error)}`,
        );
        roles = await cached();
        if (!roles) return undefined;
      }
    }
    return withAccountNames(roles, options.list?.accounts);
  }

  /** Whether the session's entitled roles were listed within accountListFreshHours. */
  private async entitledFresh(session: string): Promise<boolean> {
    const written = await stat(entitledCacheFile(this.cacheDir, session)).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    return written !== undefined && (await this.listedRecently(written));
  }

  /** Whether a list made at `listedAt` (ms) is within the freshness setting (accountListFreshHours). */
  private async listedRecently(listedAt: number): Promise<boolean> {
    const { accountListFreshHours } = await loadSettings(this.locations, (m) => this.warn(m));
    return Date.now() - listedAt <= accountListFreshHours * 3_600_000;
  }

  async session(requested?: string): Promise<SessionStatus> {
    return resolveSessionName(await this.sessions.list(), requested);
  }

  /** The session's complete account list: from the cache when complete, else a sync. */
  async accountList(
    session: string,
    options: { refresh?: boolean } = {},
  ): Promise<SessionAccounts> {
    if (!options.refresh) {
      const cached = await this.accounts.cached(session);
      // A list a lookup kept is in the portal's order; a sync's is by name: print one order.
      if (cached?.complete)
        return { ...cached, accounts: [...cached.accounts].sort(compareAccounts) };
    }
    // The progress line needs counts only: asking for the list would sort it on every change.
    return withProgressLine(this.io, (draw) =>
      this.accounts.sync(session, {
        onCount: draw && ((p: SyncProgress) => draw(syncProgressText(p))),
      }),
    );
  }

  /**
   * An account/role pair, with as few portal calls as will do. A 12-digit id needs no list (the
   * portal says if the role is not there). A name is looked up in the cached list while it is
   * fresh (settings' accountListFreshHours) and `refresh` is not asked for: a typo is answered
   * from it at once with the closest names. A name it does not have at all, a stale list or none
   * sends the command to the portal for the account list alone; then that one account's roles.
   */
  async resolveRole(
    session: string,
    account: string,
    role: string,
    options: { refresh?: boolean } = {},
  ): Promise<{ accountId: string; roleName: string; accountName?: string }> {
    const typed = account.trim();
    if (/^\d{12}$/.test(typed)) {
      const cached = await this.accounts.cached(session);
      const known = cached?.accounts.find((a) => a.accountId === typed);
      if (!known) return { accountId: typed, roleName: role };
      let roleName = role;
      try {
        roleName = resolveRole(role, known);
      } catch {
        // Not in the cached list: the role may be new; the portal has the last word.
      }
      return { accountId: known.accountId, roleName, accountName: known.accountName };
    }
    const list = options.refresh ? undefined : await this.freshList(session);
    if (list) {
      let found: Account | undefined;
      try {
        found = resolveAccount(typed, list.accounts, session);
      } catch (error) {
        // A slip of the keyboard is answered from the list; a name it lacks may be new.
        if (!(error instanceof UnknownAccountError) || error.typo) throw error;
      }
      if (found) {
        return {
          accountId: found.accountId,
          roleName: await this.roleOf(session, found, role),
          accountName: found.accountName,
        };
      }
    }
    const accounts = await this.listAccounts(session);
    const found = resolveAccount(typed, accounts, session);
    const roles = await this.accounts.accountRoles(session, found.accountId);
    return {
      accountId: found.accountId,
      roleName: resolveRole(role, { ...found, roles }),
      accountName: found.accountName,
    };
  }

  /**
   * The cached list, unless its accounts were listed longer ago than the freshness setting allows:
   * a whole sync's list, or the accounts alone that an earlier lookup listed (roles pending).
   */
  private async freshList(session: string): Promise<SessionAccounts | undefined> {
    const cached = await this.accounts.cachedNames(session);
    if (!cached?.listedAt) return undefined;
    return (await this.listedRecently(Date.parse(cached.listedAt))) ? cached.list : undefined;
  }

  /** A role of a cached account; one the cache does not have may be new, so ask the portal. */
  private async roleOf(session: string, account: Account, role: string): Promise<string> {
    if (account.rolesPending) {
      const roles = await this.accounts.accountRoles(session, account.accountId);
      return resolveRole(role, { ...account, roles });
    }
    try {
      return resolveRole(role, account);
    } catch (error) {
      const roles = await this.accounts.accountRoles(session, account.accountId);
      if (roles.join("\n") === account.roles.join("\n")) throw error;
      return resolveRole(role, { ...account, roles });
    }
  }

  /** An account's name, for rules that go by it: from the cached list, else the account list alone. */
  async accountName(session: string, accountId: string): Promise<string | undefined> {
    const cached = await this.accounts.cached(session);
    const known = cached?.accounts.find((a) => a.accountId === accountId);
    if (known) return known.accountName;
    return (await this.listAccounts(session)).find((a) => a.accountId === accountId)?.accountName;
  }

  /** The account list alone (no roles), with a count on a terminal while it arrives. */
  private async listAccounts(session: string) {
    return withProgressLine(this.io, (draw) =>
      this.accounts.listAccounts(
        session,
        draw
          ? { onCount: (n: number) => draw(`Listing accounts: ${n.toLocaleString("en")} so far`) }
          : {},
      ),
    );
  }

  /** Every account/role pair of one session or of all (for `ssotray config`). */
  async pairs(session?: string): Promise<SessionPairs[]> {
    const all = await this.sessions.list();
    const chosen = session === undefined ? all : [resolveSessionName(all, session)];
    const out: SessionPairs[] = [];
    for (const s of chosen) {
      const list = await this.accountList(s.name);
      out.push({
        session: s.name,
        region: s.region,
        startUrl: s.startUrl,
        source: s.source,
        pairs: accountRolePairs(list),
        entitled: await this.entitledList(s, { list }),
      });
    }
    return out;
  }

  close(): void {
    this.connections.destroy();
  }
}
