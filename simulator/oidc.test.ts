import { createHash, randomBytes } from "node:crypto";
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientException,
  InvalidGrantException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  UnsupportedGrantTypeException,
} from "@aws-sdk/client-sso-oidc";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorOptions } from "./index.js";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
let sim: Simulator;

async function setup(options: SimulatorOptions = {}) {
  sim = await startSimulator({ accounts: 5, ...options });
  const oidc = new SSOOIDCClient({ region: sim.region, endpoint: sim.url, maxAttempts: 1 });
  return { oidc };
}
afterEach(async () => sim?.close());

async function registerDevice(oidc: SSOOIDCClient) {
  return oidc.send(
    new RegisterClientCommand({
      clientName: "test",
      clientType: "public",
      scopes: ["sso:account:access"],
    }),
  );
}

async function registerBrowser(oidc: SSOOIDCClient) {
  return oidc.send(
    new RegisterClientCommand({
      clientName: "test",
      clientType: "public",
      scopes: ["sso:account:access"],
      grantTypes: ["authorization_code", "refresh_token"],
      redirectUris: ["http://127.0.0.1/oauth/callback"],
      issuerUrl: sim.startUrl,
    }),
  );
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(clientId: string, redirectUri: string, challenge: string, state = "st4te") {
  const url = new URL("/authorize", sim.url);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    state,
    code_challenge_method: "S256",
    scopes: "sso:account:access",
    code_challenge: challenge,
  }).toString();
  return url;
}

describe("SSO OIDC device flow", () => {
  it("answers authorization_pending until the user visits the verification page, then issues tokens", async () => {
    const { oidc } = await setup({ deviceApproval: "visit" });
    const client = await registerDevice(oidc);
    expect(client.clientSecretExpiresAt! - client.clientIdIssuedAt!).toBe(90 * 24 * 3600);
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: sim.startUrl,
      }),
    );
    expect(device).toMatchObject({ interval: 1, expiresIn: 600 });
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    const poll = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: DEVICE_GRANT,
          deviceCode: device.deviceCode,
        }),
      );
    const pending = await poll().catch((e: unknown) => e);
    expect(pending).toBeInstanceOf(AuthorizationPendingException);
    expect((pending as AuthorizationPendingException).error).toBe("authorization_pending");

    const page = await fetch(device.verificationUriComplete!);
    expect(await page.text()).toContain('data-status="approved"');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const token = await poll();
    expect(token.tokenType).toBe("Bearer");
    expect(token.expiresIn).toBe(3600);
    expect(token.refreshToken).toBeTruthy();
    // A device code works once.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expect(poll()).rejects.toBeInstanceOf(InvalidGrantException);
  });

  it("answers slow_down to a client that polls faster than the interval, and widens it by 5 s", async () => {
    const { oidc } = await setup({ deviceApproval: "never" });
    const client = await registerDevice(oidc);
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: sim.startUrl,
      }),
    );
    const poll = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: DEVICE_GRANT,
          deviceCode: device.deviceCode,
        }),
      );
    await expect(poll()).rejects.toBeInstanceOf(AuthorizationPendingException);
    await expect(poll()).rejects.toBeInstanceOf(SlowDownException);
    const log = sim.requestLog().filter((entry) => entry.api === "CreateToken");
    expect(log.map((entry) => entry.error)).toEqual([
      "AuthorizationPendingException",
      "SlowDownException",
    ]);
  });

  it("can be told to answer slow_down first, for testing clients", async () => {
    const { oidc } = await setup({ deviceSlowDowns: 1 });
    const client = await registerDevice(oidc);
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: sim.startUrl,
      }),
    );
    await expect(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: DEVICE_GRANT,
          deviceCode: device.deviceCode,
        }),
      ),
    ).rejects.toBeInstanceOf(SlowDownException);
  });

  it("answers access_denied when the user denies, and expired_token after expiresIn", async () => {
    const { oidc } = await setup({ deviceApproval: "deny" });
    const client = await registerDevice(oidc);
    const start = () =>
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          startUrl: sim.startUrl,
        }),
      );
    const denied = await start();
    await expect(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: DEVICE_GRANT,
          deviceCode: denied.deviceCode,
        }),
      ),
    ).rejects.toBeInstanceOf(AccessDeniedException);

    sim.setOptions({ deviceApproval: "never" });
    const expired = await start();
    sim.advanceTime(601_000);
    await expect(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: DEVICE_GRANT,
          deviceCode: expired.deviceCode,
        }),
      ),
    ).rejects.toBeInstanceOf(ExpiredTokenException);
  });

  it("rejects an unknown client or a wrong secret with 401 invalid_client, and an expired registration", async () => {
    const { oidc } = await setup();
    const client = await registerDevice(oidc);
    const wrong = await oidc
      .send(
        new StartDeviceAuthorizationCommand({
          clientId: client.clientId,
          clientSecret: "nope",
          startUrl: sim.startUrl,
        }),
      )
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(InvalidClientException);
    expect((wrong as InvalidClientException).$metadata.httpStatusCode).toBe(401);
    sim.advanceTime(91 * 24 * 3600 * 1000);
    await expect(
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          startUrl: sim.startUrl,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidClientException);
  });

  it("rejects an unsupported grant type", async () => {
    const { oidc } = await setup();
    const client = await registerDevice(oidc);
    await expect(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: "password",
        }),
      ),
    ).rejects.toBeInstanceOf(UnsupportedGrantTypeException);
  });
});

