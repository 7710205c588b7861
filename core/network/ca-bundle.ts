// The certificate authorities a TLS connection to AWS trusts, by the AWS CLI's rules: the file
// named by AWS_CA_BUNDLE, else `ca_bundle` in the config, and then only that file, as botocore
// does (it replaces the built-in list, it does not add to it). NODE_EXTRA_CA_CERTS needs nothing
// here: Node adds it to the built-in list when it starts.
//
// In the config the session's own section ([sso-session NAME], or a legacy SSO profile) comes
// first, then the profile the AWS CLI would use (AWS_PROFILE, else [default]).
import { readFile } from "node:fs/promises";
import { readConfig } from "../aws-files/config-store.js";
import { expandHomePath, type Locations } from "../locations.js";
import { NetworkPathError } from "./network-path-error.js";

export type Env = Record<string, string | undefined>;

export interface CaBundle {
  path: string;
  /** "AWS_CA_BUNDLE", "ca_bundle in [sso-session acme]", … */
  source: string;
  pem: string;
}

interface Found {
  path: string;
  source: string;
}

async function fromConfig(
  env: Env,
  locations: Locations,
  startUrl: string | undefined,
): Promise<Found | undefined> {
  const { sections } = await readConfig(locations);
  const label = (s: (typeof sections)[number]) =>
    s.kind === "sso-session"
      ? `[sso-session ${s.name}]`
      : s.kind === "default"
        ? "[default]"
        : `[profile ${s.name}]`;
  if (startUrl) {
    const own = sections.find(
      (s) =>
        (s.kind === "sso-session" || !s.values.sso_session) &&
        s.values.sso_start_url?.trim() === startUrl &&
        s.values.ca_bundle?.trim(),
    );
    if (own)
      return { path: own.values.ca_bundle?.trim() ?? "", source: `ca_bundle in ${label(own)}` };
  }
  const profile = env.AWS_PROFILE?.trim() || env.AWS_DEFAULT_PROFILE?.trim() || "default";
  const active = sections.find(
    (s) =>
      (s.kind === "profile" || s.kind === "default") &&
      s.name === profile &&
      s.values.ca_bundle?.trim(),
  );
  return active
    ? { path: active.values.ca_bundle?.trim() ?? "", source: `ca_bundle in ${label(active)}` }
    : undefined;
}

/** The CA bundle for connections on behalf of the session with this start URL, if one is set. */
export async function resolveCaBundle(
  env: Env,
  locations: Locations,
  startUrl?: string,
): Promise<CaBundle | undefined> {
  const variable = env.AWS_CA_BUNDLE?.trim();
  const found: Found | undefined = variable
    ? { path: variable, source: "AWS_CA_BUNDLE" }
    : await fromConfig(env, locations, startUrl);
  if (!found) return undefined;
  const path = expandHomePath(found.path, locations);
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new NetworkPathError(
      `The CA bundle ${path} (from ${found.source}) cannot be read (${code}); point ${found.source.startsWith("ca_bundle") ? "ca_bundle" : "AWS_CA_BUNDLE"} at a PEM file with your organisation's certificate authority`,
      { reason: error },
    );
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new NetworkPathError(
      `The CA bundle ${path} (from ${found.source}) holds no PEM certificate; it must contain "-----BEGIN CERTIFICATE-----" blocks`,
    );
  }
  return { path, source: found.source, pem };
}
