// SSO OIDC: RegisterClient, StartDeviceAuthorization, CreateToken, and the two pages a browser
// sees (/authorize for the PKCE flow, /device for the device code). Error statuses, shape names
// and OAuth bodies are those of the sso-oidc service model.
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { LogNote, SimContext } from "./context.js";
import {
  escapeHtml,
  page,
  parseJsonObject,
  sendAwsError,
  sendHtml,
  sendJson,
  stringField,
} from "./http.js";
import { opaque, type AccessToken, type Registration } from "./state.js";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const AUTH_CODE_TTL_MS = 5 * 60_000;

const OAUTH_ERRORS = {
  authorization_pending: [400, "AuthorizationPendingException"],
  slow_down: [400, "SlowDownException"],
  expired_token: [400, "ExpiredTokenException"],
  access_denied: [400, "AccessDeniedException"],
  invalid_grant: [400, "InvalidGrantException"],
  invalid_request: [400, "InvalidRequestException"],
  invalid_scope: [400, "InvalidScopeException"],
  unauthorized_client: [400, "UnauthorizedClientException"],
  unsupported_grant_type: [400, "UnsupportedGrantTypeException"],
  invalid_client: [401, "InvalidClientException"],
  invalid_redirect_uri: [400, "InvalidRedirectUriException"],
  invalid_client_metadata: [400, "InvalidClientMetadataException"],
} as const;
type OAuthError = keyof typeof OAUTH_ERRORS;

function oauthError(res: ServerResponse, error: OAuthError, description: string): LogNote {
  const [status, type] = OAUTH_ERRORS[error];
  sendAwsError(res, status, type, { error, error_description: description });
  return { error: type };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string")
    ? (value as string[])
    : undefined;
}

export function registerClient(ctx: SimContext, bodyText: string, res: ServerResponse): LogNote {
  const body = parseJsonObject(bodyText);
  if (!body) return oauthError(res, "invalid_request", "The request body is not a JSON object");
  const clientName = stringField(body, "clientName");
  const clientType = stringField(body, "clientType");
  if (!clientName || !clientType)
    return oauthError(res, "invalid_request", "clientName and clientType are required");
  if (clientType !== "public")
    return oauthError(res, "invalid_client_metadata", "clientType must be public");
  const grantTypes = stringList(body.grantTypes);
  const redirectUris = stringList(body.redirectUris) ?? [];
  if (grantTypes?.includes("authorization_code")) {
    if (redirectUris.length === 0)
      return oauthError(
        res,
        "invalid_redirect_uri",
        "redirectUris is required for authorization_code",
      );
    if (!stringField(body, "issuerUrl"))
      return oauthError(res, "invalid_request", "issuerUrl is required for authorization_code");
    for (const uri of redirectUris) {
      if (!isLoopbackUri(uri))
        return oauthError(
          res,
          "invalid_redirect_uri",
          `Redirect URI must be a loopback http URI: ${uri}`,
        );
    }
  }
  const scopes = stringList(body.scopes) ?? [];
  const refused = scopes.find((scope) => scope.startsWith("account_access:"));
  if (ctx.options.refuseAccountAccessScopes && refused)
    return oauthError(res, "invalid_scope", `Invalid scope: ${refused}`);
  const now = ctx.now();
  const registration: Registration = {
    clientId: opaque("client-", 16),
    clientSecret: opaque("secret-", 48),
    clientName,
    scopes,
    grantTypes,
    redirectUris,
    expiresAt: now + ctx.options.registrationTtlSeconds * 1000,
  };
  ctx.state.registrations.set(registration.clientId, registration);
  sendJson(res, 200, {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    clientIdIssuedAt: Math.floor(now / 1000),
    clientSecretExpiresAt: Math.floor(registration.expiresAt / 1000),
  });
  return {};
}

function isLoopbackUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (
      url.protocol === "http:" &&
      (url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]")
    );
  } catch {
    return false;
  }
}

/** A registered redirect URI without a port matches any loopback port, as the AWS CLI relies on. */
function redirectMatches(registered: string, actual: string): boolean {
  try {
    const want = new URL(registered);
    const got = new URL(actual);
    return (
      want.protocol === got.protocol &&
      want.hostname === got.hostname &&
      want.pathname === got.pathname &&
      (want.port === "" || want.port === got.port)
    );
  } catch {
    return false;
  }
}

