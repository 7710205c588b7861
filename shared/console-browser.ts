// Where a console opens: the default browser, a browser with a named profile, or a Firefox
// container (through the "Open external links in a container" add-on). Chosen per session and, by
// rules on the account's name, per account; shared by the app, the CLI and the renderer.
import { z } from "zod";

export const BROWSERS = ["chrome", "chromium", "edge", "brave", "firefox"] as const;
export type BrowserName = (typeof BROWSERS)[number];

export const BROWSER_LABELS: Record<BrowserName, string> = {
  chrome: "Google Chrome",
  chromium: "Chromium",
  edge: "Microsoft Edge",
  brave: "Brave",
  firefox: "Firefox",
};

export type ConsoleBrowser =
  | { kind: "default" }
  /** A browser by name; with a profile, that profile's window (its cookies, its sign-ins). */
  | { kind: "browser"; browser: BrowserName; profile?: string }
  /** Firefox, in a container tab; optionally in a Firefox profile too. */
  | { kind: "container"; container: string; profile?: string };

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
const NAME_PATTERN = /^(?!-)[^\p{Cc}\p{Cf}/\\]{1,64}$/u;

export const profileNameSchema = z
  .string()
  .trim()
  .regex(
    NAME_PATTERN,
    "A browser profile name is 1 to 64 characters, without '/', '\\', control characters or a leading '-'",
  );

export const containerNameSchema = z
  .string()
  .trim()
  .regex(
    NAME_PATTERN,
    "A container name is 1 to 64 characters, without '/', '\\', control characters or a leading '-'",
  );

export const consoleBrowserSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("default") }).strict(),
  z
    .object({
      kind: z.literal("browser"),
      browser: z.enum(BROWSERS),
      profile: profileNameSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("container"),
      container: containerNameSchema,
      profile: profileNameSchema.optional(),
    })
    .strict(),
]);

export const consoleBrowserRuleSchema = z
  .object({
    nameContains: z.string().trim().min(1, "A rule needs some text to match").max(64),
    browser: consoleBrowserSchema,
  })
  .strict();

export const consoleBrowserSettingsSchema = z
  .object({
    sessions: z.record(z.string().min(1).max(128), consoleBrowserSchema),
    rules: z.array(consoleBrowserRuleSchema).max(50),
  })
  .strict();

/** The choice for one account: its first matching rule, else its session's, else the default. */
export function consoleBrowserFor(
  settings: ConsoleBrowserSettings,
  account: { session: string; accountName?: string; alias?: string },
): ConsoleBrowser {
  const names = [account.accountName, account.alias]
    .filter((n): n is string => Boolean(n))
    .map((n) => n.toLowerCase());
  const rule = settings.rules.find((r) =>
    names.some((name) => name.includes(r.nameContains.toLowerCase())),
  );
  return rule?.browser ?? settings.sessions[account.session] ?? { kind: "default" };
}

/** How a choice reads in menus and messages: "Firefox, container 'prod'". */
export function describeConsoleBrowser(choice: ConsoleBrowser): string {
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
