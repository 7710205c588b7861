// The options that name the role a command acts as, the same for creds, exec, console and
// credential-process: --account and --role (with --session), --profile, or --role-arn.
import type { Command } from "commander";

export function withRoleOptions(
  command: Command,
  session = "the session (optional when there is only one)",
): Command {
  return command
    .option("--account <id|name>", "the account id or exact name")
    .option("--role <role>", "the role name")
    .option("--session <name>", session)
    .option(
      "--profile <name>",
      "a profile in ~/.aws/config instead: an SSO profile, or a role chained from one (role_arn + source_profile)",
    )
    .option(
      "--role-arn <arn>",
      "a role your account access tenant entitles you to, by ARN (with --session when several sessions name a tenant)",
    )
    .option("--refresh", "look the account name up in the portal's list, not the cache");
}