function authenticateClient(ctx: SimContext, body: Record<string, unknown>): Registration | string {
  const clientId = stringField(body, "clientId");
  const clientSecret = stringField(body, "clientSecret");
  const registration = clientId ? ctx.state.registrations.get(clientId) : undefined;
  if (!registration || registration.clientSecret !== clientSecret)
    return "Invalid client id or secret";
  if (registration.expiresAt <= ctx.now()) return "Client registration has expired";
  return registration;
}

export function startDeviceAuthorization(
  ctx: SimContext,
  bodyText: string,
  res: ServerResponse,
): LogNote {
  const body = parseJsonObject(bodyText);
  if (!body) return oauthError(res, "invalid_request", "The request body is not a JSON object");
  const client = authenticateClient(ctx, body);
  if (typeof client === "string") return oauthError(res, "invalid_client", client);
  // A client that named its grants without the device code cannot start a device sign-in.
  if (client.grantTypes && !client.grantTypes.includes(DEVICE_GRANT))
    return oauthError(res, "unauthorized_client", "Client is not registered for device_code");
  if (!stringField(body, "startUrl"))
    return oauthError(res, "invalid_request", "startUrl is required");
  const letters = "BCDFGHJKLMNPQRSTVWXZ";
  const part = () =>
    Array.from({ length: 4 }, () => letters[Math.floor(Math.random() * letters.length)]).join("");
  const { deviceCodeExpiresIn, deviceInterval, deviceSlowDowns } = ctx.options;
  const device = {
    deviceCode: opaque("device-", 32),
    userCode: `${part()}-${part()}`,
    clientId: client.clientId,
    expiresAt: ctx.now() + deviceCodeExpiresIn * 1000,
    interval: deviceInterval,
    lastPollAt: undefined,
    polls: 0,
    slowDownsLeft: deviceSlowDowns,
    status: "pending" as const,
  };
  ctx.state.deviceCodes.set(device.deviceCode, device);
  ctx.state.userCodes.set(device.userCode, device);
  const verificationUri = `${ctx.url()}/device`;
  sendJson(res, 200, {
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
    expiresIn: deviceCodeExpiresIn,
    interval: deviceInterval,
    ...ctx.options.hostile.devicePrompt,
  });
  return {};
}

export function deviceVerifyPage(ctx: SimContext, url: URL, res: ServerResponse): LogNote {
  const userCode = url.searchParams.get("user_code") ?? "";
  const device = ctx.state.userCodes.get(userCode.toUpperCase());
  if (!device || device.expiresAt <= ctx.now()) {
    sendHtml(
      res,
      404,
      page(
        "Code not found",
        `<main data-status="unknown"><h1>That code is not valid or has expired</h1></main>`,
      ),
    );
    return { error: "UnknownUserCode" };
  }
  if (ctx.options.deviceApproval === "deny") {
    device.status = "denied";
    sendHtml(res, 200, page("Denied", `<main data-status="denied"><h1>Request denied</h1></main>`));
    return {};
  }
  if (device.status === "pending") device.status = "approved";
  sendHtml(
    res,
    200,
    page(
      "Approved",
      `<main data-status="approved" data-user-code="${escapeHtml(device.userCode)}"><h1>Request approved</h1><p>You can close this window.</p></main>`,
    ),
  );
  return {};
}

