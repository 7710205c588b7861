// A session's FIPS and dual-stack choice, kept where the AWS CLI reads it: use_fips_endpoint and
// use_dualstack_endpoint in the session's own section of ~/.aws/config, so `aws` and SSO Tray call
// the same hosts. Only an [sso-session] is ours to edit; a legacy profile is the user's.
import { effectiveSections, parseForEdits } from "../aws-files/config-file.js";
import { readConfig, updateConfig } from "../aws-files/config-store.js";
import type { Locations } from "../locations.js";
import { DUALSTACK_KEY, endpointVariantOf, FIPS_KEY } from "../network/endpoint-variant.js";
import type { EndpointVariant } from "../network/sdk-endpoints.js";
import { SessionConfigError } from "./session-errors.js";

/** What the session's section says, the environment aside. */
export async function sessionEndpointSettings(
  locations: Locations,
  session: string,
): Promise<EndpointVariant> {
  const { sections } = await readConfig(locations);
  const own = effectiveSections(sections).find(
    (s) => s.kind === "sso-session" && s.name === session,
  );
  if (!own) throw new SessionConfigError(noSession(session));
  return endpointVariantOf({}, own.values);
}

function noSession(session: string): string {
  return `There is no [sso-session ${session}] in the AWS config; FIPS and dual-stack are set per sso-session (a legacy profile takes use_fips_endpoint in its own section, edited by hand)`;
}

/** Why a legacy profile's FIPS and dual-stack choice is not ours to set. */
export function endpointsNeedSsoSession(name: string): string {
  return `The profile '${name}' signs in the AWS CLI's legacy way (sso_start_url on the profile): set use_fips_endpoint or use_dualstack_endpoint in that profile yourself, or add an [sso-session] for its start URL (ssotray login --start-url URL --region REGION --fips)`;
}

/**
 * Turns FIPS and dual-stack on or off for the session; a setting left undefined stays as it is,
 * and a key is written only when its value changes (off with no key stays without one).
 */
export async function setSessionEndpointSettings(
  locations: Locations,
  session: string,
  wanted: Partial<EndpointVariant>,
): Promise<EndpointVariant> {
  let result: EndpointVariant | undefined;
  await updateConfig(locations, (text) => {
    const editable = parseForEdits(text);
    const own = effectiveSections(editable.sections).find(
      (s) => s.kind === "sso-session" && s.name === session,
    );
    if (!own) throw new SessionConfigError(noSession(session));
    const now = endpointVariantOf({}, own.values);
    const values: Record<string, string> = {};
    if (wanted.fips !== undefined && wanted.fips !== now.fips)
      values[FIPS_KEY] = String(wanted.fips);
    if (wanted.dualStack !== undefined && wanted.dualStack !== now.dualStack)
      values[DUALSTACK_KEY] = String(wanted.dualStack);
    result = { ...now, ...wanted };
    if (Object.keys(values).length === 0) return text;
    return editable.apply([{ kind: "sso-session", name: session, values }]);
  });
  return result ?? { fips: false, dualStack: false };
}
