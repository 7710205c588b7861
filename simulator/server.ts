// One HTTP server on 127.0.0.1 for every service, routed by path as the AWS_ENDPOINT_URL_*
// variables let clients be pointed at one host. Before a handler runs: latency, injected faults
// and the rate limits, in that order, as a busy real endpoint would behave.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { LogNote, SimContext } from "./context.js";
import { federation } from "./federation.js";
import { BodyTooLargeError, readBody, sendAwsError, sendText } from "./http.js";
import {
  authorize,
  createToken,
  deviceVerifyPage,
  registerClient,
  startDeviceAuthorization,
} from "./oidc.js";
import { PORTAL_APIS, REGION_PATH_PREFIX, type ApiName, type StallTarget } from "./options.js";
import { getRoleCredentials, listAccountRoles, listAccounts, logout } from "./portal.js";
import { TokenBucket } from "./rate-limit.js";
import type { RequestLog } from "./request-log.js";
import type { Random } from "./random.js";
import { sts } from "./sts.js";
import { getEntitledRoleCredentials, listEntitledRoles } from "./account-access.js";

type Route = { api: ApiName; method: "GET" | "POST"; path: string };

const ROUTES: Route[] = [
  { api: "RegisterClient", method: "POST", path: "/client/register" },
  { api: "StartDeviceAuthorization", method: "POST", path: "/device_authorization" },
  { api: "CreateToken", method: "POST", path: "/token" },
  { api: "Authorize", method: "GET", path: "/authorize" },
  { api: "DeviceVerify", method: "GET", path: "/device" },
  { api: "ListAccounts", method: "GET", path: "/assignment/accounts" },
  { api: "ListAccountRoles", method: "GET", path: "/assignment/roles" },
  { api: "GetRoleCredentials", method: "GET", path: "/federation/credentials" },
  { api: "Logout", method: "POST", path: "/logout" },
  { api: "ListEntitledRoles", method: "GET", path: "/access" },
  { api: "GetEntitledRoleCredentials", method: "GET", path: "/access/credentials" },
];

/** APIs whose calls faults may hit: the AWS services, not the pages a browser opens. */
const FAULTABLE = new Set<ApiName>([
  "RegisterClient",
  "StartDeviceAuthorization",
  "CreateToken",
  ...PORTAL_APIS,
  "ListEntitledRoles",
  "GetEntitledRoleCredentials",
]);

/** Account access manager's runtime names throttling as restJson1 services do. */
const ACCOUNT_ACCESS_APIS = new Set<ApiName>(["ListEntitledRoles", "GetEntitledRoleCredentials"]);

export class RateLimits {
  private portal: TokenBucket | undefined;
  private perApi = new Map<ApiName, TokenBucket>();

  configure(portalRate: number | undefined, apiRates: Partial<Record<ApiName, number>>): void {
    // Rate limits run on the real clock: advanceTime is for expiry, not for refilling buckets.
    this.portal = portalRate ? new TokenBucket(portalRate, Date.now) : undefined;
    this.perApi = new Map(
      Object.entries(apiRates).map(([api, rate]) => [
        api as ApiName,
        new TokenBucket(rate as number, Date.now),
      ]),
    );
  }

  allow(api: ApiName): boolean {
    const own = this.perApi.get(api);
    if (own && !own.tryTake()) return false;
    if (this.portal && PORTAL_APIS.has(api) && !this.portal.tryTake()) return false;
    return true;
  }
}

