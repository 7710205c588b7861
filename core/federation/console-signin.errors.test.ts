// How a console sign-in fails: the federation endpoint stalls, refuses, breaks, redirects or
// answers without a token. A loopback server plays each part; every failure must say what to do.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConsoleSignInError,
  createConsoleLink,
  getSigninToken,
  loginUrl,
} from "./console-signin.js";
import { withLocations } from "../../test-support/with-locations.js";

const credentials = {
  accessKeyId: "ASIAEXAMPLE",
  secretAccessKey: "secret",
  sessionToken: "token",
  expiration: "2030-01-01T00:00:00Z",
};

/** What the endpoint does, by the path it is called on. */
const answers: Record<string, (res: ServerResponse) => void> = {
  "/stall": () => undefined,
  "/refuse-400": (res) => res.writeHead(400).end("{}"),
  "/refuse-401": (res) => res.writeHead(401).end("{}"),
  "/refuse-403": (res) => res.writeHead(403).end("{}"),
  "/broken-500": (res) => res.writeHead(500).end("oops"),
  "/broken-503": (res) => res.writeHead(503).end(),
  "/not-json": (res) => res.writeHead(200).end("<html>sign in</html>"),
  "/empty-token": (res) => res.writeHead(200).end(JSON.stringify({ SigninToken: "" })),
  "/number-token": (res) => res.writeHead(200).end(JSON.stringify({ SigninToken: 5 })),
  "/good": (res) => res.writeHead(200).end(JSON.stringify({ SigninToken: "tok" })),
  "/federation": (res) => res.writeHead(200).end(JSON.stringify({ SigninToken: "tok" })),
  "/redirect": (res) => res.writeHead(302, { location: "/good" }).end(),
};

let server: Server;
let base: string;
const stalled: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/stall") stalled.push(res);
    (answers[path] ?? ((r) => r.writeHead(404).end()))(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of stalled) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(path: string, timeoutMs?: number): Promise<ConsoleSignInError> {
  const error = await getSigninToken(`${base}${path}`, credentials, {
    timeoutMs,
    ...withLocations({}),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, path).toBeInstanceOf(ConsoleSignInError);
  expect((error as Error).name).toBe("ConsoleSignInError");
  return error as ConsoleSignInError;
}

describe("console sign-in failures", () => {
  it("gets the token from a good answer", async () => {
    await expect(
      getSigninToken(`${base}/good`, credentials, { ...withLocations({}) }),
    ).resolves.toBe("tok");
  });

  it("names a stalled endpoint and its deadline", async () => {
    const error = await failure("/stall", 600);
    expect(error.message).toBe(
      `The console sign-in service at ${base}/stall did not answer in 3 tries while getting a console sign-in token: check your network and proxy, and AWS_ENDPOINT_URL_SIGNIN if it is set`,
    );
    expect((error.cause as Error).name).toMatch(/TimeoutError|AbortError/);
  });

  it("says refused credentials should be fetched again, and other errors retried", async () => {
    for (const status of [400, 401, 403]) {
      expect((await failure(`/refuse-${status}`)).message).toBe(
        `The console sign-in service answered HTTP ${status}: the role credentials were refused (expired or revoked?); try again to get fresh ones`,
      );
    }
    for (const status of [500, 503]) {
      expect((await failure(`/broken-${status}`)).message).toBe(
        `The console sign-in service answered HTTP ${status}: try again in a moment`,
      );
    }
  });

  it("refuses an answer without a sign-in token", async () => {
    for (const path of ["/not-json", "/empty-token", "/number-token"]) {
      expect((await failure(path)).message).toBe(
        "The console sign-in service answered without a sign-in token; try again in a moment",
      );
    }
  });

  it("does not follow a redirect with the credentials in its query", async () => {
    const error = await failure("/redirect");
    expect(error.message).toBe(
      `The console sign-in service at ${base}/redirect answered with a redirect (HTTP 302), which SSO Tray does not follow with credentials; check AWS_ENDPOINT_URL_SIGNIN if it is set, and whether a proxy answers in its place`,
    );
  });

  it("builds the login URL on the endpoint alone, dropping any query it had", () => {
    const url = new URL(
      loginUrl(
        `${base}/federation?Action=getSigninToken&x=1`,
        "tok",
        "https://console.aws.amazon.com/",
        "https://acme.awsapps.com/start",
      ),
    );
    expect([...url.searchParams.keys()]).toEqual([
      "Action",
      "Issuer",
      "Destination",
      "SigninToken",
    ]);
    expect(url.searchParams.get("Action")).toBe("login");
  });

  it("says a link lasts 15 minutes, or until the credentials expire if that is sooner", async () => {
    const now = Date.parse("2029-12-31T23:00:00Z");
    const link = (expiration: string) =>
      createConsoleLink({
        credentials: { ...credentials, expiration },
        region: "eu-west-1",
        issuer: "https://acme.awsapps.com/start",
        ...withLocations({ AWS_ENDPOINT_URL_SIGNIN: `${base}/federation` }),
        now: () => now,
      });
    expect((await link("2030-01-01T00:00:00Z")).expiresAt).toBe("2029-12-31T23:15:00.000Z");
    expect((await link("2029-12-31T23:05:00Z")).expiresAt).toBe("2029-12-31T23:05:00.000Z");
  });
});
