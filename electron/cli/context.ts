// What the commands share: one SessionManager, account directory and credential provider per
// run, created on first use, all rooted in the same env (so tests can point HOME elsewhere).
import { accountRolePairs } from "../../shared/pairs.js";
import { cacheDir } from "../core/app-paths.js";
import { printable } from "../core/portal/portal-shapes.js";
import { AccountDirectory } from "../core/portal/account-directory.js";
import { PortalConnections } from "../core/portal/portal-connection.js";
import { RoleCredentialsProvider } from "../core/portal/role-credentials.js";
import { SessionManager } from "../core/sessions/session-manager.js";
import { setProxyChoice } from "../core/network/network-agent.js";
import type { ProxyChoice } from "../core/network/proxy-for-url.js";
import { loadSettings, proxyChoiceOf } from "../core/settings/settings-store.js";
import type {
  AccountRole,
  SessionAccounts,
  SessionStatus,
  SyncProgress,
} from "../../shared/model.js";
import type { ConsoleBrowser } from "../../shared/console-browser.js";
import { openConsoleIn } from "../core/browsers/launch.js";
import { openBrowser } from "./open-browser.js";
import { resolveAccount, resolveRole, resolveSessionName, UnknownAccountError } from "./resolve.js";

export type Env = Record<string, string | undefined>;

/** A session's account/role pairs, with what profiles for it need to know. */
export interface SessionPairs {
  session: string;
  region: string;
  startUrl: string;
  source: SessionStatus["source"];
  pairs: AccountRole[];
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress lines are drawn only then). */
  stderrIsTTY: boolean;
  /** Asks a yes/no question on the terminal; absent when nobody is there to answer. */
  confirm?: (question: string) => Promise<boolean>;
}

export class CliContext {
  readonly cacheDir: string;
  private sessionManager: SessionManager | undefined;
  private directory: AccountDirectory | undefined;
  private credentials: RoleCredentialsProvider | undefined;
  private readonly connections: PortalConnections;
  private readonly warned = new Set<string>();
  /** Replaced by `login --no-browser`: print the URL instead of opening it. */
  browser: (url: string) => Promise<void>;
  /** Opens a console link where the user chose; rejects when no browser opened it. */
  openConsole: (choice: ConsoleBrowser, url: string) => Promise<void>;

  constructor(
    readonly env: Env,
    readonly io: Io,
  ) {
    this.cacheDir = cacheDir(env);
    // The proxy chosen in the app's Settings holds for `ssotray` too (read once, at the first connection).
    let choice: Promise<ProxyChoice> | undefined;
    setProxyChoice(
      env,
      () =>
        (choice ??= loadSettings(env)
          .then(proxyChoiceOf)
          .catch((): ProxyChoice => ({ mode: "environment" }))),
    );
    this.connections = new PortalConnections(env);
    this.browser = (url) => openBrowser(url, env);
    this.openConsole = (choice, url) => openConsoleIn(choice, url, { env });
  }

  get sessions(): SessionManager {
    this.sessionManager ??= new SessionManager({
      env: this.env,
      openBrowser: (url: string) => this.browser(url),
      warn: (message: string) => this.warn(message),
    });
    return this.sessionManager;
  }

  get accounts(): AccountDirectory {
    this.directory ??= new AccountDirectory({
      env: this.env,
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
      sessions: this.sessions,
      cacheDir: this.cacheDir,
      connections: this.connections,
      knownPairs: async (session) => {
        const list = await this.accounts.cached(session);
        return list ? accountRolePairs(list) : [];
      },
    });
    return this.credentials;
  }

  /** A warning on stderr, one line, shown rather than obeyed (it may quote a file or the portal). */
  warn(message: string): void {
    // Once per run: a damaged cache is read both for the answer and by the sync that replaces it.
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.io.stderr(`warning: ${printable(message)}\n`);
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
      if (cached?.complete) return cached;
    }
    // The progress line needs counts only: asking for the list would sort it on every change.
    const progress = this.io.stderrIsTTY
      ? (p: SyncProgress) => this.io.stderr(`\rListing roles: ${p.done}/${p.total} accounts`)
      : undefined;
    try {
      return await this.accounts.sync(session, { onCount: progress });
    } finally {
      if (progress) this.io.stderr("\r\x1b[K");
    }
  }

  /**
   * An account/role pair. A 12-digit id needs no list (the portal says if the role is not there);
   * a name is looked up in the list, fetched if need be.
   */
  async resolveRole(
    session: string,
    account: string,
    role: string,
  ): Promise<{ accountId: string; roleName: string; accountName?: string }> {
    if (/^\d{12}$/.test(account.trim())) {
      const cached = await this.accounts.cached(session);
      const known = cached?.accounts.find((a) => a.accountId === account.trim());
      if (!known) return { accountId: account.trim(), roleName: role };
      let roleName = role;
      try {
        roleName = resolveRole(role, known);
      } catch {
        // Not in the cached list: the role may be new; the portal has the last word.
      }
      return { accountId: known.accountId, roleName, accountName: known.accountName };
    }
    let list = await this.accountList(session);
    let found: ReturnType<typeof resolveAccount>;
    try {
      found = resolveAccount(account, list.accounts, session);
    } catch (error) {
      // The cache may predate a new account: look once more before saying no.
      if (!(error instanceof UnknownAccountError) || !list.syncedAt) throw error;
      list = await this.accountList(session, { refresh: true });
      found = resolveAccount(account, list.accounts, session);
    }
    return {
      accountId: found.accountId,
      roleName: resolveRole(role, found),
      accountName: found.accountName,
    };
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
      });
    }
    return out;
  }

  close(): void {
    this.connections.destroy();
  }
}
