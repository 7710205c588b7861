// Where each AWS service a session talks to lives, by the AWS SDK's own endpoint rules: the rule
// sets the SDK clients carry (OIDC, portal, STS) and the SDK's partition data for the Account
// Access Runtime API, which has no JavaScript client. No host table of ours can fall behind a new
// partition or variant this way. The AWS_ENDPOINT_URL_* overrides are looked up here too
// (endpointOverride), so a region-by-region override and the variables are read in one place.
import { SSOClient } from "@aws-sdk/client-sso";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import { partition } from "@aws-sdk/core/client";

/** FIPS and dual-stack, as use_fips_endpoint / use_dualstack_endpoint choose them. */
export interface EndpointVariant {
  fips: boolean;
  dualStack: boolean;
}

export const PLAIN_ENDPOINTS: EndpointVariant = { fips: false, dualStack: false };

export type SdkService = "oidc" | "portal" | "sts";

type RuleParameters = {
  Region: string;
  UseFIPS: boolean;
  UseDualStack: boolean;
};
type Rules = (parameters: RuleParameters) => { url: URL };

let rules: Record<SdkService, Rules> | undefined;

// The rule sets hang off a client's resolved config; one client of each kind serves every region,
// since the region is a parameter of the rules, not of the client. No call is ever sent on them.
function ruleSets(): Record<SdkService, Rules> {
  if (rules) return rules;
  const sts = new STSClient({ region: "us-east-1" }).config.endpointProvider;
  rules = {
    oidc: new SSOOIDCClient({ region: "us-east-1" }).config.endpointProvider,
    portal: new SSOClient({ region: "us-east-1" }).config.endpointProvider,
    // Regional STS, as the SDK uses by default (sts_regional_endpoints = regional).
    sts: (p) => sts({ ...p, UseGlobalEndpoint: false }),
  };
  return rules;
}

function base(url: URL): string {
  return url.href.replace(/\/+$/, "");
}

/** The base URL of an SDK-modelled service in a region, e.g. https://oidc.eu-west-1.amazonaws.com. */
export function sdkEndpoint(
  service: SdkService,
  region: string,
  variant: EndpointVariant = PLAIN_ENDPOINTS,
): string {
  const resolve = ruleSets()[service];
  try {
    return base(
      resolve({ Region: region, UseFIPS: variant.fips, UseDualStack: variant.dualStack }).url,
    );
  } catch (error) {
    throw new Error(
      `The AWS SDK has no ${service} endpoint for ${region}${variant.fips ? " with FIPS" : ""}${variant.dualStack ? " with dual-stack" : ""} (${(error as Error).message}); turn off use_fips_endpoint / use_dualstack_endpoint or set the AWS_ENDPOINT_URL_* variable for it`,
      { cause: error },
    );
  }
}

/** The SDK's partition of a region: its name and DNS suffixes. */
export function sdkPartition(region: string): {
  name: string;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
} {
  const p = partition(region);
  return { name: p.name, dnsSuffix: p.dnsSuffix, dualStackDnsSuffix: p.dualStackDnsSuffix };
}

/**
 * The Account Access Runtime API: dual-stack only (its model's dualStackOnlyEndpoints), so always
 * on the partition's dual-stack suffix; with FIPS on the `-fips` prefix the model's UseFIPS
 * parameter implies (not seen documented).
 */
export function accountAccessSdkEndpoint(
  region: string,
  variant: EndpointVariant = PLAIN_ENDPOINTS,
): string {
  const suffix = sdkPartition(region).dualStackDnsSuffix;
  return `https://account-access-runtime${variant.fips ? "-fips" : ""}.${region}.${suffix}`;
}

/** The variable the AWS SDK reads to send a service's calls elsewhere. */
const OVERRIDE_VARIABLE: Record<SdkService, string> = {
  oidc: "AWS_ENDPOINT_URL_SSO_OIDC",
  portal: "AWS_ENDPOINT_URL_SSO",
  sts: "AWS_ENDPOINT_URL_STS",
};

/** A base URL for a service in one region, or undefined to leave that region to the variables. */
export type RegionalEndpoints = (service: SdkService, region: string) => string | undefined;

let regionalEndpoints: RegionalEndpoints | undefined;

/**
 * For tests of an instance replicated to several regions: an AWS_ENDPOINT_URL_* variable names
 * one URL for every region, so a local stand-in could not tell the regions apart. Installed by
 * test-support only; production never calls it. `undefined` removes it.
 */
export function setRegionalEndpoints(resolve: RegionalEndpoints | undefined): void {
  regionalEndpoints = resolve;
}

/** The URL that replaces the SDK's endpoint for the service in the region, if any. */
export function endpointOverride(
  service: SdkService,
  region: string,
  env: Record<string, string | undefined>,
): string | undefined {
  return regionalEndpoints?.(service, region) ?? (env[OVERRIDE_VARIABLE[service]] || undefined);
}
