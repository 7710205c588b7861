import type { Command } from "commander";
import { accountRolePairs } from "../../shared/pairs.js";
import type { CliContext } from "../context.js";
import { table } from "../format-time.js";

export function registerAccounts(program: Command, ctx: CliContext): void {
  program
    .command("accounts")
    .description("List every account and role of a session (one row per pair)")
    .option("--session <name>", "the session (optional when there is only one)")
    .option("--refresh", "list them again from the portal instead of the cache")
    .option(
      "--json",
      "print JSON: an array of {session, accountId, accountName, emailAddress, roleName}",
    )
    .action(async (options: { session?: string; refresh?: boolean; json?: boolean }) => {
      const session = await ctx.session(options.session);
      const list = await ctx.accountList(session.name, { refresh: options.refresh });
      const pairs = accountRolePairs(list);
      if (options.json) {
        ctx.io.stdout(JSON.stringify(pairs, null, 2) + "\n");
        return;
      }
      ctx.io.stdout(
        table([
          ["ACCOUNT ID", "ACCOUNT NAME", "ROLE"],
          ...pairs.map((p) => [p.accountId, p.accountName, p.roleName]),
        ]),
      );
    });
}
