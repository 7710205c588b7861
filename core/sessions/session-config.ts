// The sessions ~/.aws/config describes: every [sso-session NAME], and every profile that carries
// sso_start_url itself (the AWS CLI's "legacy" SSO profiles, which cannot refresh).
import { effectiveSections, type ConfigSection } from "../aws-files/config-file.js";
import type { SessionSource } from "../../shared/model.js";
import { fallbackRegionsOf } from "./region-order.js";

export interface SessionConfig {
  name: string;
  source: SessionSource;
  startUrl: string;
  region: string;
  /** sso_registration_scopes, split on commas as the AWS CLI does; undefined when not set. */
  scopes: string[] | undefined;
  /**
   * Regions of a replicated instance to fall back to, in order, after `region`
   * (ssotray_fallback_regions; [sso-session]s only).
   */
  fallbackRegions?: string[];
  /** Set when the section cannot be used as it stands, saying what to add. */
  problem?: string;
}

/** As the AWS CLI's parse_sso_registration_scopes. */
export function parseScopes(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const scopes = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return scopes.length > 0 ? scopes : undefined;
}

function missing(values: Record<string, string>, keys: string[]): string[] {
  return keys.filter((k) => !values[k]?.trim());
}

export function sessionsFromConfig(
  sections: ConfigSection[],
  configPath: string,
  warn: (m: string) => void,
): SessionConfig[] {
  const out: SessionConfig[] = [];
  const names = new Set<string>();
  // `[sso-session acme]` and `[sso-session "acme"]` are one session to botocore: the last one.
  const read = effectiveSections(sections);
  for (const s of read) {
    if (s.kind !== "sso-session") continue;
    names.add(s.name);
    const lacks = missing(s.values, ["sso_start_url", "sso_region"]);
    const region = s.values.sso_region?.trim() ?? "";
    const where = `[sso-session ${s.name}] in ${configPath} (line ${s.line})`;
    const fallbackRegions = fallbackRegionsOf(s.values, region, where, warn);
    out.push({
      name: s.name,
      source: "sso-session",
      startUrl: s.values.sso_start_url?.trim() ?? "",
      region,
      scopes: parseScopes(s.values.sso_registration_scopes),
      ...(fallbackRegions.length > 0 ? { fallbackRegions } : {}),
      ...(lacks.length > 0
        ? {
            problem: `[sso-session ${s.name}] in ${configPath} (line ${s.line}) lacks ${lacks.join(" and ")}; add it`,
          }
        : {}),
    });
  }
  for (const s of read) {
    if (s.kind !== "profile" && s.kind !== "default") continue;
    // A profile with sso_session uses that session; only sso_start_url on the profile makes it legacy.
    if (s.values.sso_session || !s.values.sso_start_url) continue;
    if (names.has(s.name)) {
      warn(
        `The SSO profile '${s.name}' in ${configPath} has the name of an sso-session and is not listed; rename one of them`,
      );
      continue;
    }
    names.add(s.name);
    const lacks = missing(s.values, ["sso_region"]);
    out.push({
      name: s.name,
      source: "legacy-profile",
      startUrl: s.values.sso_start_url.trim(),
      region: s.values.sso_region?.trim() ?? "",
      scopes: undefined,
      ...(lacks.length > 0
        ? {
            problem: `The profile '${s.name}' in ${configPath} (line ${s.line}) lacks sso_region; add it`,
          }
        : {}),
    });
  }
  return out;
}
