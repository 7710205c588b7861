// Staying signed in: tokens written by the AWS CLI, refresh before expiry, refresh failures,
// revoked tokens, expired registrations, corrupt files, several sessions at once.
import { chmod, mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { SessionManager, SignInNeededError } from "./session-manager.js";
import { followingBrowser, tempHome, type TestHome } from "../../test-support/test-home.js";
import { sha1Hex } from "./token-cache.js";
import { resolveLocations } from "../locations.js";
import { withLocations } from "../../test-support/with-locations.js";

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const sim = await startSimulator({ accounts: 3, ...options });
  sims.push(sim);
  return sim;
}

const MIN = 60_000;

function cliTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Writes a token file byte for byte as `aws sso login` (botocore's JSONFileCache) does. */
async function writeCliToken(
  home: TestHome,
  hashOf: string,
  fields: Record<string, string>,
): Promise<string> {
  await mkdir(home.cacheDir, { recursive: true });
  const file = path.join(home.cacheDir, `${sha1Hex(hashOf)}.json`);
  await writeFile(file, JSON.stringify(fields).replace(/","/g, '", "').replace(/":"/g, '": "'));
  return file;
}

async function withIssuedToken(expiresInSeconds: number, overrides: Record<string, string> = {}) {
  const sim = await simulator();
  const home = await tempHome(sim.env);
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  const issued = sim.issueToken({ expiresInSeconds });
  const file = await writeCliToken(home, "acme", {
    startUrl: sim.startUrl,
    region: sim.region,
    accessToken: issued.accessToken,
    expiresAt: cliTime(issued.expiresAt),
    clientId: issued.clientId,
    clientSecret: issued.clientSecret,
    registrationExpiresAt: cliTime(issued.registrationExpiresAt),
    refreshToken: issued.refreshToken,
    ...overrides,
  });
  const warnings: string[] = [];
  const manager = new SessionManager({
    env: home.env,
    locations: resolveLocations(home.env),
    openBrowser: followingBrowser(),
    warn: (m) => warnings.push(m),
  });
  sim.clearRequestLog();
  return { sim, home, file, issued, manager, warnings };
}

describe("tokens written by the AWS CLI", () => {
  it("uses a token file written by `aws sso login` as is, without calling IAM Identity Center", async () => {
    const { sim, issued, manager } = await withIssuedToken(3600);
    expect(await manager.list()).toEqual([
      expect.objectContaining({
        name: "acme",
        state: "signed-in",
        canRefresh: true,
        expiresAt: new Date(cliTime(issued.expiresAt)).toISOString(),
      }),
    ]);
    expect(await manager.accessToken("acme")).toBe(issued.accessToken);
    expect(sim.requestLog()).toEqual([]);
  });

  it("picks up a legacy profile's token (named by the start URL hash), which cannot refresh", async () => {
    const sim = await simulator();
    const home = await tempHome(sim.env);
    await home.writeConfig(
      `[default]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_account_id = 111111111111\nsso_role_name = R\n`,
    );
    const issued = sim.issueToken({ expiresInSeconds: 600 });
    await writeCliToken(home, sim.startUrl, {
      startUrl: sim.startUrl,
      region: sim.region,
      accessToken: issued.accessToken,
      expiresAt: cliTime(issued.expiresAt),
    });
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
    });
    // Ten minutes left and no way to refresh: "expiring".
    expect(await manager.get("default")).toMatchObject({
      source: "legacy-profile",
      state: "expiring",
      canRefresh: false,
    });
    expect(await manager.accessToken("default")).toBe(issued.accessToken);
  });
});

