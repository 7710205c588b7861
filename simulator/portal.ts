// The SSO portal API: ListAccounts, ListAccountRoles, GetRoleCredentials, Logout. Bearer token in
// `x-amz-sso_bearer_token`; errors carry `x-amzn-errortype` and a `{"message"}` body.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LogNote, SimContext } from "./context.js";
import { sendAwsError, sendJson } from "./http.js";
import { issueCredentials, type AccessToken } from "./state.js";
import { badCredentials, hugePage } from "./hostile.js";

const DEFAULT_PAGE_SIZE = 20;

function portalError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  accountId?: string,
): LogNote {
  sendAwsError(res, status, type, { message });
  return { error: type, ...(accountId ? { accountId } : {}) };
}

function bearer(ctx: SimContext, req: IncomingMessage): AccessToken | undefined {
  const header = req.headers["x-amz-sso_bearer_token"];
  const token = ctx.state.accessTokens.get(typeof header === "string" ? header : "");
  if (!token || token.generation !== ctx.state.generation || token.expiresAt <= ctx.now())
    return undefined;
  return token;
}

/** Parses max_result (1..100) and next_token (an offset this simulator issued). */
function paging(url: URL): { offset: number; size: number } | string {
  const max = url.searchParams.get("max_result");
  const size = max === null ? DEFAULT_PAGE_SIZE : Number(max);
  if (!Number.isInteger(size) || size < 1 || size > 100)
    return `max_result must be between 1 and 100 (got ${max})`;
  const next = url.searchParams.get("next_token");
  if (next === null) return { offset: 0, size };
  const match = /^page:(\d+)$/.exec(Buffer.from(next, "base64url").toString("utf8"));
  if (!match) return "Invalid next_token";
  return { offset: Number(match[1]), size };
}

function page<T>(items: T[], offset: number, size: number): { items: T[]; nextToken?: string } {
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { nextToken: Buffer.from(`page:${end}`).toString("base64url") } : {}),
  };
}

const UNAUTHORIZED = "Session token not found or invalid";

export function listAccounts(
  ctx: SimContext,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): LogNote {
  if (!bearer(ctx, req)) return portalError(res, 401, "UnauthorizedException", UNAUTHORIZED);
  const paged = paging(url);
  if (typeof paged === "string") return portalError(res, 400, "InvalidRequestException", paged);
  const hostile = ctx.options.hostile;
  if (hostile.hugePage && !url.searchParams.has("next_token")) {
    // Streamed without a Content-Length, as a proxy may: a client must count as it reads.
    res.writeHead(200, { "content-type": "application/json" });
    const accounts = hugePage(hostile.hugePage);
    res.write('{"accountList":[');
    for (let i = 0; i < accounts.length && !res.destroyed; i += 1000) {
      const part = accounts.slice(i, i + 1000).map((a) => JSON.stringify(a));
      res.write((i > 0 ? "," : "") + part.join(","));
    }
    res.end("]}");
    return {};
  }
  const { items, nextToken } = page(ctx.accounts, paged.offset, paged.size);
  const next = hostile.repeatNextToken
    ? Buffer.from(`page:${paged.size}`).toString("base64url")
    : nextToken;
  sendJson(res, 200, {
    accountList: items.map(({ accountId, accountName, emailAddress }) => ({
      accountId,
      accountName,
      emailAddress,
    })),
    ...(next ? { nextToken: next } : {}),
  });
  return {};
}

export function listAccountRoles(
  ctx: SimContext,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): LogNote {
  const accountId = url.searchParams.get("account_id") ?? "";
  if (!bearer(ctx, req))
    return portalError(res, 401, "UnauthorizedException", UNAUTHORIZED, accountId);
  const paged = paging(url);
  if (typeof paged === "string")
    return portalError(res, 400, "InvalidRequestException", paged, accountId);
  if (!/^\d{12}$/.test(accountId))
    return portalError(
      res,
      400,
      "InvalidRequestException",
      "account_id must be 12 digits",
      accountId,
    );
  const account = ctx.accountsById.get(accountId);
  if (!account)
    return portalError(res, 404, "ResourceNotFoundException", "Account not found", accountId);
  const { items, nextToken } = page(account.roles, paged.offset, paged.size);
  sendJson(res, 200, {
    roleList: items.map((roleName) => ({ roleName, accountId })),
    ...(nextToken ? { nextToken } : {}),
  });
  return { accountId };
}

export function getRoleCredentials(
  ctx: SimContext,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): LogNote {
  const accountId = url.searchParams.get("account_id") ?? "";
  const roleName = url.searchParams.get("role_name") ?? "";
  if (!bearer(ctx, req))
    return portalError(res, 401, "UnauthorizedException", UNAUTHORIZED, accountId);
  if (!accountId || !roleName)
    return portalError(
      res,
      400,
      "InvalidRequestException",
      "account_id and role_name are required",
      accountId,
    );
  const account = ctx.accountsById.get(accountId);
  // What AWS answers for a role the user is not assigned: 403 ForbiddenException "No access".
  if (!account?.roles.includes(roleName))
    return portalError(res, 403, "ForbiddenException", "No access", accountId);
  const { accessKeyId, credentials } = issueCredentials(ctx.state, {
    expiration: ctx.now() + ctx.options.credentialTtlSeconds * 1000,
    accountId,
    roleName,
  });
  if (ctx.options.hostile.badCredentials) {
    sendJson(res, 200, {
      roleCredentials: badCredentials(ctx.options.hostile, credentials.expiration),
    });
    return { accountId };
  }
  sendJson(res, 200, {
    roleCredentials: {
      accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration,
    },
  });
  return { accountId };
}

export function logout(ctx: SimContext, req: IncomingMessage, res: ServerResponse): LogNote {
  const header = req.headers["x-amz-sso_bearer_token"];
  if (!bearer(ctx, req)) return portalError(res, 401, "UnauthorizedException", UNAUTHORIZED);
  ctx.state.accessTokens.delete(String(header));
  res.writeHead(200, { "content-length": 0 });
  res.end();
  return {};
}
