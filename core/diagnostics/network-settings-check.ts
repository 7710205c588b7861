// The proxy and certificate authorities calls to AWS go through, as the AWS CLI would pick them:
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (credentials in a proxy URL are never shown), and the CA
// bundle from AWS_CA_BUNDLE or ca_bundle, which must be readable and hold certificates.
import { resolveCaBundle } from "../network/ca-bundle.js";
import type { Env } from "../network/network-deadline.js";
import type { Locations } from "../locations.js";
import { found, type Finding } from "./finding.js";

/** A proxy URL without its user name and password. */
export function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
    }
    return url.toString();
  } catch {
    return value.replace(/\/\/[^/@]*@/, "//***@");
  }
}

export async function checkNetworkSettings(
  env: Env,
  locations: Locations,
  startUrls: readonly string[],
): Promise<Finding[]> {
  const out: Finding[] = [];
  const proxies = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"]
    .filter((name) => env[name])
    .map(
      (name) =>
        `${name}=${name.toLowerCase() === "no_proxy" ? env[name] : withoutCredentials(env[name] ?? "")}`,
    );
  out.push(
    found(
      "proxy",
      "ok",
      proxies.length
        ? `Proxy settings: ${proxies.join(", ")}`
        : "No proxy is set (direct connections)",
    ),
  );
  const bundles = new Map<string, string>();
  for (const startUrl of startUrls.length ? startUrls : [undefined]) {
    try {
      const bundle = await resolveCaBundle(env, locations, startUrl);
      if (bundle) bundles.set(bundle.path, bundle.source);
    } catch (error) {
      out.push(found("ca-bundle", "error", (error as Error).message));
    }
  }
  for (const [path, source] of bundles)
    out.push(
      found(
        "ca-bundle",
        "ok",
        `Certificate authorities from ${path} (${source}), instead of the built-in list`,
      ),
    );
  if (env.NODE_EXTRA_CA_CERTS)
    out.push(
      found(
        "ca-bundle",
        "ok",
        `NODE_EXTRA_CA_CERTS adds ${env.NODE_EXTRA_CA_CERTS} to the built-in list`,
      ),
    );
  return out;
}
