// What the commands of one run share: the terminal (colour, warnings), the way pages reach the
// browser, and one SessionManager, account directory and credential provider each, created on
// first use, all rooted in the same env and the same locations, resolved once at the entry (so
// tests can point HOME elsewhere). What commands do with them sits by feature: naming a role in
// role-target.ts, finding an account in account-lookup.ts, whole lists in account-list.ts,
// entitled roles in entitled-roles.ts, the pairs `config` writes in session-pairs.ts.
import type { Locations } from "../core/locations.js";
import { EntitledRoles } from "../core/account-access/entitled-roles.js";
import { setProxyChoice } from "../core/network/network-agent.js";
import type { ProxyChoice } from "../core/network/proxy-for-url.js";
import { AccountDirectory } from "../core/portal/account-directory.js";
import { PortalConnections } from "../core/portal/portal-connection.js";
import { RoleCredentialsProvider } from "../core/portal/role-credentials.js";
import { SessionManager } from "../core/sessions/session-manager.js";
import { loadSettings, proxyChoiceOf } from "../core/settings/settings-store.js";
import { ChainedCredentialsProvider } from "../core/sts/chained-credentials.js";
import type { ConsoleBrowser } from "../shared/console-browser.js";
import type { SessionStatus } from "../shared/model.js";
import { accountRolePairs } from "../shared/pairs.js";
import { openConsoleLink, openSignInPage } from "./open-browser.js";
import { resolveSessionName } from "./resolve.js";
import { terminalPaint, type Paint } from "./terminal-colour.js";
import { warnOnce, type Io } from "./terminal-io.js";

export type Env = Record<string, string | undefined>;

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

  /** The session --session names, else the only one there is (resolve.ts says what is wrong). */
  async session(requested?: string): Promise<SessionStatus> {
    return resolveSessionName(await this.sessions.list(), requested);
  }

  close(): void {
    this.connections.destroy();
  }
}