describe("refresh", () => {
  it("refreshes when fewer than 15 minutes remain and rewrites the file", async () => {
    const { sim, file, issued, manager } = await withIssuedToken(10 * 60);
    const token = await manager.accessToken("acme");
    expect(token).not.toBe(issued.accessToken);
    expect(sim.requestLog().filter((r) => r.api === "CreateToken")).toHaveLength(1);
    const cached = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    expect(cached.accessToken).toBe(token);
    expect(Date.parse(cached.expiresAt ?? "") - Date.now()).toBeGreaterThan(50 * MIN);
    // The registration stays with the token.
    expect(cached.clientId).toBe(issued.clientId);
    expect(cached.registrationExpiresAt).toBe(cliTime(issued.registrationExpiresAt));
  });

  it("does not refresh while more than 15 minutes remain", async () => {
    const { sim, issued, manager } = await withIssuedToken(20 * 60);
    expect(await manager.accessToken("acme")).toBe(issued.accessToken);
    expect(sim.requestLog()).toEqual([]);
  });

  it("shares one refresh between concurrent callers", async () => {
    const { sim, manager } = await withIssuedToken(60);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => manager.accessToken("acme")));
    expect(new Set(tokens).size).toBe(1);
    expect(sim.requestLog().filter((r) => r.api === "CreateToken")).toHaveLength(1);
  });

  it("refreshes an expired access token silently while the session lives", async () => {
    const { manager } = await withIssuedToken(-60);
    expect((await manager.get("acme")).state).toBe("signed-in");
    await expect(manager.accessToken("acme")).resolves.toEqual(expect.any(String));
  });

  it("turns a refused refresh into SignInNeededError and a sign-in-needed status", async () => {
    const { sim, manager } = await withIssuedToken(5 * 60);
    sim.revokeAllTokens();
    const error = await manager.accessToken("acme").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInNeededError);
    expect((error as SignInNeededError).session).toBe("acme");
    expect((error as Error).message).toBe(
      "Session 'acme' needs a new sign-in: IAM Identity Center refused to refresh it (the session ended or was revoked). Run `ssotray login --session acme` or use Sign in in SSO Tray.",
    );
    expect(await manager.get("acme")).toMatchObject({
      state: "sign-in-needed",
      problem: expect.stringContaining("refused to refresh"),
    });
  });

  it("after a revoked token is refused, refreshes once, then reports sign-in needed without asking again", async () => {
    const { sim, manager } = await withIssuedToken(3600);
    const first = await manager.accessToken("acme");
    sim.revokeAllTokens();
    // A portal call answered UnauthorizedException: the caller forces one refresh.
    await expect(manager.accessToken("acme", { forceRefresh: true })).rejects.toBeInstanceOf(
      SignInNeededError,
    );
    expect(sim.requestLog().filter((r) => r.api === "CreateToken")).toHaveLength(1);
    await expect(manager.accessToken("acme")).rejects.toThrow(/needs a new sign-in/);
    expect(sim.requestLog().filter((r) => r.api === "CreateToken")).toHaveLength(1);
    expect((await manager.get("acme")).state).toBe("sign-in-needed");
    expect(first).toBeTruthy();
    // A new sign-in clears it.
    await manager.signIn("acme", { method: "browser" });
    expect((await manager.get("acme")).state).toBe("signed-in");
  });

  it("remembers a refused sign-in for the next process, until a new sign-in", async () => {
    const { sim, home, manager } = await withIssuedToken(3600);
    sim.revokeAllTokens();
    await expect(manager.accessToken("acme", { forceRefresh: true })).rejects.toThrow(
      /needs a new sign-in/,
    );
    // `ssotray status` in a new process: the token file alone still looks signed in.
    const next = () =>
      new SessionManager({
        env: home.env,
        locations: resolveLocations(home.env),
        openBrowser: followingBrowser(),
      });
    expect(await next().get("acme")).toMatchObject({
      state: "sign-in-needed",
      problem: expect.stringContaining("refused"),
    });
    expect((await next().list())[0]?.state).toBe("sign-in-needed");
    await next().signIn("acme", { method: "browser" });
    expect((await next().get("acme")).state).toBe("signed-in");
  });

  it("cannot refresh once the client registration has expired, and says so", async () => {
    const past = cliTime(new Date(Date.now() - 60 * MIN));
    const soon = await withIssuedToken(5 * 60, { registrationExpiresAt: past });
    expect(await soon.manager.get("acme")).toMatchObject({ state: "expiring", canRefresh: false });
    expect(await soon.manager.accessToken("acme")).toBe(soon.issued.accessToken);

    const gone = await withIssuedToken(-60, { registrationExpiresAt: past });
    expect(await gone.manager.get("acme")).toMatchObject({
      state: "sign-in-needed",
      problem: expect.stringContaining("the client registration expired at"),
    });
    await expect(gone.manager.accessToken("acme")).rejects.toThrow(
      /needs a new sign-in: the sign-in expired at .* and the client registration expired at/,
    );
    expect(gone.sim.requestLog()).toEqual([]);
  });

  it("keeps using the current token when the service cannot be reached for an early refresh", async () => {
    const { sim, issued, home, warnings } = await withIssuedToken(10 * 60);
    await sim.close();
    sims.splice(sims.indexOf(sim), 1);
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
      warn: (m) => warnings.push(m),
    });
    expect(await manager.accessToken("acme")).toBe(issued.accessToken);
    expect(warnings.join("\n")).toMatch(
      /Could not refresh session 'acme' \(Could not reach IAM Identity Center at/,
    );
  });
});

