// The regions a session may call, in the order it prefers them, for an IAM Identity Center
// instance replicated to additional regions. sso_region stays the one region the AWS CLI knows;
// the others follow it in ssotray_fallback_regions, a key of our own in the session's
// [sso-session] section, which botocore reads into the section's values and never uses (so `aws`
// keeps working on the same file). Only an [sso-session] is ours to edit.
import { effectiveSections, parseForEdits } from "../aws-files/config-file.js";
import { updateConfig } from "../aws-files/config-store.js";
import type { Locations } from "../locations.js";
import { parseRegionList } from "../../shared/region-list.js";
import { SessionConfigError } from "./session-errors.js";

export const FALLBACK_REGIONS_KEY = "ssotray_fallback_regions";

export { parseRegionList };

/**
 * The fallback regions a session's section names, after its sso_region. A list that does not
 * parse is left out with a warning: the session still works in its own region.
 */
export function fallbackRegionsOf(
  values: Record<string, string>,
  region: string,
  where: string,
  warn: (message: string) => void,
): string[] {
  const raw = values[FALLBACK_REGIONS_KEY];
  if (raw === undefined || raw.trim() === "" || region === "") return [];
  const parsed = parseRegionList(`${region},${raw}`);
  if (!parsed.ok) {
    warn(
      `${FALLBACK_REGIONS_KEY} in ${where} is not used: ${parsed.message}. Fix it, or set the order again with ssotray session regions`,
    );
    return [];
  }
  return parsed.regions.slice(1);
}

/**
 * Makes `regions` the session's order: the first becomes sso_region (the one the AWS CLI uses),
 * the rest its fallbacks. One region removes the fallback key.
 */
export async function setSessionRegions(
  locations: Locations,
  session: string,
  regions: readonly string[],
): Promise<void> {
  const parsed = parseRegionList(regions.join(","));
  if (!parsed.ok) throw new SessionConfigError(parsed.message);
  const [first, ...rest] = parsed.regions;
  await updateConfig(locations, (text) => {
    const editable = parseForEdits(text);
    const own = effectiveSections(editable.sections).find(
      (s) => s.kind === "sso-session" && s.name === session,
    );
    if (!own)
      throw new SessionConfigError(
        `There is no [sso-session ${session}] in the AWS config; a region order is kept per sso-session (add the session first, or move a legacy profile to an sso-session)`,
      );
    // Every other key stays as it is; `exact` only lets the fallback key go when one region is left.
    const values: Record<string, string> = { ...own.values, sso_region: first ?? "" };
    if (rest.length > 0) values[FALLBACK_REGIONS_KEY] = rest.join(",");
    else delete values[FALLBACK_REGIONS_KEY];
    return editable.apply([{ kind: "sso-session", name: session, values, exact: true }]);
  });
}
