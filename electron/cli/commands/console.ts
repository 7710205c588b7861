import type { Command } from "commander";
import { resolveDestination } from "../../core/federation/destination.js";
import { createConsoleLink } from "../../core/federation/console-signin.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { checkRegion } from "./creds.js";

export function registerConsole(program: Command, ctx: CliContext): void {
  program
    .command("console")
    .description("Open the AWS console signed in as an account and role")
    .requiredOption("--account <id|name>", "the account id or exact name")
    .requiredOption("--role <role>", "the role name")
    .option("--session <name>", "the session (optional when there is only one)")
    .option("--refresh", "look the account name up in the portal's list, not the cache")
    .option("--region <region>", "the console's region (default: the session's region)")
    .option("--destination <url>", "a console URL or path such as /s3/home")
    .option("--print", "print the sign-in URL instead of opening it")
    .option("--json", "with --print: print {url, destination, expiresAt} as JSON")
    .action(
      async (options: {
        account: string;
        role: string;
        session?: string;
        refresh?: boolean;
        region?: string;
        destination?: string;
        print?: boolean;
        json?: boolean;
      }) => {
        const session = await ctx.session(options.session);
        const region = checkRegion(options.region) ?? session.region;
        // Check the destination before any call, so a typo costs nothing.
        try {
          resolveDestination(region, options.destination);
        } catch (error) {
          throw new CliError((error as Error).message, EXIT_USAGE);
        }
        const { accountId, roleName } = await ctx.resolveRole(
          session.name,
          options.account,
          options.role,
          { refresh: options.refresh },
        );
        const credentials = await ctx.roleCredentials.get({
          session: session.name,
          accountId,
          roleName,
        });
        const link = await createConsoleLink({
          credentials,
          region,
          destination: options.destination,
          issuer: session.startUrl,
          env: ctx.env,
        });
        if (options.print || options.json) {
          ctx.io.stdout(options.json ? JSON.stringify(link, null, 2) + "\n" : `${link.url}\n`);
          return;
        }
        await ctx.browser(link.url);
        ctx.io.stderr(`Opened the console for ${roleName} in ${accountId} (${region})\n`);
      },
    );
}
