import type { Command } from "commander";
import { describeConsoleBrowser, type ConsoleBrowser } from "../../shared/console-browser.js";
import { BrowserNotFoundError } from "../../core/browsers/browser-locations.js";
import { resolveDestination } from "../../core/federation/destination.js";
import { createConsoleLink } from "../../core/federation/console-signin.js";
import { portalShortcutLink } from "../../core/federation/portal-link.js";
import { loadSettings } from "../../core/settings/settings-store.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import { BROWSER_CHOICES, consoleBrowserChoice } from "../console-browser-options.js";
import type { CliContext } from "../context.js";
import { roleTarget, type TargetOptions } from "../role-target.js";
import { withRoleOptions } from "../role-options.js";
import { lookUpAccountName } from "../account-lookup.js";
import { checkRegion } from "./creds.js";
import { BROWSER_ENV_HELP } from "../browser-env-help.js";

export function registerConsole(program: Command, ctx: CliContext): void {
  withRoleOptions(
    program.command("console").description("Open the AWS console signed in as an account and role"),
  )
    .option("--region <region>", "the console's region (default: the session's region)")
    .option("--destination <url>", "a console URL or path such as /s3/home")
    .option("--print", "print the sign-in URL instead of opening it")
    .option("--json", "with --print: print {url, destination, expiresAt} as JSON")
    .option(
      "--browser <name>",
      `where to open it: ${BROWSER_CHOICES.join(", ")} (default: as chosen in Settings, else the default browser)`,
    )
    .option(
      "--browser-profile <name>",
      "the browser's profile (Chromium-based: its folder name, such as 'Profile 1'; Firefox: its name)",
    )
    .option(
      "--container <name>",
      "a Firefox container, through the 'Open external links in a container' add-on",
    )
    .option(
      "--via-portal",
      "open the console through the access portal's shortcut link (keeps AWS's multi-session console; the browser must be signed in to the portal)",
    )
    .option("--no-via-portal", "sign in through federation even where Settings choose the portal")
    .addHelpText("after", BROWSER_ENV_HELP)
    .action(
      async (
        options: TargetOptions & {
          region?: string;
          destination?: string;
          print?: boolean;
          json?: boolean;
          browser?: string;
          browserProfile?: string;
          container?: string;
          viaPortal?: boolean;
        },
      ) => {
        // A profile is read from the config file alone, and an ARN names its session by its
        // tenant: both are resolved before the checks below.
        const early =
          options.profile !== undefined || options.roleArn !== undefined
            ? await roleTarget(ctx, options)
            : undefined;
        const session = early?.session ?? (await ctx.session(options.session));
        const region = checkRegion(options.region) ?? early?.region ?? session.region;
        // Check the destination and the browser choice before any call, so a typo costs nothing.
        try {
          resolveDestination(region, options.destination);
        } catch (error) {
          throw new CliError((error as Error).message, EXIT_USAGE);
        }
        const opening = !(options.print || options.json);
        const settings = opening
          ? await loadSettings(ctx.locations, (m) => ctx.warn(m))
          : undefined;
        if (settings)
          consoleBrowserChoice(options, settings.consoleBrowsers, { session: session.name });
        const target = early ?? (await roleTarget(ctx, options));
        const { accountId, roleName } = target;
        if (options.viaPortal === true && !target.ref)
          throw new CliError(
            target.roleArn !== undefined
              ? `The access portal opens only the roles it lists; ${target.roleArn} is an account access entitlement, which signs in through federation: leave out --via-portal`
              : `The access portal opens only the roles it lists; '${target.chainedProfile ?? roleName}' is chained from one: leave out --via-portal`,
            EXIT_USAGE,
          );
        let choice: ConsoleBrowser | undefined;
        if (settings) {
          let accountName = target.accountName;
          const alias = settings.accounts[accountId]?.alias;
          // Rules go by the account's name: an id alone does not say whether a rule for "prod"
          // applies, and a production console must not land in the wrong browser for want of it.
          if (accountName === undefined && settings.consoleBrowsers.rules.length > 0)
            accountName = await lookUpAccountName(ctx, session.name, accountId);
          choice = consoleBrowserChoice(options, settings.consoleBrowsers, {
            session: session.name,
            ...(accountName !== undefined ? { accountName } : {}),
            ...(alias !== undefined ? { alias } : {}),
          });
        }
        // Printing goes by the command line alone, as it does for the browser. A chained or
        // entitled role opens through federation wherever Settings choose the portal: the portal
        // does not list it.
        const viaPortal =
          target.ref !== undefined &&
          (choice ? choice.viaPortal === true : options.viaPortal === true);
        if (choice?.viaPortal && !viaPortal) {
          const { viaPortal: _portal, ...rest } = choice;
          choice = rest;
        }
        const link = viaPortal
          ? {
              // No credentials: the browser signs in through the portal as the user.
              url: portalShortcutLink({
                startUrl: session.startUrl,
                accountId,
                roleName,
                region,
                ...(options.destination ? { destination: options.destination } : {}),
              }),
              destination: resolveDestination(region, options.destination),
            }
          : await createConsoleLink({
              credentials: await target.credentials(),
              region,
              destination: options.destination,
              issuer: session.startUrl,
              env: ctx.env,
              locations: ctx.locations,
            });
        if (!choice) {
          ctx.io.stdout(options.json ? JSON.stringify(link, null, 2) + "\n" : `${link.url}\n`);
          return;
        }
        const lasts = viaPortal
          ? "it does not expire; the portal asks the browser to sign in first if needed"
          : "it works for 15 minutes";
        try {
          await ctx.openConsole(choice, link.url, { secret: !viaPortal });
        } catch (error) {
          // The link still works for a while: hand it over rather than lose the sign-in.
          ctx.io.stdout(`${link.url}\n`);
          const reason = error instanceof Error ? error.message : String(error);
          throw new CliError(
            error instanceof BrowserNotFoundError
              ? `${reason} Install it or choose another with --browser; the console link is above (${lasts}).`
              : `${reason}: no browser opened. Open the link above yourself (${lasts}), or use --print.`,
          );
        }
        ctx.io.stderr(
          `Opened the console for ${roleName} in ${accountId} (${region}) in ${describeConsoleBrowser(choice)}\n`,
        );
      },
    );
}