export function authorize(ctx: SimContext, url: URL, res: ServerResponse): LogNote {
  const params = url.searchParams;
  const client = ctx.state.registrations.get(params.get("client_id") ?? "");
  const redirectUri = params.get("redirect_uri") ?? "";
  // Until the redirect URI is known to be the client's own, errors are shown, never redirected.
  if (!client || !client.grantTypes?.includes("authorization_code")) {
    sendHtml(
      res,
      400,
      page("Error", `<main data-error="invalid_client"><h1>Unknown client</h1></main>`),
    );
    return { error: "invalid_client" };
  }
  if (!client.redirectUris.some((registered) => redirectMatches(registered, redirectUri))) {
    sendHtml(
      res,
      400,
      page(
        "Error",
        `<main data-error="invalid_redirect_uri"><h1>Redirect URI not registered</h1></main>`,
      ),
    );
    return { error: "invalid_redirect_uri" };
  }
  const state = params.get("state");
  const back = (query: Record<string, string>) => {
    const target = new URL(redirectUri);
    for (const [key, value] of Object.entries({ ...query, ...(state !== null ? { state } : {}) })) {
      target.searchParams.set(key, value);
    }
    return target.toString();
  };
  const challenge = params.get("code_challenge") ?? "";
  const scopes = params.get("scopes") ?? params.get("scope");
  if (
    params.get("response_type") !== "code" ||
    params.get("code_challenge_method") !== "S256" ||
    !/^[\w-]{43}$/.test(challenge) ||
    !scopes
  ) {
    redirect(
      res,
      back({
        error: "invalid_request",
        error_description:
          "response_type=code, scopes, code_challenge_method=S256 and code_challenge are required",
      }),
    );
    return { error: "invalid_request" };
  }
  if (ctx.options.authorizeApproval === "deny") {
    redirect(
      res,
      back({ error: "access_denied", error_description: "The user denied the request" }),
    );
    return { error: "access_denied" };
  }
  const code = opaque("code-", 24);
  ctx.state.authorizationCodes.set(code, {
    code,
    clientId: client.clientId,
    redirectUri,
    codeChallenge: challenge,
    expiresAt: ctx.now() + AUTH_CODE_TTL_MS,
    used: false,
  });
  const location = back({ code });
  if (ctx.options.authorizeApproval === "page") {
    sendHtml(
      res,
      200,
      page(
        "Allow access",
        `<main data-status="consent"><h1>Allow ${escapeHtml(client.clientName)} to access your data?</h1><a id="approve" href="${escapeHtml(location)}">Allow access</a></main>`,
      ),
    );
    return {};
  }
  redirect(res, location);
  return {};
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "content-length": 0 });
  res.end();
}

function issueTokens(
  ctx: SimContext,
  client: Registration,
  sessionEndsAt: number,
  generation: number,
  withRefresh: boolean,
  tokenScopes?: string[],
) {
  const now = ctx.now();
  const expiresAt = Math.min(now + ctx.options.accessTokenTtlSeconds * 1000, sessionEndsAt);
  const accessToken = opaque("aoa", 96);
  const record: AccessToken = {
    clientId: client.clientId,
    sessionEndsAt,
    generation,
    expiresAt,
    ...(tokenScopes ? { scopes: tokenScopes } : {}),
  };
  ctx.state.accessTokens.set(accessToken, record);
  let refreshToken: string | undefined;
  if (withRefresh) {
    refreshToken = opaque("aor", 96);
    ctx.state.refreshTokens.set(refreshToken, {
      clientId: client.clientId,
      sessionEndsAt,
      generation,
    });
  }
  return {
    accessToken,
    tokenType: "Bearer",
    expiresIn: Math.max(1, Math.round((expiresAt - now) / 1000)),
    ...(refreshToken ? { refreshToken } : {}),
    idToken: opaque("id.", 32),
  };
}

/** Refresh tokens come with registrations that asked for scopes and allow the refresh grant. */
function refreshAllowed(client: Registration): boolean {
  return (
    client.scopes.length > 0 &&
    (client.grantTypes === undefined || client.grantTypes.includes("refresh_token"))
  );
}

