import type { Command } from "commander";
import type { SignInPrompt } from "../../../shared/model.js";
import { regionSchema } from "../../../shared/api.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { timeLeft } from "../format-time.js";

interface LoginOptions {
  startUrl?: string;
  region?: string;
  session?: string;
  deviceCode?: boolean;
  browser: boolean;
}

export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command("login")
    .description("Sign in to a session (adding it first when --start-url is given)")
    .option("--start-url <url>", "the access portal URL, e.g. https://your-org.awsapps.com/start")
    .option("--region <region>", "the IAM Identity Center region (with --start-url)")
    .option("--session <name>", "the session to sign in to (optional when there is only one)")
    .option("--device-code", "sign in with a code shown here instead of a browser redirect")
    .option("--no-browser", "print the sign-in URL instead of opening a browser")
    .action(async (options: LoginOptions) => {
      let name = options.session;
      if (options.startUrl !== undefined || options.region !== undefined) {
        if (!options.startUrl || !options.region) {
          throw new CliError(
            "--start-url and --region go together: give both to add a session",
            EXIT_USAGE,
          );
        }
        const region = regionSchema.safeParse(options.region);
        if (!region.success)
          throw new CliError(
            `The region must look like eu-west-1 (got '${options.region}')`,
            EXIT_USAGE,
          );
        const existing = (await ctx.sessions.list()).find(
          (s) =>
            s.name === name ||
            (name === undefined && s.startUrl === options.startUrl && s.region === options.region),
        );
        if (!existing) {
          const added = await ctx.sessions.add({
            startUrl: options.startUrl,
            region: region.data,
            ...(name ? { name } : {}),
          });
          name = added.name;
        } else {
          name = existing.name;
        }
      } else {
        name = (await ctx.session(name)).name;
      }

      const noBrowser = !options.browser;
      if (noBrowser) {
        // The URL alone on stdout, so a script (or a test) can follow it.
        ctx.browser = async (url) => {
          ctx.io.stderr("Open this URL in a browser to sign in:\n");
          ctx.io.stdout(`${url}\n`);
        };
      }
      const onPrompt = (prompt: SignInPrompt) => {
        if (prompt.kind === "device") {
          ctx.io.stderr(
            `To sign in, open ${prompt.verificationUri} and enter the code ${prompt.userCode}\n` +
              `(or open ${prompt.verificationUriComplete}); waiting until ${prompt.expiresAt}\n`,
          );
          if (noBrowser && options.deviceCode) ctx.io.stdout(`${prompt.verificationUriComplete}\n`);
        } else if (!noBrowser) {
          ctx.io.stderr(
            `Opening the browser to sign in (if it does not open, visit ${prompt.url})\n`,
          );
        }
      };
      const controller = new AbortController();
      const onSigint = () => controller.abort(new CliError("Sign-in cancelled"));
      process.once("SIGINT", onSigint);
      try {
        await ctx.sessions.signIn(name, {
          method: options.deviceCode ? "device" : "browser",
          signal: controller.signal,
          onPrompt,
        });
      } finally {
        process.off("SIGINT", onSigint);
      }
      const status = await ctx.sessions.get(name);
      ctx.io.stderr(`Signed in to ${name} (${timeLeft(status?.expiresAt, Date.now())} left)\n`);
    });
}