describe("signing out", () => {
  it("logs out at the portal, removes the cache file and leaves the registration for the next sign-in", async () => {
    const { sim, file, manager } = await withIssuedToken(3600);
    await manager.signOut("acme");
    expect(sim.requestLog().map((r) => [r.api, r.status])).toEqual([["Logout", 200]]);
    await expect(readFile(file, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    expect(await manager.get("acme")).toMatchObject({ state: "signed-out" });
    await expect(manager.accessToken("acme")).rejects.toThrow(
      "Session 'acme' needs a new sign-in: it is not signed in yet.",
    );
  });

  it("removes what interrupted writes left beside the token, on sign-out and on start", async () => {
    const { home, file, manager } = await withIssuedToken(3600);
    const token = await readFile(file, "utf8");
    // write-file-atomic's temporary names: <file>.<n>
    await writeFile(`${file}.3921847`, token);
    await manager.signOut("acme");
    expect(await readdir(home.cacheDir)).not.toContain(`${path.basename(file)}.3921847`);

    const other = path.join(home.cacheDir, `${sha1Hex("other")}.json.12`);
    const young = path.join(home.cacheDir, `${sha1Hex("young")}.json.13`);
    await writeFile(other, token);
    await writeFile(young, token);
    const old = new Date(Date.now() - 10 * MIN);
    await utimes(other, old, old);
    await new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
    }).list();
    const left = await readdir(home.cacheDir);
    expect(left).not.toContain(path.basename(other));
    // Maybe another process's write under way: left alone.
    expect(left).toContain(path.basename(young));
  });

  it("warns, with the command to run, when other users can write to the token cache", async () => {
    const { home, warnings } = await withIssuedToken(3600);
    await chmod(home.cacheDir, 0o777);
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
      warn: (m) => warnings.push(m),
    });
    await manager.list();
    await manager.list();
    expect(warnings).toEqual([
      "~/.aws/sso/cache can be written by every user on this machine (mode 777), who could replace your sign-in; run: chmod 700 ~/.aws/sso/cache",
    ]);
    await chmod(home.cacheDir, 0o700);
    const quiet: string[] = [];
    await new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
      warn: (m) => quiet.push(m),
    }).list();
    expect(quiet).toEqual([]);
  });

  it("signs out even when the portal cannot be reached", async () => {
    const { sim, file, home } = await withIssuedToken(3600);
    await sim.close();
    sims.splice(sims.indexOf(sim), 1);
    await new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: async () => undefined,
    }).signOut("acme");
    await expect(readFile(file, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("bad cache files", () => {
  it("ignores a partial file with a warning, reports sign-in needed, and a sign-in replaces it", async () => {
    const sim = await simulator();
    const home = await tempHome(sim.env);
    await home.writeConfig(
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\n`,
    );
    const file = await writeCliToken(home, "acme", { startUrl: sim.startUrl });
    await writeFile(file, '{"startUrl": "x", "accessToken": "abc", "expiresAt": "2030-01-0');
    const warnings: string[] = [];
    const manager = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: followingBrowser(),
      warn: (m) => warnings.push(m),
    });
    const [status] = await manager.list();
    expect(status).toMatchObject({
      state: "sign-in-needed",
      problem: expect.stringContaining("is not valid JSON (cut short?)"),
    });
    expect(warnings).toEqual([
      expect.stringContaining("Session 'acme': ignoring the cached sign-in"),
    ]);
    await manager.list();
    expect(warnings).toHaveLength(1);
    await expect(manager.accessToken("acme")).rejects.toBeInstanceOf(SignInNeededError);
    await manager.signIn("acme", { method: "browser" });
    expect((await manager.get("acme")).state).toBe("signed-in");
  });

  it("does not use a token cached for another start URL", async () => {
    const { home, manager, sim } = await withIssuedToken(3600);
    await home.writeConfig(
      `[sso-session acme]\nsso_start_url = https://other.awsapps.com/start\nsso_region = ${sim.region}\n`,
    );
    expect(await manager.get("acme")).toMatchObject({
      state: "sign-in-needed",
      problem: expect.stringContaining("not https://other.awsapps.com/start"),
    });
    await expect(manager.accessToken("acme")).rejects.toBeInstanceOf(SignInNeededError);
  });
});

describe("several sessions", () => {
  it("keeps two instances signed in at once, each with its own token", async () => {
    const a = await simulator();
    const b = await simulator();
    const home = await tempHome();
    await home.writeConfig(
      `[sso-session a]\nsso_start_url = ${a.startUrl}\nsso_region = ${a.region}\nsso_registration_scopes = sso:account:access\n\n` +
        `[sso-session b]\nsso_start_url = ${b.startUrl}\nsso_region = ${b.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    // One HOME, two services: each manager reaches its own simulator; the files are shared.
    const ma = new SessionManager({
      ...withLocations({ ...home.env, ...a.env }),
      openBrowser: followingBrowser(),
    });
    const mb = new SessionManager({
      ...withLocations({ ...home.env, ...b.env }),
      openBrowser: followingBrowser(),
    });
    await Promise.all([
      ma.signIn("a", { method: "browser" }),
      mb.signIn("b", { method: "browser" }),
    ]);
    const list = await ma.list();
    expect(list.map((s) => [s.name, s.state])).toEqual([
      ["a", "signed-in"],
      ["b", "signed-in"],
    ]);
    const [ta, tb] = [await ma.accessToken("a"), await mb.accessToken("b")];
    expect(ta).not.toBe(tb);
    // Revoking one instance leaves the other signed in.
    a.revokeAllTokens();
    await expect(ma.accessToken("a", { forceRefresh: true })).rejects.toBeInstanceOf(
      SignInNeededError,
    );
    expect(await mb.accessToken("b", { forceRefresh: true })).toEqual(expect.any(String));
  });
});
