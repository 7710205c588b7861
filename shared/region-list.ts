// A list of regions in order, as `--regions`, the fallback key and the app's Settings take it:
// shared so the app checks what the user types by the same rule the config is written with.
import { partitionOf, validateRegion } from "./regions.js";

/** No instance is replicated to more regions than this; a longer list is a mistake. */
export const MAX_REGIONS = 8;

/**
 * The regions of a comma-separated list (as `--regions` and the config key take it), checked:
 * each a known IAM Identity Center region in the partition of the first, none twice.
 */
export function parseRegionList(
  raw: string,
): { ok: true; regions: string[] } | { ok: false; message: string } {
  const parts = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (parts.length === 0)
    return { ok: false, message: "Give at least one region, e.g. eu-west-1,eu-central-1" };
  if (parts.length > MAX_REGIONS)
    return { ok: false, message: `Give at most ${MAX_REGIONS} regions (got ${parts.length})` };
  const regions: string[] = [];
  for (const part of parts) {
    const checked = validateRegion(part);
    if (!checked.ok) return checked;
    if (regions.includes(checked.region))
      return { ok: false, message: `The region ${checked.region} is listed twice; list it once` };
    regions.push(checked.region);
  }
  const partition = partitionOf(regions[0] ?? "");
  const stranger = regions.find((r) => partitionOf(r) !== partition);
  if (stranger)
    return {
      ok: false,
      message: `An instance's regions lie in one partition: ${stranger} is not in ${partition} with ${regions[0]}; leave it out`,
    };
  return { ok: true, regions };
}
