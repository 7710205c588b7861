// The Account Access Runtime API of account access manager: roles an administrator entitled the
// user to beyond permission sets, listed with `GET /access` and fetched with `GET
// /access/credentials`, `Authorization: Bearer` with the session's access token. No JavaScript SDK
// client exists, so calls go through getText (our agent: proxy, CA bundle), with the portal's
// rules: a deadline per try and a few tries, a cap on every answer and on the whole list, a
// refused repeat of a page token, and every answer checked for shape before it is used.
// Wire details and what is inferred: ../shared/research/account-access-runtime.md.
import { z } from "zod";
import type { RoleCredentials } from "../../shared/model.js";
import { TENANT_ID_SHAPE } from "../../shared/api.js";
import type { Locations } from "../locations.js";
import { sessionEndpointVariant } from "../network/endpoint-variant.js";
import { getText } from "../network/get-text.js";
import {
  accountAccessSdkEndpoint,
  PLAIN_ENDPOINTS,
  type EndpointVariant,
} from "../network/sdk-endpoints.js";
import {
  isTimeoutError,
  NETWORK_ATTEMPTS,
  networkTimeoutMs,
  stalledMessage,
} from "../network/network-deadline.js";
import { networkPathError } from "../network/network-path-error.js";
import type { Env } from "../network/proxy-for-url.js";
import { stalledRoute } from "../network/stalled-route.js";
import { MAX_RESPONSE_BYTES } from "../portal/response-limit.js";
import { checkedCredentials, shown } from "../portal/portal-shapes.js";
import { ROLE_ARN } from "../profiles/chained-profile.js";

export const TENANT_ID = TENANT_ID_SHAPE;
/** More entitled roles than any one person has; a longer list is a looping or hostile endpoint. */
export const MAX_ENTITLED_ROLES = 10_000;
/**
 * More pages than MAX_ENTITLED_ROLES fills at 100 a page, with room for the empty pages a paged
 * AWS list may give; past it, the endpoint is handing out fresh tokens for ever.
 */
export const MAX_ENTITLED_ROLE_PAGES = 1_000;
const ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_ACCOUNT_ACCESS_RUNTIME";

export class AccountAccessError extends Error {
  constructor(
    message: string,
    /** 401: the token was refused (sign in again); the caller may refresh it once first. */
    readonly unauthorized = false,
  ) {
    super(message);
    this.name = "AccountAccessError";
  }
}

export interface EntitledRole {
  accountId: string;
  accountName?: string;
  roleArn: string;
  /** From the ARN: the API has no role name. */
  roleName: string;
}

export interface AccountAccessCall {
  env: Env;
  locations: Locations;
  /** The session's region: the API's host is regional. */
  region: string;
  /** For the CA bundle of the session's config section. */
  startUrl?: string;
  tenantId: string;
  accessToken: string;
  /** Waits between retries of a throttled call; tests pass a short one. */
  sleep?: (ms: number) => Promise<void>;
}

export function accountAccessEndpoint(
  region: string,
  env: Env,
  variant: EndpointVariant = PLAIN_ENDPOINTS,
): string {
  const override = env[ENDPOINT_VARIABLE];
  if (override) return override.replace(/\/+$/, "");
  return accountAccessSdkEndpoint(region, variant);
}

const roleSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  accountName: z.string().max(256).optional(),
  roleArn: z.string().max(2048).regex(ROLE_ARN),
});
const pageSchema = z.object({
  roles: z.array(z.unknown()).max(1000),
  nextToken: z.string().min(1).max(4096).optional(),
});
const credentialsSchema = z.object({
  credentialsDetails: z.object({
    programmaticAccess: z.object({
      accessKeyId: z.string(),
      secretAccessKey: z.string(),
      sessionToken: z.string(),
      // Epoch seconds (restJson1's default, possibly fractional), or ISO 8601 to be safe.
      expiresAt: z.union([z.number(), z.string()]),
    }),
  }),
});

