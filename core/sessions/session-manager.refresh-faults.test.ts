// A refresh whose answer is late or lost, against the simulator with single-use refresh tokens:
// the service has spent the refresh token whatever becomes of its answer, so a retry would be
// refused and the sign-in lost. A refresh gets one try with a long deadline, and a refusal is
// checked against the token file before the sign-in is given up.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CreateTokenCommand, SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../simulator/index.js";
import { SessionManager, SignInNeededError } from "./session-manager.js";
import { followingBrowser, tempHome, type TestHome } from "../../test-support/test-home.js";
import { sha1Hex } from "./token-cache.js";
import { resolveLocations } from "../locations.js";
import { AwsCliTokenStore, type TokenStore } from "./token-store.js";

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const cliTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

async function signedIn(options: SimulatorOptions, expiresInSeconds: number) {
  const sim = await startSimulator({ accounts: 3, singleUseRefreshTokens: true, ...options });
  sims.push(sim);
  // A per-try deadline of 300 ms: a refresh's own is three times that.
  const home = await tempHome({ ...sim.env, SSOTRAY_NETWORK_TIMEOUT_MS: "300" });
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  const issued = sim.issueToken({ expiresInSeconds });
  await mkdir(home.cacheDir, { recursive: true });
  const file = path.join(home.cacheDir, `${sha1Hex("acme")}.json`);
  await writeFile(
    file,
    JSON.stringify({
      startUrl: sim.startUrl,
      region: sim.region,
      accessToken: issued.accessToken,
      expiresAt: cliTime(issued.expiresAt),
      clientId: issued.clientId,
      clientSecret: issued.clientSecret,
      registrationExpiresAt: cliTime(issued.registrationExpiresAt),
      refreshToken: issued.refreshToken,
    }),
    { mode: 0o600 },
  );
  sim.clearRequestLog();
  return { sim, home, file, issued };
}

function manager(home: TestHome, warnings: string[] = [], tokens?: TokenStore): SessionManager {
  return new SessionManager({
    env: home.env,
    locations: resolveLocations(home.env),
    openBrowser: followingBrowser(),
    warn: (m) => warnings.push(m),
    ...(tokens ? { tokens } : {}),
  });
}

const refreshes = (sim: Simulator) => sim.requestLog().filter((e) => e.api === "CreateToken");

describe("a refresh whose answer is late or lost", () => {
  it("takes an answer that comes after the per-try deadline, within the refresh's own", async () => {
    const { sim, home, file, issued } = await signedIn({ refreshAnswerDelayMs: 600 }, 5 * 60);
    const token = await manager(home).accessToken("acme");
    expect(token).not.toBe(issued.accessToken);
    expect(refreshes(sim)).toHaveLength(1);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ accessToken: token });
  });

  it("does not retry a refresh whose connection dropped: one CreateToken, and the current token is used while it lasts", async () => {
    const { sim, home, issued } = await signedIn({ lostRefreshAnswers: 1 }, 5 * 60);
    const warnings: string[] = [];
    expect(await manager(home, warnings).accessToken("acme")).toBe(issued.accessToken);
    expect(refreshes(sim)).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(/^Could not refresh session 'acme' .*using the current token/),
    ]);
    expect(warnings[0]).toMatch(
      /closed the connection \(ECONNRESET\) without an answer while refreshing the sign-in, in the one try it gets .* it may have used up this sign-in/,
    );
    // What remains: the service spent the refresh token on the lost answer, so the next refresh
    // is refused, and the sign-in must be made again (docs/security.md, "Refreshing the sign-in").
    await expect(manager(home).accessToken("acme")).rejects.toBeInstanceOf(SignInNeededError);
  });

  it("says of an answer lost past the deadline that one refresh was sent, for how long, and what it may have cost", async () => {
    // Later than the refresh's one try of 3 × 300 ms: the service spends the refresh token and
    // its answer comes to nobody.
    const { sim, home, issued } = await signedIn({ refreshAnswerDelayMs: 3_000 }, 5 * 60);
    const warnings: string[] = [];
    expect(await manager(home, warnings).accessToken("acme")).toBe(issued.accessToken);
    expect(refreshes(sim)).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Could not refresh session 'acme' \(IAM Identity Center at http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.9 s while refreshing the sign-in, in the one try it gets \(a refresh is never retried, as its refresh token may be single-use\): check your network and proxy, and AWS_ENDPOINT_URL_SSO_OIDC if it is set\. If the request reached IAM Identity Center, it may have used up this sign-in: when the next refresh is refused, sign in again\); using the current token until it expires$/,
    );
    expect(warnings[0]).not.toMatch(/tries/);
    // And so it had: the next refresh is refused.
    await expect(manager(home).accessToken("acme")).rejects.toBeInstanceOf(SignInNeededError);
  });

  it("after a refusal, uses the sign-in another tool saved meanwhile rather than giving up", async () => {
    const { sim, home, file, issued } = await signedIn({}, 5 * 60);
    // Another tool (the AWS CLI, which knows nothing of our lock) refreshes from the same file
    // between our last read of it and our refresh, and saves what it got.
    const real = new AwsCliTokenStore(resolveLocations(home.env));
    let reads = 0;
    let saved = "";
    const racing: TokenStore = {
      read: async (ref) => {
        const read = await real.read(ref);
        if (++reads === 2) {
          const oidc = new SSOOIDCClient({ region: sim.region, endpoint: sim.url, maxAttempts: 1 });
          const out = await oidc.send(
            new CreateTokenCommand({
              clientId: issued.clientId,
              clientSecret: issued.clientSecret,
              grantType: "refresh_token",
              refreshToken: issued.refreshToken,
            }),
          );
          oidc.destroy();
          saved = out.accessToken!;
          const before = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
          await writeFile(
            file,
            JSON.stringify({
              ...before,
              accessToken: saved,
              expiresAt: cliTime(new Date(Date.now() + 3600_000)),
              refreshToken: out.refreshToken!,
            }),
          );
        }
        return read;
      },
      write: (ref, token) => real.write(ref, token),
      remove: (ref) => real.remove(ref),
      mark: (ref) => real.mark(ref),
    };
    const token = await manager(home, [], racing).accessToken("acme");
    expect(saved).not.toBe("");
    expect(token).toBe(saved);
    // Ours was refused (its refresh token spent by the other tool), and nothing was recorded
    // against the session: it is still signed in.
    expect(refreshes(sim).map((e) => e.error)).toEqual([undefined, "InvalidGrantException"]);
    expect((await manager(home).get("acme")).state).toBe("signed-in");
  });
});
