// Signing in through the real AWS SDK clients against the simulator: both flows end to end, and
// every way a sign-in can fail.
import { readFile, readdir, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import type { SignInPrompt } from "../../shared/model.js";
import { SessionManager } from "./session-manager.js";
import { followingBrowser, tempHome } from "../../test-support/test-home.js";
import { sha1Hex } from "./token-cache.js";
import { resolveLocations } from "../locations.js";

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const sim = await startSimulator({ accounts: 3, ...options });
  sims.push(sim);
  return sim;
}

async function setUp(
  options: Parameters<typeof startSimulator>[0] = {},
  browser = followingBrowser(),
) {
  const sim = await simulator(options);
  const home = await tempHome(sim.env);
  const warnings: string[] = [];
  const manager = new SessionManager({
    env: home.env,
    locations: resolveLocations(home.env),
    openBrowser: browser,
    warn: (m) => warnings.push(m),
  });
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  return { sim, home, manager, warnings };
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("browser (PKCE) sign-in", () => {
  it("signs in through the authorize page and caches the token as the AWS CLI does", async () => {
    const seen: string[] = [];
    const { sim, home, manager } = await setUp({}, followingBrowser(seen));
    const prompts: SignInPrompt[] = [];

    const status = await manager.signIn("acme", {
      method: "browser",
      onPrompt: (p) => prompts.push(p),
    });

    expect(status).toMatchObject({
      name: "acme",
      state: "signed-in",
      canRefresh: true,
      source: "sso-session",
    });
    expect(prompts).toEqual([{ kind: "browser", session: "acme", url: seen[0] }]);
    const authorize = new URL(seen[0] ?? "");
    expect(authorize.origin + authorize.pathname).toBe(
      `${sim.env.AWS_ENDPOINT_URL_SSO_OIDC.replace(/\/$/, "")}/authorize`,
    );
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("scopes")).toBe("sso:account:access");
    expect(authorize.searchParams.get("redirect_uri")).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/,
    );

    const file = path.join(home.cacheDir, `${sha1Hex("acme")}.json`);
    const cached = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    expect(Object.keys(cached).sort()).toEqual(
      [
        "accessToken",
        "clientId",
        "clientSecret",
        "expiresAt",
        "refreshToken",
        "region",
        "registrationExpiresAt",
        "startUrl",
      ].sort(),
    );
    expect(cached).toMatchObject({ startUrl: sim.startUrl, region: sim.region });
    expect(cached.expiresAt).toMatch(ISO_SECONDS);
    expect(cached.registrationExpiresAt).toMatch(ISO_SECONDS);
    if (process.platform !== "win32") expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await manager.accessToken("acme")).toBe(cached.accessToken);
  });

  it("reuses the cached client registration on the next sign-in", async () => {
    const { sim, manager } = await setUp();
    await manager.signIn("acme", { method: "browser" });
    sim.clearRequestLog();
    await manager.signIn("acme", { method: "browser" });
    expect(sim.requestLog().map((r) => r.api)).not.toContain("RegisterClient");
  });

  it("registers again when the cached registration has expired", async () => {
    const { sim, home, manager } = await setUp();
    await manager.signIn("acme", { method: "browser" });
    // Age the registration file (not the token) past its end.
    const files = await readdir(home.cacheDir);
    for (const f of files) {
      const p = path.join(home.cacheDir, f);
      const json = JSON.parse(await readFile(p, "utf8")) as Record<string, unknown>;
      if ("grantTypes" in json) {
        json.expiresAt = "2020-01-01T00:00:00Z";
        await (await import("node:fs/promises")).writeFile(p, JSON.stringify(json));
      }
    }
    sim.clearRequestLog();
    await manager.signIn("acme", { method: "browser" });
    expect(sim.requestLog().filter((r) => r.api === "RegisterClient")).toHaveLength(1);
  });

  it("reports a denial in the browser as access denied and serves an error page", async () => {
    const pages: string[] = [];
    const browser = async (url: string): Promise<void> => {
      const res = await fetch(url, { redirect: "manual" });
      const location = res.headers.get("location");
      if (location) pages.push(await (await fetch(location)).text());
    };
    const { manager } = await setUp({ authorizeApproval: "deny" }, browser);
    await expect(manager.signIn("acme", { method: "browser" })).rejects.toThrow(
      "The sign-in was denied in the browser; start it again and choose Allow",
    );
    expect(pages[0]).toContain("Sign-in failed");
    expect((await manager.get("acme")).state).toBe("signed-out");
  });

  it("ignores callbacks whose state is not ours and keeps waiting for the real answer", async () => {
    const strays: number[] = [];
    const real = followingBrowser();
    const browser = async (url: string): Promise<void> => {
      const redirect = new URL(url).searchParams.get("redirect_uri") ?? "";
      // A page that found the port tries to slip in its code, then to abort the sign-in.
      for (const query of ["code=stolen&state=someone-elses", "error=access_denied&state=x"]) {
        const res = await fetch(`${redirect}?${query}`);
        await res.arrayBuffer();
        strays.push(res.status);
      }
      await real(url);
    };
    const { sim, manager } = await setUp({}, browser);
    const status = await manager.signIn("acme", { method: "browser" });
    expect(strays).toEqual([400, 400]);
    expect(status.state).toBe("signed-in");
    const exchanged = sim.requestLog().filter((r) => r.api === "CreateToken");
    expect(exchanged).toHaveLength(1);
  });

  it("gives up after the time limit and can be cancelled", async () => {
    const { manager } = await setUp({}, async () => undefined);
    await expect(
      manager.signIn("acme", { method: "browser", timeoutMs: 300 }),
    ).rejects.toMatchObject({
      reason: "timeout",
      message: expect.stringContaining("No answer from the browser"),
    });
    const controller = new AbortController();
    const pending = manager.signIn("acme", { method: "browser", signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({
      name: "AbortError",
      message: "The sign-in was cancelled",
    });
  });
});

