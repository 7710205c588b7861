// The console federation endpoint (signin.aws.amazon.com/federation): getSigninToken for role
// credentials this simulator issued, and a login page that says where the user landed.
import type { ServerResponse } from "node:http";
import type { LogNote, SimContext } from "./context.js";
import { escapeHtml, page, sendHtml, sendJson, sendText } from "./http.js";
import { opaque } from "./state.js";

const SIGNIN_TOKEN_TTL_MS = 15 * 60_000;

interface FederationSession {
  sessionId: string;
  sessionKey: string;
  sessionToken: string;
}

function parseSession(text: string | null): FederationSession | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { sessionId, sessionKey, sessionToken } = value;
    if (
      typeof sessionId === "string" &&
      typeof sessionKey === "string" &&
      typeof sessionToken === "string"
    ) {
      return { sessionId, sessionKey, sessionToken };
    }
  } catch {
    // fall through: not JSON
  }
  return undefined;
}

export function federation(
  ctx: SimContext,
  url: URL,
  res: ServerResponse,
): { api: "GetSigninToken" | "ConsoleLogin"; note: LogNote } {
  const action = url.searchParams.get("Action");
  if (action === "getSigninToken")
    return { api: "GetSigninToken", note: getSigninToken(ctx, url, res) };
  if (action === "login") return { api: "ConsoleLogin", note: login(ctx, url, res) };
  sendText(res, 400, `Unsupported Action: ${action ?? "(none)"}`);
  return { api: "GetSigninToken", note: { error: "UnsupportedAction" } };
}

function getSigninToken(ctx: SimContext, url: URL, res: ServerResponse): LogNote {
  const session = parseSession(url.searchParams.get("Session"));
  if (!session) {
    sendText(
      res,
      400,
      "Session must be URL-encoded JSON with sessionId, sessionKey and sessionToken",
    );
    return { error: "InvalidSession" };
  }
  const issued = ctx.state.credentials.get(session.sessionId);
  if (
    !issued ||
    issued.secretAccessKey !== session.sessionKey ||
    issued.sessionToken !== session.sessionToken
  ) {
    sendText(res, 400, "The credentials in the session are not valid");
    return { error: "InvalidCredentials" };
  }
  if (issued.expiration <= ctx.now()) {
    sendText(res, 400, "The credentials in the session have expired");
    return { error: "ExpiredCredentials", accountId: issued.accountId };
  }
  const token = opaque("signin-", 64);
  ctx.state.signinTokens.set(token, {
    accountId: issued.accountId,
    roleName: issued.roleName,
    expiresAt: ctx.now() + SIGNIN_TOKEN_TTL_MS,
  });
  sendJson(res, 200, { SigninToken: token });
  return { accountId: issued.accountId };
}

function login(ctx: SimContext, url: URL, res: ServerResponse): LogNote {
  const signin = ctx.state.signinTokens.get(url.searchParams.get("SigninToken") ?? "");
  if (!signin || signin.expiresAt <= ctx.now()) {
    sendHtml(
      res,
      400,
      page(
        "Sign-in failed",
        `<main data-error="invalid-token"><h1>Your sign-in link is not valid or has expired</h1></main>`,
      ),
    );
    return { error: "InvalidSigninToken" };
  }
  const destination = url.searchParams.get("Destination") ?? "";
  const account = ctx.accountsById.get(signin.accountId);
  const name = account?.accountName ?? signin.accountId;
  sendHtml(
    res,
    200,
    page(
      "AWS Management Console (simulated)",
      `<main data-account-id="${escapeHtml(signin.accountId)}" data-account-name="${escapeHtml(name)}" data-role-name="${escapeHtml(signin.roleName)}" data-destination="${escapeHtml(destination)}" data-issuer="${escapeHtml(url.searchParams.get("Issuer") ?? "")}">` +
        `<h1>Signed in to account ${escapeHtml(name)} (${escapeHtml(signin.accountId)}) as ${escapeHtml(signin.roleName)}</h1>` +
        `<p>Destination: <code>${escapeHtml(destination)}</code></p></main>`,
    ),
  );
  return { accountId: signin.accountId };
}
