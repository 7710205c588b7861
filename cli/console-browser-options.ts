// `ssotray console`'s choice of browser: from --browser, --browser-profile and --container when
// given, else from the app's Settings (the account's rule, else its session's choice).
import {
  BROWSERS,
  consoleBrowserFor,
  type BrowserName,
  type ConsoleBrowser,
  type ConsoleBrowserSettings,
} from "../shared/console-browser.js";
import { consoleBrowserSchema } from "../shared/console-browser-schema.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";

export interface BrowserOptions {
  browser?: string;
  browserProfile?: string;
  container?: string;
  /** --via-portal (true) or --no-via-portal (false); undefined: as Settings say. */
  viaPortal?: boolean;
}

export const BROWSER_CHOICES = ["default", ...BROWSERS] as const;

function usage(message: string): never {
  throw new CliError(message, EXIT_USAGE);
}

function checked(choice: ConsoleBrowser): ConsoleBrowser {
  const parsed = consoleBrowserSchema.safeParse(choice);
  if (!parsed.success) usage(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

/** The browser a profile belongs to when only --browser-profile is given: the Settings' one. */
function browserOfSetting(choice: ConsoleBrowser): BrowserName | undefined {
  if (choice.kind === "browser") return choice.browser;
  if (choice.kind === "container") return "firefox";
  return undefined;
}

export function consoleBrowserChoice(
  options: BrowserOptions,
  settings: ConsoleBrowserSettings,
  account: { session: string; accountName?: string; alias?: string },
): ConsoleBrowser {
  const configured = consoleBrowserFor(settings, account);
  // How the console signs in goes with the choice wherever it opens: a --browser given on the
  // command line keeps the portal from Settings unless --no-via-portal says otherwise.
  const viaPortal = options.viaPortal ?? configured.viaPortal ?? false;
  const where = whereChoice(options, configured);
  return viaPortal ? { ...where, viaPortal } : withoutPortal(where);
}

function withoutPortal(choice: ConsoleBrowser): ConsoleBrowser {
  const { viaPortal: _dropped, ...rest } = choice;
  return rest;
}

function whereChoice(options: BrowserOptions, configured: ConsoleBrowser): ConsoleBrowser {
  const { browser, browserProfile: profile, container } = options;
  if (browser === undefined && profile === undefined && container === undefined) return configured;
  if (browser !== undefined && !(BROWSER_CHOICES as readonly string[]).includes(browser))
    usage(`--browser must be one of ${BROWSER_CHOICES.join(", ")} (got '${browser}')`);
  if (container !== undefined) {
    if (browser !== undefined && browser !== "firefox")
      usage(
        `Containers are Firefox's: --container goes with --browser firefox or none (got '${browser}')`,
      );
    return checked({
      kind: "container",
      container,
      ...(profile !== undefined ? { profile } : {}),
    });
  }
  if (browser === "default") {
    if (profile !== undefined)
      usage(
        "--browser-profile needs a browser by name: --browser chrome|chromium|edge|brave|firefox",
      );
    return { kind: "default" };
  }
  const name = (browser as BrowserName | undefined) ?? browserOfSetting(configured);
  if (!name)
    usage(
      "Say which browser holds that profile: --browser chrome|chromium|edge|brave|firefox (or choose one for this session in Settings)",
    );
  return checked({ kind: "browser", browser: name, ...(profile !== undefined ? { profile } : {}) });
}
