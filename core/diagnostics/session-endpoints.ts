// The endpoints each session would call, worked out without calling any: the SDK's rules for the
// session's region and its FIPS / dual-stack choice, under the AWS_ENDPOINT_URL_* overrides, as
// sign-in, sync, credentials and the console use them. For a user behind a firewall, or one
// asking why a sign-in fails.
import { accountAccessEndpoint } from "../account-access/runtime-client.js";
import { effectiveSections } from "../aws-files/config-file.js";
import { readConfig } from "../aws-files/config-store.js";
import { consoleHome, federationEndpoint } from "../federation/partition.js";
import type { Locations } from "../locations.js";
import { oidcBaseUrl, portalBaseUrl, stsBaseUrl, type Env } from "../network/aws-clients.js";
import { endpointVariantOf } from "../network/endpoint-variant.js";
import { sdkPartition, type EndpointVariant } from "../network/sdk-endpoints.js";
import { sessionsFromConfig } from "../sessions/session-config.js";
import { validateRegion } from "../../shared/regions.js";

export interface RegionEndpoints {
  oidc: string;
  portal: string;
  federation: string;
  console: string;
  sts: string;
  accountAccess: string;
}

export interface SessionEndpoints {
  session: string;
  region: string;
  partition: string;
  fips: boolean;
  dualStack: boolean;
  endpoints: RegionEndpoints;
  /**
   * The regions a replicated instance falls back to, in order (ssotray_fallback_regions), each
   * with the same endpoints; absent when the session has none.
   */
  fallbackRegions?: Array<{ region: string; endpoints: RegionEndpoints }>;
}

export interface EndpointProblem {
  session: string;
  problem: string;
}

export async function sessionEndpoints(
  env: Env,
  locations: Locations,
): Promise<{ sessions: SessionEndpoints[]; problems: EndpointProblem[] }> {
  const { path, sections } = await readConfig(locations);
  const problems: EndpointProblem[] = [];
  const configs = sessionsFromConfig(sections, path, (problem) =>
    problems.push({ session: "", problem }),
  );
  const sessions: SessionEndpoints[] = [];
  for (const config of configs) {
    if (config.problem) {
      problems.push({ session: config.name, problem: config.problem });
      continue;
    }
    const checked = validateRegion(config.region);
    if (!checked.ok) {
      problems.push({ session: config.name, problem: checked.message });
      continue;
    }
    const region = checked.region;
    // The section the session reads its settings from: the same one sessionsFromConfig took.
    const own = effectiveSections(sections).find(
      (s) =>
        (s.kind === "sso-session" || !s.values.sso_session) &&
        s.name === config.name &&
        s.values.sso_start_url?.trim() === config.startUrl,
    );
    const variant = endpointVariantOf(env, own?.values);
    try {
      // sessionsFromConfig has checked the fallbacks: known regions, in the partition of the first.
      const fallbacks = (config.fallbackRegions ?? []).map((fallback) => ({
        region: fallback,
        endpoints: regionEndpoints(fallback, env, variant),
      }));
      sessions.push({
        session: config.name,
        region,
        partition: sdkPartition(region).name,
        fips: variant.fips,
        dualStack: variant.dualStack,
        endpoints: regionEndpoints(region, env, variant),
        ...(fallbacks.length > 0 ? { fallbackRegions: fallbacks } : {}),
      });
    } catch (error) {
      problems.push({ session: config.name, problem: (error as Error).message });
    }
  }
  return { sessions, problems };
}

function regionEndpoints(region: string, env: Env, variant: EndpointVariant): RegionEndpoints {
  return {
    oidc: oidcBaseUrl(region, env, variant),
    portal: portalBaseUrl(region, env, variant),
    federation: federationEndpoint(region, env),
    console: consoleHome(region),
    sts: stsBaseUrl(region, env, variant),
    accountAccess: accountAccessEndpoint(region, env, variant),
  };
}
