// A session's whole account list as `accounts` prints it: the cache while it is complete, else a
// sync, with its progress on a terminal. Also how old a list may be before it is listed again.
import { loadSettings } from "../core/settings/settings-store.js";
import { compareAccounts } from "../shared/account-order.js";
import type { SessionAccounts, SyncProgress } from "../shared/model.js";
import { syncProgressText } from "../shared/sync-progress-text.js";
import type { CliContext } from "./context.js";
import { withProgressLine } from "./terminal-io.js";

/** The session's complete account list: from the cache when complete, else a sync. */
export async function accountList(
  ctx: CliContext,
  session: string,
  options: { refresh?: boolean } = {},
): Promise<SessionAccounts> {
  if (!options.refresh) {
    const cached = await ctx.accounts.cached(session);
    // A list a lookup kept is in the portal's order; a sync's is by name: print one order.
    if (cached?.complete)
      return { ...cached, accounts: [...cached.accounts].sort(compareAccounts) };
  }
  // The progress line needs counts only: asking for the list would sort it on every change.
  return withProgressLine(ctx.io, (draw) =>
    ctx.accounts.sync(session, {
      onCount: draw && ((p: SyncProgress) => draw(syncProgressText(p))),
    }),
  );
}

/** Whether a list made at `listedAt` (ms) is within the freshness setting (accountListFreshHours). */
export async function listedRecently(ctx: CliContext, listedAt: number): Promise<boolean> {
  const { accountListFreshHours } = await loadSettings(ctx.locations, (m) => ctx.warn(m));
  return Date.now() - listedAt <= accountListFreshHours * 3_600_000;
}
