import type { Command } from "commander";
import { accountRolePairs } from "../../shared/pairs.js";
import type { CliContext } from "../context.js";
import { accountList } from "../account-list.js";
import { entitledList } from "../entitled-roles.js";
import { table } from "../format-time.js";

export function registerAccounts(program: Command, ctx: CliContext): void {
  program
    .command("accounts")
    .description(
      "List every account and role of a session (one row per pair), and the roles its account access tenant entitles it to",
    )
    .option("--session <name>", "the session (optional when there is only one)")
    .option("--refresh", "list them again from the portal instead of the cache")
    .option(
      "--json",
      'print JSON: an array of {session, accountId, accountName, emailAddress, roleName}; an entitled role also has "entitlement": true and its roleArn',
    )
    .action(async (options: { session?: string; refresh?: boolean; json?: boolean }) => {
      const session = await ctx.session(options.session);
      const list = await accountList(ctx, session.name, { refresh: options.refresh });
      const pairs = accountRolePairs(list);
      const emails = new Map(list.accounts.map((a) => [a.accountId, a.emailAddress]));
      const entitled = (
        (await entitledList(ctx, session, { refresh: options.refresh, list })) ?? []
      ).map((role) => ({
        session: role.session,
        accountId: role.accountId,
        // Empty, as for the portal's own rows, when neither the API nor the portal named it.
        accountName: role.accountName ?? "",
        emailAddress: emails.get(role.accountId) ?? "",
        roleName: role.roleName,
        entitlement: true as const,
        roleArn: role.roleArn,
      }));
      if (options.json) {
        ctx.io.stdout(JSON.stringify([...pairs, ...entitled], null, 2) + "\n");
        return;
      }
      if (entitled.length === 0) {
        ctx.io.stdout(
          table([
            ["ACCOUNT ID", "ACCOUNT NAME", "ROLE"],
            ...pairs.map((p) => [p.accountId, p.accountName, p.roleName]),
          ]),
        );
        return;
      }
      ctx.io.stdout(
        table([
          ["ACCOUNT ID", "ACCOUNT NAME", "ROLE", "ENTITLED ROLE ARN"],
          ...pairs.map((p) => [p.accountId, p.accountName, p.roleName, ""]),
          ...entitled.map((e) => [e.accountId, e.accountName, e.roleName, e.roleArn]),
        ]),
      );
    });
}
