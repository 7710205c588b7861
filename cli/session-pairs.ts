// What `ssotray config` writes profiles for: every account/role pair of one session or of all,
// with each session's entitled roles and what its profiles need to know of it.
import { accountRolePairs } from "../shared/pairs.js";
import type { AccountRole, EntitledRole, SessionStatus } from "../shared/model.js";
import { accountList } from "./account-list.js";
import type { CliContext } from "./context.js";
import { entitledList } from "./entitled-roles.js";
import { resolveSessionName } from "./resolve.js";

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

/** Every account/role pair of one session or of all (for `ssotray config`). */
export async function sessionPairs(ctx: CliContext, session?: string): Promise<SessionPairs[]> {
  const all = await ctx.sessions.list();
  const chosen = session === undefined ? all : [resolveSessionName(all, session)];
  const out: SessionPairs[] = [];
  for (const s of chosen) {
    const list = await accountList(ctx, s.name);
    out.push({
      session: s.name,
      region: s.region,
      startUrl: s.startUrl,
      source: s.source,
      pairs: accountRolePairs(list),
      entitled: await entitledList(ctx, s, { list }),
    });
  }
  return out;
}
