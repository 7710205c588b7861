// RegisterClient, with the parameters the AWS CLI v2 sends for each flow
// (aws/aws-cli awscli/botocore/utils.py: SSOTokenFetcher, SSOTokenFetcherAuth).
import { RegisterClientCommand, type SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { describeOidcError } from "./oidc-errors.js";
import {
  AUTH_CODE_GRANT_TYPES,
  DEVICE_CODE_GRANT,
  DEVICE_GRANT_TYPES,
  REDIRECT_URI_WITHOUT_PORT,
  type ClientRegistration,
} from "./types.js";

export type RegistrationKind = "authorization-code" | "device-code";

export interface RegisterOptions {
  kind: RegistrationKind;
  clientName: string;
  startUrl: string;
  /** sso_registration_scopes; undefined for a legacy profile, which gets a registration without refresh. */
  scopes: string[] | undefined;
  endpoint: string;
  signal?: AbortSignal;
}

export async function registerClient(
  client: SSOOIDCClient,
  opts: RegisterOptions,
): Promise<ClientRegistration> {
  const base = { clientName: opts.clientName, clientType: "public" };
  const input =
    opts.kind === "authorization-code"
      ? {
          ...base,
          grantTypes: AUTH_CODE_GRANT_TYPES,
          redirectUris: [REDIRECT_URI_WITHOUT_PORT],
          issuerUrl: opts.startUrl,
          scopes: opts.scopes ?? ["sso:account:access"],
        }
      : opts.scopes
        ? // The AWS CLI sends only the scopes here; naming the grants as well is what the AWS
          // toolkits do and makes the refresh grant explicit.
          { ...base, scopes: opts.scopes, grantTypes: DEVICE_GRANT_TYPES }
        : base;
  let out;
  try {
    out = await client.send(new RegisterClientCommand(input), { abortSignal: opts.signal });
  } catch (error) {
    throw describeOidcError(error, opts.endpoint, "registering SSO Tray with IAM Identity Center");
  }
  if (!out.clientId || !out.clientSecret || out.clientSecretExpiresAt === undefined) {
    throw describeOidcError(
      new Error("RegisterClient answered without a client id, secret or expiry"),
      opts.endpoint,
      "registering SSO Tray",
    );
  }
  return {
    clientId: out.clientId,
    clientSecret: out.clientSecret,
    expiresAt: new Date(out.clientSecretExpiresAt * 1000),
    ...("scopes" in input && input.scopes ? { scopes: input.scopes } : {}),
    ...("grantTypes" in input && input.grantTypes ? { grantTypes: input.grantTypes } : {}),
  };
}

/**
 * Whether a cached registration can serve the flow. Browser: registered for authorization_code
 * (botocore's _is_registration_for_auth_code). Device: registered for the device grant, or
 * registered without naming grants, as the AWS CLI's device flow does (the service then grants
 * the device code); never a client that names its grants without the device one.
 */
export function registrationFits(
  registration: ClientRegistration,
  kind: RegistrationKind,
): boolean {
  const grants = registration.grantTypes;
  return kind === "authorization-code"
    ? (grants?.includes("authorization_code") ?? false)
    : grants === undefined || grants.includes(DEVICE_CODE_GRANT);
}
