// A session's regions as it calls them, for the app's Settings: the order `ssotray session regions
// NAME` shows, read from the AWS config (kept apart from region-order.ts, which session-config.ts
// imports in turn).
import { readConfig } from "../aws-files/config-store.js";
import type { Locations } from "../locations.js";
import { regionOrder } from "./region-failover.js";
import { sessionsFromConfig } from "./session-config.js";
import { SessionConfigError } from "./session-errors.js";

/** sso_region, then the fallbacks; a fallback list that does not parse is left out, as at sign-in. */
export async function sessionRegionOrder(locations: Locations, session: string): Promise<string[]> {
  const { path, sections } = await readConfig(locations);
  const config = sessionsFromConfig(sections, path, () => undefined).find(
    (c) => c.name === session,
  );
  if (!config)
    throw new SessionConfigError(
      `There is no session named '${session}' in the AWS config; add it first`,
    );
  return regionOrder(config);
}
