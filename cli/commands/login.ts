import type { Command } from "commander";
import type { SessionStatus, SignInPrompt } from "../../shared/model.js";
import { parseStartUrl, validateSessionName } from "../../shared/start-url.js";
import { tenantIdSchema } from "../../shared/api.js";
import { displayPath } from "../../core/locations.js";
import { SessionConfigError, type SessionTarget } from "../../core/sessions/session-manager.js";
import {
  endpointsNeedSsoSession,
  sessionEndpointSettings,
} from "../../core/sessions/endpoint-settings.js";
import { environmentWinsNote, onOff } from "./session-endpoints.js";
import { browserProxyNote } from "../../core/network/browser-proxy-note.js";
import { CliError, EXIT_SIGNAL, EXIT_USAGE } from "../cli-error.js";
import { checkRegion } from "./creds.js";
import { checkRegionList } from "./session-regions.js";
import { setSessionRegions } from "../../core/sessions/region-order.js";
import type { CliContext } from "../context.js";
import { untilLocal } from "../format-time.js";
import { BROWSER_ENV_HELP } from "../browser-env-help.js";

interface LoginOptions {
  startUrl?: string;
  region?: string;
  session?: string;
  deviceCode?: boolean;
  browser: boolean;
  /** A tenant id; false with --no-tenant-id. */
  tenantId?: string | false;
  /** --fips / --no-fips; undefined: the session's own. */
  fips?: boolean;
  /** --dualstack / --no-dualstack; undefined: the session's own. */
  dualstack?: boolean;
  regions?: string;
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
    .option(
      "--tenant-id <aa-…>",
      "an account access manager tenant: the sign-in also asks for its scopes, and the session lists the roles it entitles you to",
    )
    .option("--no-tenant-id", "sign in without the session's account access tenant, and forget it")
    .option("--fips", "call FIPS endpoints, from this sign-in on (use_fips_endpoint)")
    .option("--no-fips", "call standard endpoints, from this sign-in on")
    .option(
      "--dualstack",
      "call dual-stack (IPv4 and IPv6) endpoints, from this sign-in on (use_dualstack_endpoint)",
    )
    .option("--no-dualstack", "call IPv4 endpoints, from this sign-in on")
    .option(
      "--regions <list>",
      "for an instance replicated to several regions: the session's regions in order, e.g. eu-west-1,eu-central-1",
    )
    .addHelpText("after", BROWSER_ENV_HELP)
    .action(async (options: LoginOptions) => {
      // Checked before anything else: a typo must not cost a sign-in.
      const tenantId = checkTenantId(options.tenantId);
      const regions = checkRegionList(options.regions);
      if (regions && options.startUrl)
        throw new CliError(
          "--regions orders the regions of a session already added; add it with --start-url and --region first, then run ssotray login --session NAME --regions …",
          EXIT_USAGE,
        );
      const target = await chooseTarget(ctx, options);
      const name = typeof target === "string" ? target : target.config.name;
      const endpoints = {
        ...(options.fips !== undefined ? { fips: options.fips } : {}),
        ...(options.dualstack !== undefined ? { dualStack: options.dualstack } : {}),
      };
      // A legacy profile has no [sso-session] to keep the choice in: said before any sign-in.
      const source =
        typeof target === "string" ? (await ctx.sessions.get(name)).source : target.config.source;
      if (Object.keys(endpoints).length > 0 && source !== "sso-session")
        throw new CliError(endpointsNeedSsoSession(name), EXIT_USAGE);
      if (regions) {
        try {
          await setSessionRegions(ctx.locations, name, regions);
        } catch (error) {
          if (error instanceof SessionConfigError) throw new CliError(error.message, EXIT_USAGE);
          throw error;
        }
        ctx.io.stderr(`Session '${name}' calls ${regions.join(", ")}, in that order\n`);
      }

      // Each link is printed once: where the browser is asked to open it, or where the user is
      // told to, never both; a browser that did not open points back at the link above.
      const noBrowser = !options.browser;
      if (noBrowser) {
        // The URL alone on stdout, so a script (or a test) can follow it.
        ctx.browser = async (url) => {
          ctx.io.stderr("Open this link in a browser to sign in:\n");
          ctx.io.stdout(`${url}\n`);
        };
      } else {
        const open = ctx.browser;
        ctx.browser = async (url) => {
          try {
            await open(url);
          } catch (error) {
            ctx.io.stderr(
              `Could not open the browser: ${error instanceof Error ? error.message : String(error)}; open the link above yourself\n`,
            );
          }
        };
      }
      const proxyNote = await browserProxyNote(ctx.env);
      const onPrompt = (prompt: SignInPrompt) => {
        if (prompt.kind === "device") {
          const until = untilLocal(prompt.expiresAt, Date.now());
          if (noBrowser && options.deviceCode) {
            ctx.io.stderr(
              `Open this link in a browser to sign in; it shows the code ${prompt.userCode} (valid until ${until}):\n`,
            );
            ctx.io.stdout(`${prompt.verificationUriComplete}\n`);
          } else {
            ctx.io.stderr(
              `To sign in, open ${prompt.verificationUriComplete} and check that it shows the code ${prompt.userCode} (valid until ${until})\n`,
            );
          }
        } else if (!noBrowser) {
          ctx.io.stderr(`Opening the browser to sign in at ${prompt.url}\n`);
        }
        // After what to do, before the browser opens (or, with --no-browser, the URL).
        const note = proxyNote(
          prompt.kind === "device" ? prompt.verificationUriComplete : prompt.url,
        );
        if (note) ctx.io.stderr(`${note}\n`);
      };
      // Ctrl+C or a SIGTERM ends the sign-in cleanly (nothing written, a new registration taken
      // back), then exits as the shell expects of a command a signal stopped: 128 + its number.
      const controller = new AbortController();
      let stoppedBy: keyof typeof EXIT_SIGNAL | undefined;
      const stop = (signal: keyof typeof EXIT_SIGNAL) => () => {
        stoppedBy ??= signal;
        controller.abort();
      };
      const onSigint = stop("SIGINT");
      const onSigterm = stop("SIGTERM");
      process.once("SIGINT", onSigint);
      process.once("SIGTERM", onSigterm);
      try {
        await ctx.sessions.signIn(target, {
          method: options.deviceCode ? "device" : "browser",
          signal: controller.signal,
          onPrompt,
          ...(tenantId !== undefined ? { tenantId } : {}),
          ...(Object.keys(endpoints).length > 0 ? { endpoints } : {}),
        });
      } catch (error) {
        if (stoppedBy) {
          throw new CliError(
            `Sign-in cancelled (${stoppedBy}); nothing was changed`,
            EXIT_SIGNAL[stoppedBy],
          );
        }
        throw error;
      } finally {
        process.off("SIGINT", onSigint);
        process.off("SIGTERM", onSigterm);
      }
      const status = await ctx.sessions.get(name);
      if (typeof target !== "string") {
        const where = displayPath(ctx.locations.awsConfig, ctx.locations);
        if (target.change.kind === "add")
          ctx.io.stderr(
            `Added [sso-session ${name}] (${target.config.startUrl}, ${target.config.region}) to ${where}\n`,
          );
        if (target.change.kind === "region")
          ctx.io.stderr(
            `Changed the region of session '${name}' from ${target.change.from || "none"} to ${target.config.region} in ${where}\n`,
          );
      }
      ctx.io.stderr(`Signed in to ${name}${signedInUntil(status, Date.now())}\n`);
      if (tenantId)
        ctx.io.stderr(`Session '${name}' lists entitled roles from tenant ${tenantId}\n`);
      if (tenantId === null)
        ctx.io.stderr(`Session '${name}' names no account access tenant now\n`);
      if (Object.keys(endpoints).length > 0) {
        const now = await sessionEndpointSettings(ctx.locations, name);
        ctx.io.stderr(
          `Session '${name}' calls FIPS endpoints ${onOff(now.fips)}, dual-stack ${onOff(now.dualStack)}\n`,
        );
        const note = environmentWinsNote(ctx.env, name);
        if (note) ctx.io.stderr(`${note}\n`);
      }
    });
}

