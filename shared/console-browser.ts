// Where a console opens: the default browser, a browser with a named profile, or a Firefox
// container (through the "Open external links in a container" add-on). Chosen per session and, by
// rules on the account's name, per account; shared by the app, the CLI and the renderer (which is
// why the schemas live apart, in console-browser-schema.ts: the renderer bundles no zod).

import { withoutInvisible } from "./visible-text.js";

export const BROWSERS = ["chrome", "chromium", "edge", "brave", "firefox"] as const;
export type BrowserName = (typeof BROWSERS)[number];

export const BROWSER_LABELS: Record<BrowserName, string> = {
  chrome: "Google Chrome",
  chromium: "Chromium",
  edge: "Microsoft Edge",
  brave: "Brave",
  firefox: "Firefox",
};

export type ConsoleBrowser = (
  | { kind: "default" }
  /** A browser by name; with a profile, that profile's window (its cookies, its sign-ins). */
  | { kind: "browser"; browser: BrowserName; profile?: string }
  /** Firefox, in a container tab; optionally in a Firefox profile too. */
  | { kind: "container"; container: string; profile?: string }
) & {
  /**
   * Open the console through the access portal's shortcut link instead of a federation sign-in:
   * the browser signs in as the user, which keeps AWS's multi-session console (several accounts
   * side by side) and the permission set's session length, but needs the browser signed in to
   * the portal.
   */
  viaPortal?: boolean;
};

export interface ConsoleBrowserRule {
  /** Matched, without regard to case, against the account's name and its alias. */
  nameContains: string;
  browser: ConsoleBrowser;
}

export interface ConsoleBrowserSettings {
  /** By session name. */
  sessions: Record<string, ConsoleBrowser>;
  /** The first rule that matches an account wins over its session's choice. */
  rules: ConsoleBrowserRule[];
}

export const DEFAULT_CONSOLE_BROWSERS: ConsoleBrowserSettings = { sessions: {}, rules: [] };

// A profile or container name becomes one argument of a browser's command line or a parameter of
// a link: printable characters only, no leading dash (a browser would read it as a switch), no
// path separators (Chromium's --profile-directory is a folder name).
export const NAME_PATTERN = /^(?!-)[^\p{Cc}\p{Cf}/\\]{1,64}$/u;

/** What is wrong with a profile or container name, or undefined when it may be used. */
export function browserNameProblem(
  what: "profile" | "container",
  name: string,
): string | undefined {
  if (NAME_PATTERN.test(name)) return undefined;
  return `A ${what === "profile" ? "browser profile" : "container"} name is 1 to 64 characters, without '/', '\\', control characters or a leading '-'`;
}

/** A name or a rule's text as rules compare them: what shows, whatever the case. */
function matchable(text: string): string {
  return withoutInvisible(text).toLowerCase();
}

/**
 * The choice for one account: its first matching rule, else its session's, else the default.
 * Invisible characters count on neither side: a name cannot slip past a rule by hiding one, and a
 * rule of nothing visible matches nothing.
 */
export function consoleBrowserFor(
  settings: ConsoleBrowserSettings,
  account: { session: string; accountName?: string; alias?: string },
): ConsoleBrowser {
  const names = [account.accountName, account.alias]
    .filter((n): n is string => Boolean(n))
    .map(matchable);
  const rule = settings.rules.find((r) => {
    const text = matchable(r.nameContains);
    return text !== "" && names.some((name) => name.includes(text));
  });
  return rule?.browser ?? settings.sessions[account.session] ?? { kind: "default" };
}

/** How a choice reads in menus and messages: "Firefox, container 'prod'" (", through the access portal"). */
export function describeConsoleBrowser(choice: ConsoleBrowser): string {
  const where = describeWhere(choice);
  return choice.viaPortal ? `${where}, through the access portal` : where;
}

function describeWhere(choice: ConsoleBrowser): string {
  switch (choice.kind) {
    case "default":
      return "the default browser";
    case "browser":
      return choice.profile
        ? `${BROWSER_LABELS[choice.browser]}, profile '${choice.profile}'`
        : BROWSER_LABELS[choice.browser];
    case "container":
      return `Firefox${choice.profile ? `, profile '${choice.profile}'` : ""}, container '${choice.container}'`;
  }
}