export function createSimulatorServer(
  ctx: SimContext,
  log: RequestLog,
  limits: RateLimits,
  random: Random,
  tls?: { key: string; cert: string },
): Server {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const time = Date.now();
    handle(req, res)
      .then(({ api, note }) =>
        log.add({
          time,
          api,
          status: note.error === "Dropped" || note.error === "Stalled" ? 0 : res.statusCode,
          ...note,
        }),
      )
      .catch((error: unknown) => {
        if (!res.headersSent) {
          if (error instanceof BodyTooLargeError) sendText(res, 413, "Request body too large");
          else sendAwsError(res, 500, "InternalServerException", { message: String(error) });
        }
        log.add({ time, api: "Unknown", status: res.statusCode, error: String(error) });
      });
  };
  // https.Server serves the same requests; only the socket under them differs.
  const server = tls
    ? (createTlsServer(tls, listener) as unknown as Server)
    : createServer(listener);

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ api: ApiName | "Unknown"; note: LogNote }> {
    const { url, region } = regionOf(new URL(req.url ?? "/", "http://127.0.0.1"));
    const body = await readBody(req);
    const outage = region ? ctx.options.downRegions[region] : undefined;
    if (outage === "stall") {
      // Keep the connection and say nothing, as a region with no answer does.
      return { api: "Unknown", note: { error: "Stalled", region } };
    }
    if (outage === "unavailable") {
      sendAwsError(res, 503, "ServiceUnavailableException", {
        message: `The region ${region} is unavailable (injected)`,
      });
      return { api: "Unknown", note: { error: "ServiceUnavailableException", region } };
    }
    const noted = await answer(req, res, url, body);
    return region ? { ...noted, note: { ...noted.note, region } } : noted;
  }

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
  ): Promise<{ api: ApiName | "Unknown"; note: LogNote }> {
    const route = ROUTES.find((r) => r.path === url.pathname && r.method === req.method);
    const isFederation = url.pathname === "/federation" && req.method === "GET";
    const form = req.method === "POST" && !route ? new URLSearchParams(body) : undefined;
    const api: ApiName | undefined =
      route?.api ??
      (isFederation
        ? undefined
        : form?.has("Action")
          ? form.get("Action") === "AssumeRole"
            ? "AssumeRole"
            : "GetCallerIdentity"
          : undefined);
    if (!api && !isFederation) {
      sendText(res, 404, `No such API: ${req.method} ${url.pathname}`);
      return { api: "Unknown", note: { error: "NotFound" } };
    }

    if (stalls(ctx.options.stall, api, url)) {
      // Keep the connection and say nothing; closing the simulator ends it.
      return { api: api ?? "GetSigninToken", note: { error: "Stalled", ...accountOf(url) } };
    }
    const { latencyMs, dropRate, serverErrorRate } = ctx.options;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

    if (api && FAULTABLE.has(api)) {
      if (dropRate > 0 && random() < dropRate) {
        req.socket.destroy();
        return { api, note: { error: "Dropped", ...accountOf(url) } };
      }
      if (serverErrorRate > 0 && random() < serverErrorRate) {
        sendAwsError(res, 500, "InternalServerException", {
          message: "An internal error occurred (injected)",
        });
        return { api, note: { error: "InternalServerException", ...accountOf(url) } };
      }
    }
    if (api && !limits.allow(api)) {
      const type = ACCOUNT_ACCESS_APIS.has(api)
        ? "ThrottlingException"
        : "TooManyRequestsException";
      sendAwsError(res, 429, type, { message: "Rate exceeded" });
      return { api, note: { error: type, ...accountOf(url) } };
    }

    if (isFederation) {
      const result = federation(ctx, url, res);
      return { api: result.api, note: result.note };
    }
    switch (api) {
      case "RegisterClient":
        return { api, note: registerClient(ctx, body, res) };
      case "StartDeviceAuthorization":
        return { api, note: startDeviceAuthorization(ctx, body, res) };
      case "CreateToken":
        return { api, note: createToken(ctx, body, res) };
      case "Authorize":
        return { api, note: authorize(ctx, url, res) };
      case "DeviceVerify":
        return { api, note: deviceVerifyPage(ctx, url, res) };
      case "ListAccounts":
        return { api, note: listAccounts(ctx, req, url, res) };
      case "ListAccountRoles":
        return { api, note: listAccountRoles(ctx, req, url, res) };
      case "GetRoleCredentials":
        return { api, note: getRoleCredentials(ctx, req, url, res) };
      case "Logout":
        return { api, note: logout(ctx, req, res) };
      case "ListEntitledRoles":
        return { api, note: listEntitledRoles(ctx, req, url, res) };
      case "GetEntitledRoleCredentials":
        return { api, note: getEntitledRoleCredentials(ctx, req, url, res) };
      case "GetCallerIdentity":
      case "AssumeRole":
        return { api, note: sts(ctx, req, form ?? new URLSearchParams(), res) };
      default:
        sendText(res, 404, "Not found");
        return { api: "Unknown", note: {} };
    }
  }

  return server;
}

const OIDC_APIS = new Set<ApiName>(["RegisterClient", "StartDeviceAuthorization", "CreateToken"]);

/** Whether a call is to be stalled: by service (its API calls, not the pages a browser opens) or by path. */
function stalls(targets: StallTarget[], api: ApiName | undefined, url: URL): boolean {
  return targets.some((t) => {
    if (t.startsWith("/")) return url.pathname === t;
    if (t === "oidc") return api !== undefined && OIDC_APIS.has(api);
    if (t === "portal") return api !== undefined && PORTAL_APIS.has(api);
    if (t === "sts") return api === "GetCallerIdentity" || api === "AssumeRole";
    return api === undefined && url.searchParams.get("Action") === "getSigninToken";
  });
}

/** The call's region prefix, taken off so the API's own path is left. */
function regionOf(url: URL): { url: URL; region?: string } {
  if (!url.pathname.startsWith(REGION_PATH_PREFIX)) return { url };
  const rest = url.pathname.slice(REGION_PATH_PREFIX.length);
  const slash = rest.indexOf("/");
  const region = slash < 0 ? rest : rest.slice(0, slash);
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) return { url };
  const bare = new URL(url.href);
  bare.pathname = slash < 0 ? "/" : rest.slice(slash);
  return { url: bare, region };
}

function accountOf(url: URL): { accountId?: string } {
  const accountId = url.searchParams.get("account_id");
  return accountId ? { accountId } : {};
}
