// Which session a sign-in with a start URL and a region means (`ssotray login --start-url …
// --region … [--session …]`): one already configured, the same with another region, or a new one.
// Nothing is written here: the configuration changes only once the sign-in succeeds, so a sign-in
// that is cancelled or never approved leaves ~/.aws/config as it was.
import { parseStartUrl, validateSessionName } from "../../shared/start-url.js";
import { validateRegion } from "../../shared/regions.js";
import { DEFAULT_SCOPES } from "../oidc/types.js";
import { SessionConfigError } from "./session-errors.js";
import type { SessionConfig } from "./session-config.js";

export type SessionChange =
  /** Signing in changes nothing in the configuration. */
  | { kind: "none" }
  /** A new [sso-session], written once signed in. */
  | { kind: "add" }
  /** The same start URL in another region: sso_region changes once signed in. */
  | { kind: "region"; from: string };

export interface SessionTarget {
  /** The session as it will be configured once signed in. */
  config: SessionConfig;
  change: SessionChange;
}

export interface TargetInput {
  startUrl: string;
  region: string;
  name?: string;
  /** Who asks: a clash is explained with the command line's options or the app's form. */
  askedBy?: "cli" | "app";
}

/** Two start URLs name the same portal when they read the same once normalised. */
export function sameStartUrl(a: string, b: string): boolean {
  const pa = parseStartUrl(a);
  const pb = parseStartUrl(b);
  return (pa.ok ? pa.url : a) === (pb.ok ? pb.url : b);
}

function describeSection(config: SessionConfig, configPath: string): string {
  return config.source === "sso-session"
    ? `[sso-session ${config.name}] in ${configPath}`
    : `the profile '${config.name}' in ${configPath}, with its own sso_start_url,`;
}

function withRegion(config: SessionConfig, region: string): SessionTarget {
  if (config.region === region) return { config, change: { kind: "none" } };
  // A missing sso_region was the only thing wrong with it: the new region fills it in.
  const { problem: _dropped, ...rest } = config;
  return { config: { ...rest, region }, change: { kind: "region", from: config.region } };
}

export function planTarget(
  configs: readonly SessionConfig[],
  input: TargetInput,
  configPath: string,
): SessionTarget {
  const url = parseStartUrl(input.startUrl);
  if (!url.ok) throw new SessionConfigError(url.message);
  const checked = validateRegion(input.region);
  if (!checked.ok) throw new SessionConfigError(checked.message);
  const region = checked.region;

  if (input.name !== undefined) {
    const name = validateSessionName(input.name);
    if (!name.ok) throw new SessionConfigError(name.message);
    const found = configs.find((c) => c.name === name.name);
    if (!found) return { config: fresh(name.name, url.url, region), change: { kind: "add" } };
    if (!sameStartUrl(found.startUrl, url.url)) {
      const how =
        input.askedBy === "app"
          ? `to sign in to ${url.url}, choose another session name (or leave it empty)`
          : found.source === "sso-session"
            ? `to sign in to ${url.url}, give another name with --session (or leave it out), or remove this session first with \`ssotray session remove ${found.name}\``
            : `to sign in to ${url.url}, give another name with --session (or leave it out), or edit that profile yourself`;
      throw new SessionConfigError(
        `The session '${found.name}' is ${describeSection(found, configPath)} and signs in to ${found.startUrl || "no start URL"}, not ${url.url}: ${how}`,
      );
    }
    return withRegion(found, region);
  }

  const sessions = configs.filter(
    (c) => c.source === "sso-session" && sameStartUrl(c.startUrl, url.url),
  );
  const exact = sessions.find((c) => c.region === region);
  if (exact) return { config: exact, change: { kind: "none" } };
  if (sessions.length === 1) return withRegion(sessions[0]!, region);
  if (sessions.length > 1) {
    throw new SessionConfigError(
      `${sessions.length} sessions sign in to ${url.url} (${sessions.map((s) => s.name).join(", ")}): choose one with --session`,
    );
  }
  // A legacy profile for the same portal and region is used as it stands; any other gets an
  // [sso-session] of its own rather than an edit of a profile the user wrote.
  const legacy = configs.find(
    (c) =>
      c.source === "legacy-profile" && sameStartUrl(c.startUrl, url.url) && c.region === region,
  );
  if (legacy) return { config: legacy, change: { kind: "none" } };
  const taken = new Set(configs.map((c) => c.name));
  let name = url.suggestedName;
  for (let i = 2; taken.has(name); i++) name = `${url.suggestedName}-${i}`;
  return { config: fresh(name, url.url, region), change: { kind: "add" } };
}

function fresh(name: string, startUrl: string, region: string): SessionConfig {
  return { name, source: "sso-session", startUrl, region, scopes: [...DEFAULT_SCOPES] };
}
