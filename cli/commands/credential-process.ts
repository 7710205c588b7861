import type { Command } from "commander";
import { credentialProcessJson } from "../../core/exports/credential-process.js";
import type { CliContext } from "../context.js";

export function registerCredentialProcess(program: Command, ctx: CliContext): void {
  program
    .command("credential-process")
    .description("Print credentials as a credential_process answer (for ~/.aws/config profiles)")
    .option("--account <id|name>", "the account id (or exact name)")
    .option("--role <role>", "the role name")
    .option("--session <name>", "the session (optional when there is only one; faster when given)")
    .option(
      "--profile <name>",
      "a profile in ~/.aws/config instead (an SSO profile or a chained role)",
    )
    .option(
      "--role-arn <arn>",
      "a role your account access tenant entitles you to, by ARN (with --session when several sessions name a tenant)",
    )
    .option("--refresh", "look the account name up in the portal's list, not the cache")
    .action(
      async (options: {
        account?: string;
        role?: string;
        profile?: string;
        roleArn?: string;
        session?: string;
        refresh?: boolean;
      }) => {
        const creds = await (await ctx.target(options)).credentials();
        ctx.io.stdout(credentialProcessJson(creds) + "\n");
      },
    );
}
