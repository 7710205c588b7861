// Getting a new sign-in from the user: a client registration (cached, else made for this flow),
// then the browser (PKCE) or device-code flow, started over once with a new registration when the
// service no longer knows a cached one and the user has not been asked anything yet.
import type { SignInMethod, SignInPrompt } from "../../shared/model.js";
import type { createOidcClient } from "../network/aws-clients.js";
import type { Locations } from "../locations.js";
import type { EndpointVariant } from "../network/sdk-endpoints.js";
import { browserSignIn } from "../oidc/browser-flow.js";
import { deviceSignIn } from "../oidc/device-flow.js";
import { SignInError } from "../oidc/oidc-errors.js";
import { registerClient, type RegistrationKind } from "../oidc/registration.js";
import { DEFAULT_SCOPES, type ClientRegistration, type OidcToken } from "../oidc/types.js";
import {
  readRegistration,
  removeRegistration,
  writeRegistration,
  type RegistrationKey,
} from "./registration-cache.js";
import type { SessionConfig } from "./session-config.js";

export interface SignInOptions {
  method: SignInMethod;
  signal?: AbortSignal;
  onPrompt?: (p: SignInPrompt) => void;
  timeoutMs?: number;
  /**
   * An account access manager tenant to sign in for (undefined: the session's own, if it has
   * one): the sign-in asks for the account access scopes too, and names it the session's tenant
   * once it succeeds. null: sign in without one, and forget the session's.
   */
  tenantId?: string | null;
  /**
   * FIPS and dual-stack chosen for this sign-in (a setting left out stays the session's own): the
   * sign-in calls those endpoints, and they are written into the session's [sso-session] once it
   * succeeds (with the section itself, for a session being added).
   */
  endpoints?: Partial<EndpointVariant>;
}

export interface SignInFlowParts {
  locations: Locations;
  now: () => number;
  clientName: string;
  openBrowser: (url: string) => Promise<void>;
  warn: (message: string) => void;
}

export interface SignInFlowRequest {
  config: SessionConfig;
  flow: SignInMethod;
  kind: RegistrationKind;
  key: RegistrationKey;
  client: ReturnType<typeof createOidcClient>;
  endpoint: string;
  opts: SignInOptions;
  /**
   * Scopes asked for at token time in the device flow too (the browser flow always names the
   * session's): set when the session adds the account access scopes to its own.
   */
  tokenScopes?: string[];
}

export interface Registered {
  value: ClientRegistration;
  /** Found in the cache rather than made for this sign-in. */
  cached: boolean;
}

/**
 * Runs the flow; `seen.registered` tells the caller, even when it throws, which registration was
 * used, so that a sign-in that leaves nothing can take back one it made.
 */
export async function obtainSignIn(
  parts: SignInFlowParts,
  request: SignInFlowRequest,
  seen: { registered?: Registered },
): Promise<{ token: OidcToken; registration: ClientRegistration }> {
  const { key, kind } = request;
  let registration = await register(parts, request);
  seen.registered = registration;
  const involved = { user: false };
  try {
    return {
      token: await runFlow(parts, request, registration.value, involved),
      registration: registration.value,
    };
  } catch (error) {
    // A cached registration the service no longer knows (revoked, or expired early): if the
    // user was not yet involved, register again and start over once.
    if (!(error instanceof SignInError && error.reason === "invalid-client")) throw error;
    await removeRegistration(parts.locations, key, kind);
    if (!registration.cached || involved.user) throw error;
    registration = await register(parts, request);
    seen.registered = registration;
    return {
      token: await runFlow(parts, request, registration.value, involved),
      registration: registration.value,
    };
  }
}

async function register(parts: SignInFlowParts, request: SignInFlowRequest): Promise<Registered> {
  const { key, kind, client, endpoint } = request;
  const signal = request.opts.signal;
  // Only a registration made for this flow: a device flow never gets a browser-only client.
  const cached = await readRegistration(parts.locations, key, kind, parts.now());
  if (cached) return { value: cached, cached: true };
  const value = await registerClient(client, {
    kind,
    clientName: `${parts.clientName}-${key.sessionName ?? Math.floor(parts.now() / 1000)}`,
    startUrl: key.startUrl,
    scopes: key.scopes,
    endpoint,
    ...(signal ? { signal } : {}),
  });
  await writeRegistration(parts.locations, key, kind, value);
  return { value, cached: false };
}

function runFlow(
  parts: SignInFlowParts,
  request: SignInFlowRequest,
  registration: ClientRegistration,
  involved: { user: boolean },
): Promise<OidcToken> {
  const { config, client, endpoint, opts } = request;
  if (request.flow === "browser") {
    return browserSignIn({
      client,
      oidcBase: endpoint,
      registration,
      scopes: config.scopes ?? DEFAULT_SCOPES,
      openBrowser: parts.openBrowser,
      onUrl: (url) => {
        involved.user = true;
        opts.onPrompt?.({ kind: "browser", session: config.name, url });
      },
      warn: parts.warn,
      now: parts.now,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
  }
  return deviceSignIn({
    client,
    endpoint,
    registration,
    startUrl: config.startUrl,
    now: parts.now,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(request.tokenScopes ? { scopes: request.tokenScopes } : {}),
    onPrompt: (p) => {
      involved.user = true;
      opts.onPrompt?.({
        kind: "device",
        session: config.name,
        userCode: p.userCode,
        verificationUri: p.verificationUri,
        verificationUriComplete: p.verificationUriComplete,
        expiresAt: p.expiresAt.toISOString(),
      });
      // Asked for the browser but given the device flow (a legacy profile): open the page that
      // carries the code, as the AWS CLI does.
      if (opts.method === "browser") {
        parts
          .openBrowser(p.verificationUriComplete)
          .catch((error: unknown) =>
            parts.warn(
              `Could not open the browser (${error instanceof Error ? error.message : String(error)}); open ${p.verificationUriComplete} yourself`,
            ),
          );
      }
    },
  });
}