async function call(options: AccountAccessCall, path: string, what: string): Promise<unknown> {
  const base = accountAccessEndpoint(
    options.region,
    options.env,
    await sessionEndpointVariant(options.env, options.locations, options.startUrl),
  );
  const url = new URL(`${base}${path}`);
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let lastTimeout: unknown;
  for (let attempt = 1; attempt <= NETWORK_ATTEMPTS + 2; attempt++) {
    let answer;
    try {
      answer = await getText(url, {
        env: options.env,
        locations: options.locations,
        ...(options.startUrl ? { startUrl: options.startUrl } : {}),
        signal: AbortSignal.timeout(networkTimeoutMs(options.env)),
        maxBytes: MAX_RESPONSE_BYTES,
        headers: { authorization: `Bearer ${options.accessToken}`, accept: "application/json" },
      });
    } catch (error) {
      const path = networkPathError(error);
      if (path) throw new AccountAccessError(`${path.message} (while ${what})`);
      if (isTimeoutError(error) || (error as { name?: string }).name === "TimeoutError") {
        lastTimeout = error;
        if (attempt < NETWORK_ATTEMPTS) continue;
        throw new AccountAccessError(
          stalledMessage({
            service: "Account access",
            endpoint: base,
            doing: what,
            endpointVariable: ENDPOINT_VARIABLE,
            via: stalledRoute(lastTimeout),
          }),
        );
      }
      throw new AccountAccessError(
        `Could not reach account access at ${base} while ${what} (${shown((error as Error).message ?? String(error), 120)}); check your network and proxy, and ${ENDPOINT_VARIABLE} if it is set`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = undefined;
    }
    if (answer.status === 200) return body;
    const message = shown(
      typeof (body as { message?: unknown } | undefined)?.message === "string"
        ? (body as { message: string }).message
        : `HTTP ${answer.status}`,
      200,
    );
    if (answer.status === 401)
      throw new AccountAccessError(`Account access refused the sign-in while ${what}`, true);
    if (answer.status === 403)
      throw new AccountAccessError(
        `Account access refused ${what}: ${message}. Check the tenant id and that your administrator entitled you; a tenant named after the sign-in needs a new sign-in, which asks for the account access scopes`,
      );
    // Throttled or failing: back off and try again, a few times.
    if ((answer.status === 429 || answer.status >= 500) && attempt < NETWORK_ATTEMPTS + 2) {
      await sleep(Math.min(8000, 250 * 2 ** attempt));
      continue;
    }
    if (answer.status === 429)
      throw new AccountAccessError(`Account access kept throttling ${what}; try again later`);
    throw new AccountAccessError(`Account access refused ${what}: ${message}`);
  }
  throw new AccountAccessError(`Account access kept failing while ${what}; try again later`);
}

function checkTenant(tenantId: string): void {
  if (!TENANT_ID.test(tenantId))
    throw new AccountAccessError(
      `The tenant id must look like aa-example (aa- then up to 21 lowercase letters, digits or -), not ${JSON.stringify(shown(tenantId, 30))}`,
    );
}

/** Every role the user is entitled to, page by page; what does not look right is left out. */
export async function listEntitledRoles(
  options: AccountAccessCall,
  warn: (message: string) => void = () => undefined,
): Promise<EntitledRole[]> {
  checkTenant(options.tenantId);
  const roles: EntitledRole[] = [];
  const seen = new Set<string>();
  let rejected = 0;
  let next: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ tenantId: options.tenantId, maxResults: "100" });
    if (next) query.set("nextToken", next);
    const page = pageSchema.safeParse(
      await call(options, `/access?${query.toString()}`, "listing entitled roles"),
    );
    if (!page.success)
      throw new AccountAccessError(
        "Account access answered the list of entitled roles in a shape SSO Tray does not know; nothing was kept",
      );
    for (const item of page.data.roles) {
      const role = roleSchema.safeParse(item);
      if (!role.success) {
        rejected++;
        continue;
      }
      const roleName = ROLE_ARN.exec(role.data.roleArn)![2]!;
      roles.push({ ...role.data, roleName });
    }
    if (roles.length > MAX_ENTITLED_ROLES)
      throw new AccountAccessError(
        `Account access listed more than ${MAX_ENTITLED_ROLES.toLocaleString("en")} entitled roles; SSO Tray stops there. Check which endpoint answers (${ENDPOINT_VARIABLE}, a proxy)`,
      );
    next = page.data.nextToken;
    if (!next) break;
    // Any token seen before, not just the last one: a cycle A → B → A of empty pages would
    // otherwise run for ever.
    if (seen.has(next))
      throw new AccountAccessError(
        "Account access answered with a page token it had given before; the list would never end, so SSO Tray stopped",
      );
    seen.add(next);
    if (seen.size >= MAX_ENTITLED_ROLE_PAGES)
      throw new AccountAccessError(
        `Account access answered more than ${MAX_ENTITLED_ROLE_PAGES.toLocaleString("en")} pages of entitled roles; SSO Tray stops there. Check which endpoint answers (${ENDPOINT_VARIABLE}, a proxy)`,
      );
  }
  if (rejected > 0)
    warn(
      `Left out ${rejected} entitled role${rejected === 1 ? "" : "s"} whose account id or role ARN did not look valid`,
    );
  return roles;
}

/** Credentials for one entitled role, checked like role credentials. */
export async function entitledRoleCredentials(
  options: AccountAccessCall & { roleArn: string },
): Promise<RoleCredentials> {
  checkTenant(options.tenantId);
  if (!ROLE_ARN.test(options.roleArn))
    throw new AccountAccessError(`'${shown(options.roleArn, 80)}' is not an IAM role ARN`);
  const query = new URLSearchParams({
    accessType: "PROGRAMMATIC_ACCESS",
    roleArn: options.roleArn,
    tenantId: options.tenantId,
  });
  const what = `getting credentials for ${options.roleArn}`;
  const parsed = credentialsSchema.safeParse(
    await call(options, `/access/credentials?${query.toString()}`, what),
  );
  const access = parsed.success ? parsed.data.credentialsDetails.programmaticAccess : undefined;
  const checked =
    access &&
    checkedCredentials({
      ...access,
      expiration: typeof access.expiresAt === "number" ? access.expiresAt * 1000 : access.expiresAt,
    });
  if (!checked)
    throw new AccountAccessError(
      `Account access answered without credentials that look like AWS credentials while ${what}; nothing was kept`,
    );
  return checked;
}
