// FIPS and dual-stack endpoints, chosen the AWS CLI's way (botocore configprovider.py): the
// environment variable, when set at all, wins over the config; a value is on only when it reads
// "true" in any case (botocore's ensure_boolean), so "1" or "yes" leave it off, as there.
//
// botocore reads the config keys from the profile in use. A session of ours has its own section
// ([sso-session NAME], or the legacy profile itself), so that section is where SSO Tray reads them.
import { effectiveSections } from "../aws-files/config-file.js";
import { readConfig } from "../aws-files/config-store.js";
import type { Locations } from "../locations.js";
import type { EndpointVariant } from "./sdk-endpoints.js";

export type Env = Record<string, string | undefined>;

export const FIPS_KEY = "use_fips_endpoint";
export const DUALSTACK_KEY = "use_dualstack_endpoint";
const FIPS_VARIABLE = "AWS_USE_FIPS_ENDPOINT";
const DUALSTACK_VARIABLE = "AWS_USE_DUALSTACK_ENDPOINT";

function on(value: string): boolean {
  return value.trim().toLowerCase() === "true";
}

/** The variant from the environment and a config section's values (undefined: no section). */
export function endpointVariantOf(
  env: Env,
  values: Readonly<Record<string, string>> | undefined,
): EndpointVariant {
  const pick = (variable: string, key: string): boolean => {
    const fromEnv = env[variable];
    if (fromEnv !== undefined) return on(fromEnv);
    const fromConfig = values?.[key];
    return fromConfig !== undefined && on(fromConfig);
  };
  return {
    fips: pick(FIPS_VARIABLE, FIPS_KEY),
    dualStack: pick(DUALSTACK_VARIABLE, DUALSTACK_KEY),
  };
}

/**
 * The variant for the session with this start URL: its config section, under the environment.
 * `chosen` is a choice made for a sign-in that is not in the config yet (a session being added
 * signs in before its section is written): it stands in for the section's keys, and the
 * environment still wins over it, as it will once the choice is written.
 */
export async function sessionEndpointVariant(
  env: Env,
  locations: Locations,
  startUrl: string | undefined,
  chosen: Partial<EndpointVariant> = {},
): Promise<EndpointVariant> {
  const overlay = chosenKeys(chosen);
  if (!startUrl) return endpointVariantOf(env, overlay);
  if (env[FIPS_VARIABLE] !== undefined && env[DUALSTACK_VARIABLE] !== undefined) {
    return endpointVariantOf(env, undefined);
  }
  const { sections } = await readConfig(locations);
  // As sessionsFromConfig reads them: a repeated section is the last one.
  const own = effectiveSections(sections).find(
    (s) =>
      (s.kind === "sso-session" || !s.values.sso_session) &&
      s.values.sso_start_url?.trim() === startUrl,
  );
  return endpointVariantOf(env, { ...own?.values, ...overlay });
}

/** A choice as the config keys it will be written as. */
function chosenKeys(chosen: Partial<EndpointVariant>): Record<string, string> {
  const keys: Record<string, string> = {};
  if (chosen.fips !== undefined) keys[FIPS_KEY] = String(chosen.fips);
  if (chosen.dualStack !== undefined) keys[DUALSTACK_KEY] = String(chosen.dualStack);
  return keys;
}
