import type { Command } from "commander";
import { credentialProcessJson } from "../../core/exports/credential-process.js";
import type { CliContext } from "../context.js";
import { roleTarget, type TargetOptions } from "../role-target.js";
import { withRoleOptions } from "../role-options.js";

export function registerCredentialProcess(program: Command, ctx: CliContext): void {
  withRoleOptions(
    program
      .command("credential-process")
      .description("Print credentials as a credential_process answer (for ~/.aws/config profiles)"),
    "the session (optional when there is only one; faster when given)",
  ).action(async (options: TargetOptions) => {
    const creds = await (await roleTarget(ctx, options)).credentials();
    ctx.io.stdout(credentialProcessJson(creds) + "\n");
  });
}