/** --tenant-id as typed, checked; null for --no-tenant-id; undefined: the session's own. */
export function checkTenantId(value: string | false | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === false) return null;
  const parsed = tenantIdSchema.safeParse(value);
  if (!parsed.success)
    throw new CliError(
      `--tenant-id: ${parsed.error.issues[0]?.message ?? "not a tenant id"} (your administrator has it: the account access manager application's tenant id)`,
      EXIT_USAGE,
    );
  return parsed.data;
}

/**
 * The session a login means: one named or the only one, or with --start-url the one for that
 * portal (its region changed if another is given; its own region when none is), or a new one. Whatever is new is
 * written only once the sign-in succeeds.
 */
async function chooseTarget(
  ctx: CliContext,
  options: LoginOptions,
): Promise<string | SessionTarget> {
  if (options.startUrl === undefined && options.region === undefined)
    return (await ctx.session(options.session)).name;
  if (options.startUrl === undefined)
    throw new CliError(
      "--region needs --start-url: give both to add a session or change its region",
      EXIT_USAGE,
    );
  if (options.startUrl.trim() === "")
    throw new CliError(
      "--start-url is empty: give your AWS access portal URL, e.g. https://your-org.awsapps.com/start",
      EXIT_USAGE,
    );
  const url = parseStartUrl(options.startUrl);
  if (!url.ok) throw new CliError(url.message, EXIT_USAGE);
  if (options.session !== undefined) {
    const name = validateSessionName(options.session);
    if (!name.ok) throw new CliError(name.message, EXIT_USAGE);
  }
  // A portal already set up has its region: asking for it again only invites a mismatch.
  const region =
    checkRegion(options.region, "identity-center") ?? (await knownRegion(ctx, url.url, options));
  try {
    return await ctx.sessions.target({
      startUrl: url.url,
      region,
      ...(options.session !== undefined ? { name: options.session } : {}),
    });
  } catch (error) {
    // Another portal under that name, or several sessions for it: the command line must say more.
    if (error instanceof SessionConfigError) throw new CliError(error.message, EXIT_USAGE);
    throw error;
  }
}

