// The `ssotray exec` line the app copies for a role: pasted into any shell, it runs a command with
// that role's credentials. Every value goes in double quotes and is checked like a
// credential_process value (see profiles/command-line.ts), so bash, zsh, fish, PowerShell and cmd
// all read it as written; the account goes by id, which needs no account list to resolve.
import type { RoleRef } from "../../shared/model.js";
import { quoteArg } from "../profiles/command-line.js";

const WHERE = "an ssotray exec line";

export interface ExecLineOptions {
  /** The words that start the CLI, already safe to paste ("ssotray" unless the app knows better). */
  command?: readonly string[];
  region?: string;
}

/** Ends in "-- " so the command to run is typed right after it. */
export function execLine(role: RoleRef, options: ExecLineOptions = {}): string {
  // A chained role is named by its profile, which says everything else; an entitled role by
  // its ARN, in its session.
  const who =
    role.profile !== undefined
      ? ["--profile", quoteArg(role.profile, "the profile name", WHERE)]
      : role.roleArn !== undefined
        ? [
            "--session",
            quoteArg(role.session, "the session name", WHERE),
            "--role-arn",
            quoteArg(role.roleArn, "the role ARN", WHERE),
          ]
        : undefined;
  const words = [
    ...(options.command ?? ["ssotray"]),
    "exec",
    ...(who ?? roleWords(role)),
    ...(options.region ? ["--region", quoteArg(options.region, "the region", WHERE)] : []),
    "--",
  ];
  return `${words.join(" ")} `;
}

function roleWords(role: RoleRef): string[] {
  return [
    "--session",
    quoteArg(role.session, "the session name", WHERE),
    "--account",
    quoteArg(role.accountId, "the account id", WHERE),
    "--role",
    quoteArg(role.roleName, "the role name", WHERE),
  ];
}
