// The cap on a portal answer's size, against a bare loopback server that says what the test
// needs: a Content-Length over the cap and then nothing (a client that waited to read it would
// hang), or an answer just under the cap, which must still be read.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ListAccountsCommand } from "@aws-sdk/client-sso";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalConnection, type PortalConnection } from "./portal-connection.js";
import { resolveLocations } from "../locations.js";
import { MAX_RESPONSE_BYTES } from "./response-limit.js";

let server: Server;
let connection: PortalConnection;
let calls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    calls += 1;
    const size = Number(new URL(req.url ?? "/", "http://x").searchParams.get("max_result"));
    if (size === 1) {
      // Claims 2 MiB, sends a few bytes and keeps the connection open.
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": 2 * MAX_RESPONSE_BYTES,
      });
      res.write('{"accountList":[');
      return;
    }
    const filler = "x".repeat(MAX_RESPONSE_BYTES - 200);
    const body = JSON.stringify({
      accountList: [{ accountId: "111111111111", accountName: filler }],
    });
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const env = { AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${port}` };
  connection = createPortalConnection("us-east-1", env, resolveLocations(env));
});
afterAll(async () => {
  connection.client.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("portal answer size", () => {
  it("refuses an answer whose Content-Length is over 1 MiB before reading it, once", async () => {
    calls = 0;
    await expect(
      connection.client.send(new ListAccountsCommand({ accessToken: "t", maxResults: 1 })),
    ).rejects.toMatchObject({
      name: "ResponseTooLargeError",
      message: expect.stringMatching(
        /^The portal at 127\.0\.0\.1:\d+ sent more than 1 MiB in answer to ListAccountsCommand/,
      ),
    });
    expect(calls).toBe(1);
  });

  it("reads an answer just under the cap", async () => {
    const out = await connection.client.send(
      new ListAccountsCommand({ accessToken: "t", maxResults: 2 }),
    );
    expect(out.accountList?.[0]?.accountName).toHaveLength(MAX_RESPONSE_BYTES - 200);
  });
});