export function createToken(ctx: SimContext, bodyText: string, res: ServerResponse): LogNote {
  const body = parseJsonObject(bodyText);
  if (!body) return oauthError(res, "invalid_request", "The request body is not a JSON object");
  const client = authenticateClient(ctx, body);
  if (typeof client === "string") return oauthError(res, "invalid_client", client);
  const grantType = stringField(body, "grantType");
  const now = ctx.now();
  const newSession = () => now + ctx.options.sessionTtlSeconds * 1000;
  // Scopes asked for at token time narrow the registration's (a scope it lacks is not granted).
  const asked = stringList(body.scope);
  const tokenScopes = asked ? asked.filter((scope) => client.scopes.includes(scope)) : undefined;
  /** Tokens for a sign-in just approved: a session of its own, of the current generation. */
  const answerNewSignIn = (): LogNote => {
    sendJson(
      res,
      200,
      issueTokens(
        ctx,
        client,
        newSession(),
        ctx.state.generation,
        refreshAllowed(client),
        tokenScopes,
      ),
    );
    return {};
  };

  if (grantType === DEVICE_GRANT) {
    const device = ctx.state.deviceCodes.get(stringField(body, "deviceCode") ?? "");
    if (!device || device.clientId !== client.clientId || device.status === "used") {
      return oauthError(res, "invalid_grant", "Invalid device code provided");
    }
    if (device.expiresAt <= now) return oauthError(res, "expired_token", "Device code has expired");
    const last = device.lastPollAt;
    device.lastPollAt = now;
    device.polls += 1;
    // 50 ms of slack: a client that waits exactly `interval` after its previous answer is on time.
    if (
      device.slowDownsLeft > 0 ||
      (last !== undefined && now - last < device.interval * 1000 - 50)
    ) {
      if (device.slowDownsLeft > 0) device.slowDownsLeft -= 1;
      device.interval += 5; // RFC 8628 §3.5: the client must add 5 s for the rest of the flow.
      return oauthError(res, "slow_down", "Client is polling too quickly");
    }
    const approval = ctx.options.deviceApproval;
    if (approval === "deny" || device.status === "denied")
      return oauthError(res, "access_denied", "The user denied the request");
    if (typeof approval === "object" && device.polls >= approval.afterPolls)
      device.status = "approved";
    if (device.status !== "approved")
      return oauthError(res, "authorization_pending", "Authorization is still pending");
    device.status = "used";
    return answerNewSignIn();
  }

  if (grantType === "authorization_code") {
    if (!client.grantTypes?.includes("authorization_code"))
      return oauthError(
        res,
        "unauthorized_client",
        "Client is not registered for authorization_code",
      );
    const code = ctx.state.authorizationCodes.get(stringField(body, "code") ?? "");
    const verifier = stringField(body, "codeVerifier") ?? "";
    if (!code || code.used || code.clientId !== client.clientId || code.expiresAt <= now) {
      return oauthError(res, "invalid_grant", "Invalid authorization code provided");
    }
    if (stringField(body, "redirectUri") !== code.redirectUri)
      return oauthError(
        res,
        "invalid_grant",
        "redirectUri does not match the authorization request",
      );
    const computed = createHash("sha256").update(verifier).digest("base64url");
    if (computed !== code.codeChallenge)
      return oauthError(res, "invalid_grant", "Code verifier does not match the code challenge");
    code.used = true;
    return answerNewSignIn();
  }

  if (grantType === "refresh_token") {
    const token = stringField(body, "refreshToken") ?? "";
    const signIn = ctx.state.refreshTokens.get(token);
    if (
      !signIn ||
      signIn.clientId !== client.clientId ||
      signIn.generation !== ctx.state.generation ||
      signIn.sessionEndsAt <= now
    ) {
      return oauthError(res, "invalid_grant", "Invalid refresh token provided");
    }
    // A new refresh token is issued each time. Single-use (the default), the old one is cancelled
    // at once, so two clients refreshing from the same cache file race and the later one loses;
    // otherwise it keeps working until the session ends.
    if (ctx.options.singleUseRefreshTokens) ctx.state.refreshTokens.delete(token);
    const answer = issueTokens(
      ctx,
      client,
      signIn.sessionEndsAt,
      signIn.generation,
      true,
      tokenScopes,
    );
    // The refresh has happened whatever becomes of its answer: that is what a client must survive.
    if (ctx.options.lostRefreshAnswers > 0) {
      ctx.options.lostRefreshAnswers -= 1;
      res.socket?.destroy();
      return { error: "Dropped" };
    }
    const delay = ctx.options.refreshAnswerDelayMs;
    if (delay > 0) setTimeout(() => sendJson(res, 200, answer), delay);
    else sendJson(res, 200, answer);
    return {};
  }

  return oauthError(
    res,
    "unsupported_grant_type",
    `Unsupported grant type: ${grantType ?? "(none)"}`,
  );
}