describe("SSO OIDC authorization code flow with PKCE", () => {
  it("redirects to the loopback listener with code and state, and exchanges the code once", async () => {
    const { oidc } = await setup();
    const client = await registerBrowser(oidc);
    const { verifier, challenge } = pkce();
    const redirectUri = "http://127.0.0.1:54321/oauth/callback";
    const answer = await fetch(authorizeUrl(client.clientId!, redirectUri, challenge), {
      redirect: "manual",
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("state")).toBe("st4te");
    const code = location.searchParams.get("code")!;
    const exchange = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: "authorization_code",
          code,
          redirectUri,
          codeVerifier: verifier,
        }),
      );
    const token = await exchange();
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    await expect(exchange()).rejects.toBeInstanceOf(InvalidGrantException);
  });

  it("accepts `scope` as well as `scopes` in the authorize URL", async () => {
    const { oidc } = await setup();
    const client = await registerBrowser(oidc);
    const url = authorizeUrl(
      client.clientId!,
      "http://127.0.0.1:1234/oauth/callback",
      pkce().challenge,
    );
    url.searchParams.set("scope", url.searchParams.get("scopes")!);
    url.searchParams.delete("scopes");
    const answer = await fetch(url, { redirect: "manual" });
    expect(new URL(answer.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("refuses a wrong code verifier with invalid_grant", async () => {
    const { oidc } = await setup();
    const client = await registerBrowser(oidc);
    const redirectUri = "http://127.0.0.1:40000/oauth/callback";
    const answer = await fetch(authorizeUrl(client.clientId!, redirectUri, pkce().challenge), {
      redirect: "manual",
    });
    const code = new URL(answer.headers.get("location")!).searchParams.get("code")!;
    const error = await oidc
      .send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: "authorization_code",
          code,
          redirectUri,
          codeVerifier: pkce().verifier,
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGrantException);
    expect((error as InvalidGrantException).error_description).toMatch(/verifier/);
  });

  it("refuses a redirect URI that was not registered, without redirecting", async () => {
    const { oidc } = await setup();
    const client = await registerBrowser(oidc);
    const answer = await fetch(
      authorizeUrl(client.clientId!, "http://127.0.0.1:1/elsewhere", pkce().challenge),
      { redirect: "manual" },
    );
    expect(answer.status).toBe(400);
    expect(answer.headers.get("location")).toBeNull();
  });

  it("redirects with error=access_denied when the user denies, and serves a consent page in page mode", async () => {
    const { oidc } = await setup({ authorizeApproval: "deny" });
    const client = await registerBrowser(oidc);
    const redirectUri = "http://127.0.0.1:40001/oauth/callback";
    const denied = await fetch(authorizeUrl(client.clientId!, redirectUri, pkce().challenge), {
      redirect: "manual",
    });
    expect(new URL(denied.headers.get("location")!).searchParams.get("error")).toBe(
      "access_denied",
    );

    sim.setOptions({ authorizeApproval: "page" });
    const consent = await fetch(authorizeUrl(client.clientId!, redirectUri, pkce().challenge), {
      redirect: "manual",
    });
    const html = await consent.text();
    expect(consent.status).toBe(200);
    const href = /id="approve" href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&#38;", "&");
    expect(new URL(href!).searchParams.get("code")).toBeTruthy();
  });
});

describe("SSO OIDC refresh", () => {
  it("issues a new access token from a refresh token until the session ends or tokens are revoked", async () => {
    const { oidc } = await setup({ sessionTtlSeconds: 7200, singleUseRefreshTokens: false });
    const issued = sim.issueToken();
    const refresh = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: issued.clientId,
          clientSecret: issued.clientSecret,
          grantType: "refresh_token",
          refreshToken: issued.refreshToken,
        }),
      );
    const fresh = await refresh();
    expect(fresh.accessToken).not.toBe(issued.accessToken);
    expect(fresh.refreshToken).toBeTruthy();
    expect((await refresh()).accessToken).not.toBe(fresh.accessToken);

    sim.advanceTime(7200 * 1000);
    await expect(refresh()).rejects.toBeInstanceOf(InvalidGrantException);
  });

  it("refuses refresh after revokeAllTokens", async () => {
    const { oidc } = await setup();
    const issued = sim.issueToken();
    sim.revokeAllTokens();
    await expect(
      oidc.send(
        new CreateTokenCommand({
          clientId: issued.clientId,
          clientSecret: issued.clientSecret,
          grantType: "refresh_token",
          refreshToken: issued.refreshToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidGrantException);
  });

  function refreshWith(oidc: SSOOIDCClient, issued: { clientId: string; clientSecret: string }) {
    return (refreshToken: string) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: issued.clientId,
          clientSecret: issued.clientSecret,
          grantType: "refresh_token",
          refreshToken,
        }),
      );
  }

  it("cancels a refresh token once used, by default: the new one works, the old one is refused", async () => {
    const { oidc } = await setup();
    const issued = sim.issueToken();
    const refresh = refreshWith(oidc, issued);
    const fresh = await refresh(issued.refreshToken);
    await expect(refresh(issued.refreshToken)).rejects.toBeInstanceOf(InvalidGrantException);
    const again = await refresh(fresh.refreshToken!);
    expect(again.accessToken).not.toBe(fresh.accessToken);
  });

  it("can carry out a refresh and lose its answer: the refresh token is spent all the same", async () => {
    const { oidc } = await setup({ lostRefreshAnswers: 1 });
    const issued = sim.issueToken();
    const refresh = refreshWith(oidc, issued);
    await expect(refresh(issued.refreshToken)).rejects.toThrow();
    expect(sim.requestLog().map((e) => [e.api, e.status])).toEqual([["CreateToken", 0]]);
    await expect(refresh(issued.refreshToken)).rejects.toBeInstanceOf(InvalidGrantException);
  });

  it("can answer a refresh late, after carrying it out at once", async () => {
    const { oidc } = await setup({ refreshAnswerDelayMs: 400 });
    const issued = sim.issueToken();
    const late = new SSOOIDCClient({
      region: sim.region,
      endpoint: sim.url,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true },
    });
    await expect(refreshWith(late, issued)(issued.refreshToken)).rejects.toThrow();
    late.destroy();
    await expect(refreshWith(oidc, issued)(issued.refreshToken)).rejects.toBeInstanceOf(
      InvalidGrantException,
    );
  });
});
