import type { Command } from "commander";
import { signOutEverywhere } from "../../core/sessions/sign-out-everywhere.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { CliContext } from "../context.js";

export function registerLogout(program: Command, ctx: CliContext): void {
  program
    .command("logout")
    .description("Sign out of a session (or all), forgetting its tokens and cached credentials")
    .option("--session <name>", "the session to sign out of (optional when there is only one)")
    .option("--all", "sign out of every session")
    .action(async (options: { session?: string; all?: boolean }) => {
      if (options.all && options.session)
        throw new CliError("Give either --session or --all, not both", EXIT_USAGE);
      const names = options.all
        ? (await ctx.sessions.list()).map((s) => s.name)
        : [(await ctx.session(options.session)).name];
      for (const name of names) {
        // Asked before: the sign-out below clears what is left (cached keys) either way.
        const wasSignedIn = (await ctx.sessions.get(name))?.state !== "signed-out";
        await signOutEverywhere(
          { locations: ctx.locations, sessions: ctx.sessions, credentials: ctx.roleCredentials },
          name,
        );
        ctx.io.stderr(
          wasSignedIn
            ? `Signed out of ${name}\n`
            : `Session '${name}' was not signed in: nothing to sign out of\n`,
        );
      }
      if (names.length === 0) ctx.io.stderr("No session to sign out of\n");
    });
}
