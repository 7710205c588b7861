// A loopback container-credentials endpoint (the ECS task-role protocol) for one child process:
// the SDKs and the AWS CLI find it through AWS_CONTAINER_CREDENTIALS_FULL_URI and send
// AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header. The answer's field names are
// those botocore's ContainerProvider and @aws-sdk/credential-provider-http read: AccessKeyId,
// SecretAccessKey, Token, Expiration (RFC 3339).
//
// Credentials are fetched again ahead of their expiry in the background, so a request is answered
// from memory: botocore gives the endpoint 2 seconds (ContainerMetadataFetcher.TIMEOUT_SECONDS).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RoleCredentials } from "../../shared/model.js";

/**
 * Fresh credentials are fetched this long before the current ones expire. botocore refreshes
 * 15 minutes ahead (credentials.py, _DEFAULT_ADVISORY_REFRESH_TIMEOUT) and the JavaScript SDK 5
 * minutes ahead: what we hand out must outlast both windows or every call would ask again.
 */
export const REFRESH_AHEAD_MS = 20 * 60_000;
/** After a failed refresh, try again this soon (and never later than half the time left). */
const RETRY_MS = 30_000;
/** How long a request may wait for credentials being fetched before it gets a 503. */
const ANSWER_DEADLINE_MS = 20_000;

export interface EcsCredentialsServerOptions {
  /** Fresh credentials from the portal (not from a cache): called at start and before expiry. */
  fetch: () => Promise<RoleCredentials>;
  /** Credentials already in hand, so the child starts without a second portal call. */
  initial?: RoleCredentials;
  /** A refresh failed; the endpoint keeps answering with what it has while it can. */
  warn?: (message: string) => void;
  now?: () => number;
}

export interface EcsCredentialsServer {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI */
  url: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN */
  authorizationToken: string;
  close(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Constant-time whatever the lengths: both sides are hashed to 32 bytes first. */
function tokenMatches(presented: string | undefined, expected: Buffer): boolean {
  return presented !== undefined && timingSafeEqual(digest(presented), expected);
}

/** When to fetch again: REFRESH_AHEAD_MS before expiry, or half-way for shorter lifetimes. */
export function refreshDueAt(credentials: RoleCredentials, fetchedAt: number): number {
  const expires = Date.parse(credentials.expiration);
  const ahead = Math.min(REFRESH_AHEAD_MS, Math.max(0, expires - fetchedAt) / 2);
  return expires - ahead;
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

export async function startEcsCredentialsServer(
  options: EcsCredentialsServerOptions,
): Promise<EcsCredentialsServer> {
  const now = options.now ?? Date.now;
  const authorizationToken = randomBytes(32).toString("base64url");
  const expectedToken = digest(authorizationToken);
  // A path nobody can guess keeps other local software from even reaching the token check.
  const secretPath = `/${randomBytes(16).toString("base64url")}`;

  let current: { credentials: RoleCredentials; dueAt: number } | undefined;
  let pending: Promise<RoleCredentials> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let nextAttemptAt = Infinity;
  let closed = false;

  const adopt = (credentials: RoleCredentials): void => {
    current = { credentials, dueAt: refreshDueAt(credentials, now()) };
    schedule(current.dueAt - now());
  };

  const schedule = (inMs: number): void => {
    clearTimeout(timer);
    if (closed) return;
    nextAttemptAt = now() + Math.max(0, inMs);
    timer = setTimeout(() => void refresh().catch(() => undefined), Math.max(0, inMs));
    timer.unref();
  };

  const refresh = (): Promise<RoleCredentials> => {
    pending ??= withDeadline(options.fetch(), ANSWER_DEADLINE_MS, "Fetching role credentials")
      .then(
        (credentials) => {
          adopt(credentials);
          return credentials;
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          options.warn?.(`could not refresh the role credentials: ${message}`);
          const left = current ? Date.parse(current.credentials.expiration) - now() : 0;
          schedule(Math.min(RETRY_MS, Math.max(1_000, left / 2)));
          throw error;
        },
      )
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  const usable = async (): Promise<RoleCredentials> => {
    // A timer sleeps through a laptop's suspend: a request past the due time starts the refresh.
    if (now() >= nextAttemptAt) refresh().catch(() => undefined);
    // Still valid: answer at once and let a refresh land for the next caller.
    if (current && now() < Date.parse(current.credentials.expiration)) return current.credentials;
    return refresh();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== secretPath) {
      json(res, 404, { code: "NotFound", message: "Not found" });
      return;
    }
    if (!tokenMatches(req.headers.authorization, expectedToken)) {
      json(res, 401, {
        code: "Unauthorized",
        message: "The Authorization header must be this run's AWS_CONTAINER_AUTHORIZATION_TOKEN",
      });
      return;
    }
    try {
      const c = await usable();
      json(res, 200, {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: c.expiration,
      });
    } catch (error) {
      json(res, 503, {
        code: "CredentialsUnavailable",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  if (options.initial) adopt(options.initial);
  else await refresh();

  const server = createServer((req, res) => void handle(req, res));
  // A client that stalls while sending its request must not hold a socket for the child's lifetime.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  // The child's own requests keep it alive; the endpoint itself must not hold the process open.
  server.unref();
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${secretPath}`,
    authorizationToken,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
