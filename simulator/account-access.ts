// The Account Access Runtime API (2018-05-10, restJson1, bearer auth) of account access manager:
// ListRoles (`GET /access`) and GetRoleCredentials (`GET /access/credentials`), for roles an
// administrator entitled the user to beyond permission sets. Wire details as far as they are known
// (../shared/research/account-access-runtime.md): inputs in the query string, `Authorization:
// Bearer` with an IAM Identity Center access token carrying account_access:read_only (ListRoles)
// or account_access:assume (GetRoleCredentials), errors with `x-amzn-errortype` and `__type` +
// `message`, and `expiresAt` as epoch seconds (an ISO string with `accountAccessIsoExpiry`).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LogNote, SimContext } from "./context.js";
import { sendJson } from "./http.js";
import { issueCredentials } from "./state.js";

export const READ_SCOPE = "account_access:read_only";
export const ASSUME_SCOPE = "account_access:assume";

export interface EntitledRole {
  accountId: string;
  /** Absent for some roles, as AWS leaves it out when it cannot resolve the name. */
  accountName?: string;
  roleArn: string;
}

/** The roles the documentation's examples name, first when the simulator has the example accounts. */
const EXAMPLE_ENTITLED_ROLES: readonly EntitledRole[] = [
  {
    accountId: "111111111111",
    accountName: "payments-prod",
    roleArn: "arn:aws:iam::111111111111:role/Deploy",
  },
  { accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/ops/BreakGlass" },
];

/**
 * `count` roles spread over the directory's accounts; every other one without an account name.
 * With the example accounts, the documentation's examples come first.
 */
export function entitledRoles(
  ctx: Pick<SimContext, "accounts"> & {
    options: { exampleAccounts: boolean; entitledElsewhere?: number };
  },
  count: number,
): EntitledRole[] {
  return [...inDirectory(ctx, count), ...elsewhere(ctx.options.entitledElsewhere ?? 0)];
}

/** Roles in accounts the portal does not list: 9999999900NN, "shared-services-NN" or unnamed. */
function elsewhere(count: number): EntitledRole[] {
  return Array.from({ length: count }, (_, i) => {
    const accountId = `9999999900${String(i).padStart(2, "0")}`;
    return {
      accountId,
      ...(i % 2 === 0 ? { accountName: `shared-services-${i}` } : {}),
      roleArn: `arn:aws:iam::${accountId}:role/Elsewhere${i}`,
    };
  });
}

function inDirectory(
  ctx: Pick<SimContext, "accounts"> & { options: { exampleAccounts: boolean } },
  count: number,
): EntitledRole[] {
  const out: EntitledRole[] = ctx.options.exampleAccounts
    ? EXAMPLE_ENTITLED_ROLES.slice(0, count)
    : [];
  for (let i = out.length; i < count; i++) {
    const account = ctx.accounts[i % ctx.accounts.length]!;
    out.push({
      accountId: account.accountId,
      ...(i % 2 === 0 ? { accountName: account.accountName } : {}),
      roleArn: `arn:aws:iam::${account.accountId}:role/entitled/Entitled${i}`,
    });
  }
  return out;
}

function error(res: ServerResponse, status: number, type: string, message: string): LogNote {
  sendJson(res, status, { __type: type, message }, { "x-amzn-errortype": type });
  return { error: type };
}

/** The caller's token scopes, or undefined when the bearer token is missing, unknown or expired. */
function scopesOf(ctx: SimContext, req: IncomingMessage): string[] | undefined {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
  const token = ctx.state.accessTokens.get(match?.[1] ?? "");
  if (!token || token.generation !== ctx.state.generation || token.expiresAt <= ctx.now())
    return undefined;
  return token.scopes ?? ctx.state.registrations.get(token.clientId)?.scopes ?? [];
}

/** Bearer token, tenant id and scope, as the service checks them; a note when one fails. */
function check(
  ctx: SimContext,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
  scope: string,
) {
  const scopes = scopesOf(ctx, req);
  if (!scopes)
    return error(
      res,
      401,
      "UnauthorizedException",
      "The bearer token is missing, invalid or expired",
    );
  const tenantId = url.searchParams.get("tenantId") ?? "";
  if (!/^aa-[a-z0-9-]{0,21}$/.test(tenantId))
    return error(
      res,
      400,
      "ValidationException",
      "tenantId must match aa-[a-z0-9-]+ (3 to 24 characters)",
    );
  if (!ctx.options.accountAccessTenant || tenantId !== ctx.options.accountAccessTenant)
    return error(
      res,
      403,
      "AccessDeniedException",
      `No account access application has tenant ${tenantId}`,
    );
  if (!scopes.includes(scope))
    return error(res, 403, "AccessDeniedException", `The access token lacks the scope ${scope}`);
  return undefined;
}

export function listEntitledRoles(
  ctx: SimContext,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): LogNote {
  const refused = check(ctx, req, url, res, READ_SCOPE);
  if (refused) return refused;
  const max = url.searchParams.get("maxResults");
  const size = max === null ? 100 : Number(max);
  if (!Number.isInteger(size) || size < 1 || size > 100)
    return error(
      res,
      400,
      "ValidationException",
      `maxResults must be between 1 and 100 (got ${max})`,
    );
  const next = url.searchParams.get("nextToken");
  const offset = next === null ? 0 : Number(/^aat-(\d+)$/.exec(next)?.[1] ?? NaN);
  if (!Number.isInteger(offset))
    return error(res, 400, "ValidationException", "nextToken is not one this service issued");
  const hostile = ctx.options.accountAccessHostile;
  if (hostile === "bad-shape") {
    sendJson(res, 200, { roles: "every role", nextToken: 42 });
    return {};
  }
  if (hostile === "token-cycle") {
    sendJson(res, 200, { roles: [], nextToken: offset === 1 ? "aat-2" : "aat-1" });
    return {};
  }
  if (hostile === "endless-empty") {
    sendJson(res, 200, { roles: [], nextToken: `aat-${offset + 1}` });
    return {};
  }
  if (hostile === "repeat-token" || hostile === "endless") {
    const roles = entitledRoles(ctx, size).map((role, i) => ({
      ...role,
      roleArn: `${role.roleArn}-${offset + i}`,
    }));
    sendJson(res, 200, {
      roles,
      nextToken: hostile === "repeat-token" ? "aat-0" : `aat-${offset + size}`,
    });
    return {};
  }
  const roles = entitledRoles(ctx, ctx.options.entitledRoles);
  const page: unknown[] = roles.slice(offset, offset + size);
  const end = offset + page.length;
  if (hostile === "bad-roles" && offset === 0)
    page.push(
      { accountId: "12345", roleArn: "arn:aws:iam::12345:role/Short" },
      { accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/X\n[profile evil]" },
      { accountId: "111111111111", roleArn: "$(touch /tmp/ssotray-hostile)" },
      { accountId: "111111111111", accountName: 7, roleArn: "arn:aws:iam::111111111111:role/Y" },
    );
  sendJson(res, 200, { roles: page, ...(end < roles.length ? { nextToken: `aat-${end}` } : {}) });
  return {};
}

export function getEntitledRoleCredentials(
  ctx: SimContext,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): LogNote {
  const refused = check(ctx, req, url, res, ASSUME_SCOPE);
  if (refused) return refused;
  const q = url.searchParams;
  if (q.get("accessType") !== "PROGRAMMATIC_ACCESS")
    return error(res, 400, "ValidationException", "accessType must be PROGRAMMATIC_ACCESS");
  const roleArn = q.get("roleArn") ?? "";
  const role = entitledRoles(ctx, ctx.options.entitledRoles).find((r) => r.roleArn === roleArn);
  if (!role)
    return error(
      res,
      403,
      "AccessDeniedException",
      `You are not entitled to ${roleArn.slice(0, 200)}`,
    );
  const duration = q.get("sessionDuration");
  const seconds = duration === null ? ctx.options.credentialTtlSeconds : Number(duration);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43_200)
    return error(res, 400, "ValidationException", "sessionDuration must be 900 to 43200 seconds");
  const sessionName = q.get("sessionName") ?? "developer@example.com";
  if (!/^[A-Za-z0-9+=,.@-]{2,64}$/.test(sessionName))
    return error(
      res,
      400,
      "ValidationException",
      "sessionName must be 2 to 64 of [A-Za-z0-9+=,.@-]",
    );
  const { accessKeyId, credentials } = issueCredentials(ctx.state, {
    expiration: ctx.now() + seconds * 1000,
    accountId: role.accountId,
    roleName: role.roleArn.split("/").at(-1)!,
    assumed: { roleArn: role.roleArn, sessionName },
  });
  if (ctx.options.accountAccessHostile === "bad-credentials") {
    sendJson(res, 200, {
      credentialsDetails: {
        programmaticAccess: {
          accessKeyId: "ASIA\nexport AWS_PROFILE=evil",
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
          expiresAt: credentials.expiration / 1000,
        },
      },
    });
    return {};
  }
  sendJson(res, 200, {
    credentialsDetails: {
      programmaticAccess: {
        accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
        expiresAt: ctx.options.accountAccessIsoExpiry
          ? new Date(credentials.expiration).toISOString()
          : credentials.expiration / 1000,
      },
    },
  });
  return { accountId: role.accountId };
}