/** The region of the session already set up for this portal, or a message asking for one. */
async function knownRegion(
  ctx: CliContext,
  startUrl: string,
  options: LoginOptions,
): Promise<string> {
  const same = (await ctx.sessions.list()).filter(
    (s) =>
      (options.session === undefined || s.name === options.session) &&
      s.region &&
      sameStartUrl(s.startUrl, startUrl),
  );
  const regions = [...new Set(same.map((s) => s.region))];
  if (regions.length === 1) return regions[0]!;
  throw new CliError(
    regions.length === 0
      ? "--region is needed for a new session: give the region of your IAM Identity Center instance, e.g. --region us-east-1 (it is shown on the instance's Settings page)"
      : `Sessions ${same.map((s) => `'${s.name}' (${s.region})`).join(", ")} sign in to this portal; choose one with --session or give --region`,
    EXIT_USAGE,
  );
}

function sameStartUrl(a: string, b: string): boolean {
  const parsed = parseStartUrl(a);
  return (parsed.ok ? parsed.url : a) === b;
}

/** "; it refreshes by itself", or " until 16:29, 7h 59m left" for a sign-in that cannot. */
function signedInUntil(status: SessionStatus | undefined, now: number): string {
  if (status?.canRefresh) return "; it refreshes by itself";
  return status?.expiresAt ? ` until ${untilLocal(status.expiresAt, now)}` : "";
}
