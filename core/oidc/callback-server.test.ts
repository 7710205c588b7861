import { afterEach, describe, expect, it } from "vitest";
import { startCallbackServer, type CallbackServer } from "./callback-server.js";

let server: CallbackServer | undefined;
afterEach(() => server?.close());

describe("the loopback callback listener", () => {
  it("listens on 127.0.0.1 at /oauth/callback and thanks the user", async () => {
    server = await startCallbackServer(() => undefined);
    expect(server.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const res = await fetch(`${server.redirectUri}?code=abc&state=s1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Signed in — you can close this tab");
    await expect(server.result).resolves.toEqual({ code: "abc", state: "s1" });
  });

  it("shows an error page when the check fails, and reports what came", async () => {
    server = await startCallbackServer((r) =>
      "state" in r && r.state === "mine" ? undefined : "The answer did not belong to this sign-in.",
    );
    const res = await fetch(`${server.redirectUri}?code=abc&state=<script>`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Sign-in failed");
    expect(html).toContain("The answer did not belong to this sign-in.");
    await expect(server.result).resolves.toEqual({ code: "abc", state: "<script>" });
  });

  it("passes an OAuth error through and escapes what it shows", async () => {
    server = await startCallbackServer((r) => ("error" in r ? `Refused: ${r.error}` : undefined));
    const res = await fetch(
      `${server.redirectUri}?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=s`,
    );
    expect(await res.text()).not.toContain("<b>");
    await expect(server.result).resolves.toEqual({
      error: "access_denied",
      description: "<b>no</b>",
      state: "s",
    });
  });

  it("answers 404 elsewhere and 400 without a code, and keeps waiting", async () => {
    server = await startCallbackServer(() => undefined);
    const base = server.redirectUri.replace("/oauth/callback", "");
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
    expect((await fetch(server.redirectUri)).status).toBe(400);
    const res = await fetch(`${server.redirectUri}?code=c&state=s`);
    expect(res.status).toBe(200);
    await expect(server.result).resolves.toEqual({ code: "c", state: "s" });
  });

  it("answers requests that are not this sign-in's with 400 and keeps waiting for the one that is", async () => {
    server = await startCallbackServer(
      () => undefined,
      (r) => r.state === "mine",
    );
    const stray = await fetch(`${server.redirectUri}?error=access_denied&state=theirs`);
    expect(stray.status).toBe(400);
    expect(await stray.text()).toContain("does not belong to the sign-in under way");
    expect((await fetch(`${server.redirectUri}?code=c&state=theirs`)).status).toBe(400);
    expect((await fetch(`${server.redirectUri}?code=c&state=mine`)).status).toBe(200);
    await expect(server.result).resolves.toEqual({ code: "c", state: "mine" });
  });
});