describe("device-code sign-in", () => {
  it("reports the code, waits for approval and caches a refreshable token", async () => {
    const { sim, home, manager } = await setUp({ deviceApproval: "visit" }, async () => {
      throw new Error("the device flow must not open a browser when asked for it");
    });
    const prompts: SignInPrompt[] = [];
    const status = await manager.signIn("acme", {
      method: "device",
      onPrompt: (p) => {
        prompts.push(p);
        if (p.kind === "device") void fetch(p.verificationUriComplete).then((r) => r.arrayBuffer());
      },
    });
    expect(status).toMatchObject({ state: "signed-in", canRefresh: true });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({
      kind: "device",
      session: "acme",
      userCode: expect.any(String),
    });
    const cached = JSON.parse(
      await readFile(path.join(home.cacheDir, `${sha1Hex("acme")}.json`), "utf8"),
    ) as Record<string, string>;
    expect(cached.refreshToken).toBeTruthy();
    const polls = sim.requestLog().filter((r) => r.api === "CreateToken");
    expect(polls.length).toBeGreaterThanOrEqual(2);
    // Polls keep the server's interval (1 s) apart.
    for (let i = 1; i < polls.length; i++)
      expect((polls[i]?.time ?? 0) - (polls[i - 1]?.time ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("waits 5 seconds more after slow_down (RFC 8628 §3.5)", async () => {
    // The first poll is answered slow_down, the second approved. The real interval is kept (no
    // test-only knob), so this test takes the 6 seconds it checks.
    const { sim, manager } = await setUp({ deviceSlowDowns: 1, deviceApproval: { afterPolls: 2 } });
    await manager.signIn("acme", { method: "device" });
    const polls = sim.requestLog().filter((r) => r.api === "CreateToken");
    expect(polls.map((p) => p.error)).toEqual(["SlowDownException", undefined]);
    // The server's interval is 1 s; after slow_down it is 1 + 5 seconds.
    expect((polls[1]?.time ?? 0) - (polls[0]?.time ?? 0)).toBeGreaterThanOrEqual(5_950);
  }, 20_000);

  it("says so when the user denies the request", async () => {
    const { manager } = await setUp({ deviceApproval: "deny" });
    await expect(manager.signIn("acme", { method: "device" })).rejects.toThrow(
      /was denied; start it again and choose Allow/,
    );
  });

  it("says so when the code expires before approval", async () => {
    const { sim, manager } = await setUp({ deviceApproval: "never" });
    await expect(
      manager.signIn("acme", {
        method: "device",
        onPrompt: () => sim.advanceTime(601_000),
      }),
    ).rejects.toMatchObject({
      reason: "expired",
      message: expect.stringMatching(/expired before it was approved; start the sign-in again/),
    });
  });

  it("gives legacy profiles the device flow, opening the code page when a browser sign-in was asked for", async () => {
    const sim = await simulator({ deviceApproval: "visit" });
    const home = await tempHome(sim.env);
    await home.writeConfig(
      `[profile old]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_account_id = 111111111111\nsso_role_name = R\n`,
    );
    const opened: string[] = [];
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async (url) => {
        opened.push(url);
        await (await fetch(url)).arrayBuffer();
      },
    });
    const status = await manager.signIn("old", { method: "browser" });
    expect(status).toMatchObject({
      source: "legacy-profile",
      state: "signed-in",
      canRefresh: false,
    });
    expect(opened).toHaveLength(1);
    const file = path.join(home.cacheDir, `${sha1Hex(sim.startUrl)}.json`);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({
      startUrl: sim.startUrl,
      accessToken: expect.any(String),
    });
  });
});

describe("sign-in failures a user can act on", () => {
  it("names the endpoint when IAM Identity Center cannot be reached", async () => {
    const port = await closedPort();
    const home = await tempHome({
      AWS_ENDPOINT_URL_SSO_OIDC: `http://127.0.0.1:${port}`,
      AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${port}`,
    });
    await home.writeConfig(
      "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n",
    );
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
    });
    await expect(manager.signIn("acme", { method: "browser" })).rejects.toThrow(
      `Could not reach IAM Identity Center at http://127.0.0.1:${port} (ECONNREFUSED) while registering SSO Tray with IAM Identity Center: check the region and your network`,
    );
  });

  it("refuses to sign in to a session whose configuration is incomplete, saying what to add", async () => {
    const home = await tempHome();
    await home.writeConfig("[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\n");
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
    });
    await expect(manager.signIn("acme", { method: "browser" })).rejects.toThrow(
      /\[sso-session acme\] in .*config \(line 1\) lacks sso_region; add it/,
    );
  });

  it("refuses a region that is not one", async () => {
    const home = await tempHome();
    await home.writeConfig(
      "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = Ireland\n",
    );
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
    });
    await expect(manager.signIn("acme", { method: "device" })).rejects.toThrow(
      "The region of session 'acme' must look like us-east-1 (got 'Ireland'); fix sso_region in your AWS config",
    );
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}
