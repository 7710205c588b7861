// The command that opens a console link where the user chose: a program and its arguments, never
// a shell line. The link is always one argument of its own (or, for a Firefox container, encoded
// inside one), after every switch, so nothing in it can become a switch or a command.
import { containerNameSchema, profileNameSchema } from "../../shared/console-browser-schema.js";
import {
  BROWSER_LABELS,
  type BrowserName,
  type ConsoleBrowser,
} from "../../shared/console-browser.js";
import { locateBrowser, type LocateOptions } from "./browser-locations.js";

export interface LaunchCommand {
  program: string;
  args: string[];
  /** What the user reads in a message: "Firefox (/usr/bin/firefox)". */
  label: string;
}

/** The system's "open this link" command, or SSOTRAY_BROWSER / BROWSER where set. */
export function defaultBrowserCommand(
  url: string,
  options: Pick<LocateOptions, "env" | "platform">,
): LaunchCommand {
  const custom = options.env.SSOTRAY_BROWSER || options.env.BROWSER;
  // BROWSER may be a colon-separated list (the Debian convention); take the first.
  if (custom) {
    const program = custom.split(":")[0]!;
    return { program, args: [url], label: program };
  }
  if (options.platform === "darwin") return { program: "open", args: [url], label: "open" };
  // `start` is a cmd built-in; rundll32 opens a URL with no shell parsing.
  if (options.platform === "win32")
    return { program: "rundll32", args: ["url.dll,FileProtocolHandler", url], label: "rundll32" };
  return { program: "xdg-open", args: [url], label: "xdg-open" };
}

/** The "Open external links in a container" add-on's link: both values encoded, so a `&` in the
 * console link stays inside its parameter. */
export function containerLink(container: string, url: string): string {
  return `ext+container:name=${encodeURIComponent(container)}&url=${encodeURIComponent(url)}`;
}

function profileArgs(browser: BrowserName, profile: string | undefined): string[] {
  if (profile === undefined) return [];
  const name = profileNameSchema.parse(profile);
  return browser === "firefox" ? ["-P", name] : [`--profile-directory=${name}`];
}

function inBrowser(
  browser: BrowserName,
  switches: string[],
  target: string,
  options: LocateOptions,
): LaunchCommand {
  const label = BROWSER_LABELS[browser];
  const found = locateBrowser(browser, label, options);
  if (found.kind === "mac-bundle") {
    // -n: a new instance even when the browser runs, else macOS drops the arguments; the browser
    // hands the link to its running instance itself.
    return {
      program: "open",
      args: ["-na", found.path, "--args", ...switches, target],
      label: `${label} (${found.path})`,
    };
  }
  return { program: found.path, args: [...switches, target], label: `${label} (${found.path})` };
}

export function consoleLaunchCommand(
  choice: ConsoleBrowser,
  url: string,
  options: LocateOptions,
): LaunchCommand {
  if (!/^https?:\/\//i.test(url))
    throw new Error(`Refusing to open '${url.slice(0, 100)}': it is not a web address`);
  switch (choice.kind) {
    case "default":
      return defaultBrowserCommand(url, options);
    case "browser":
      return inBrowser(choice.browser, profileArgs(choice.browser, choice.profile), url, options);
    case "container": {
      const container = containerNameSchema.parse(choice.container);
      return inBrowser(
        "firefox",
        profileArgs("firefox", choice.profile),
        containerLink(container, url),
        options,
      );
    }
  }
}
