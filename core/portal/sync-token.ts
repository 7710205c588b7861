import { isUnauthorized, portalRefusedSignIn } from "./portal-errors.js";

/** What a sync needs of the session manager to get a fresh access token. */
export interface TokenSource {
  accessToken(name: string, options?: { forceRefresh?: boolean }): Promise<string>;
}

/**
 * The session's access token for this sync. When the portal refuses it, the token is refreshed
 * once (forced) for every caller; if the fresh token is refused too, the sign-in is gone.
 */
export class TokenKeeper {
  private refreshing: Promise<string> | undefined;

  constructor(
    private readonly session: string,
    private token: string,
    private readonly sessions: TokenSource,
  ) {}

  async use<T>(call: (token: string) => Promise<T>): Promise<T> {
    for (;;) {
      const used = this.token;
      try {
        return await call(used);
      } catch (error) {
        if (!isUnauthorized(error)) throw error;
        this.refreshing ??= this.sessions.accessToken(this.session, { forceRefresh: true });
        const fresh = await this.refreshing;
        if (used === fresh) throw portalRefusedSignIn(this.session, error);
        this.token = fresh;
      }
    }
  }
}
