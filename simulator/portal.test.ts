import {
  GetRoleCredentialsCommand,
  InvalidRequestException,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccounts,
  ResourceNotFoundException,
  SSOClient,
  SSOServiceException,
  TooManyRequestsException,
  UnauthorizedException,
} from "@aws-sdk/client-sso";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type SimulatorOptions } from "./index.js";

let sim: Simulator;
afterEach(async () => sim?.close());

async function setup(options: SimulatorOptions = {}) {
  sim = await startSimulator({ accounts: 5, ...options });
  const sso = new SSOClient({ region: sim.region, endpoint: sim.url, maxAttempts: 1 });
  return { sso, token: sim.issueToken().accessToken };
}

async function allAccounts(sso: SSOClient, accessToken: string, pageSize: number) {
  const ids: string[] = [];
  let pages = 0;
  for await (const page of paginateListAccounts({ client: sso, pageSize }, { accessToken })) {
    pages += 1;
    ids.push(...(page.accountList ?? []).map((a) => a.accountId!));
  }
  return { ids, pages };
}

describe("SSO portal", () => {
  it("pages accounts exactly at the page boundary: 100 accounts are one page of 100, 101 are two", async () => {
    const { sso, token } = await setup({ accounts: 101 });
    const { ids, pages } = await allAccounts(sso, token, 100);
    expect(pages).toBe(2);
    expect(new Set(ids).size).toBe(101);
    await sim.close();

    const again = await setup({ accounts: 100 });
    const hundred = await allAccounts(again.sso, again.token, 100);
    expect(hundred.pages).toBe(1);
    expect(hundred.ids).toHaveLength(100);
  });

  it("generates realistic, unique account names and the configured roles", async () => {
    const { sso, token } = await setup({ accounts: 2000, rolesPerAccount: [1, 4] });
    const accounts = sim.accounts();
    expect(new Set(accounts.map((a) => a.accountName)).size).toBe(2000);
    expect(
      accounts.every(
        (a) => /^\d{12}$/.test(a.accountId) && a.roles.length >= 1 && a.roles.length <= 4,
      ),
    ).toBe(true);
    const first = accounts[0]!;
    const roles = await sso.send(
      new ListAccountRolesCommand({ accessToken: token, accountId: first.accountId }),
    );
    expect(roles.roleList?.map((r) => r.roleName)).toEqual(first.roles);
    expect(roles.roleList?.every((r) => r.accountId === first.accountId)).toBe(true);
  });

  it("pages roles with max_result and next_token", async () => {
    const { sso, token } = await setup({ rolesPerAccount: 5 });
    const account = sim.accounts()[0]!;
    const first = await sso.send(
      new ListAccountRolesCommand({
        accessToken: token,
        accountId: account.accountId,
        maxResults: 2,
      }),
    );
    expect(first.roleList).toHaveLength(2);
    const second = await sso.send(
      new ListAccountRolesCommand({
        accessToken: token,
        accountId: account.accountId,
        maxResults: 3,
        nextToken: first.nextToken,
      }),
    );
    expect(second.roleList).toHaveLength(3);
    expect(second.nextToken).toBeUndefined();
  });

  it("issues role credentials for an assigned role only", async () => {
    const { sso, token } = await setup({ credentialTtlSeconds: 900 });
    const account = sim.accounts()[1]!;
    const before = Date.now();
    const { roleCredentials } = await sso.send(
      new GetRoleCredentialsCommand({
        accessToken: token,
        accountId: account.accountId,
        roleName: account.roles[0]!,
      }),
    );
    expect(roleCredentials?.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(roleCredentials?.expiration).toBeGreaterThanOrEqual(before + 900_000);
    const forbidden = await sso
      .send(
        new GetRoleCredentialsCommand({
          accessToken: token,
          accountId: account.accountId,
          roleName: "NotAssigned",
        }),
      )
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(SSOServiceException);
    expect((forbidden as SSOServiceException).name).toBe("ForbiddenException");
  });

  it("maps every error to the SDK's exception classes", async () => {
    const { sso, token } = await setup();
    await expect(
      sso.send(new ListAccountsCommand({ accessToken: "not-a-token" })),
    ).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(
      sso.send(new ListAccountsCommand({ accessToken: token, maxResults: 101 })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      sso.send(new ListAccountsCommand({ accessToken: token, nextToken: "garbage" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      sso.send(new ListAccountRolesCommand({ accessToken: token, accountId: "000000000000" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("rejects expired and revoked tokens, and a token after Logout", async () => {
    const { sso, token } = await setup();
    await sso.send(new LogoutCommand({ accessToken: token }));
    await expect(sso.send(new ListAccountsCommand({ accessToken: token }))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );

    const short = sim.issueToken({ expiresInSeconds: 60 }).accessToken;
    await sso.send(new ListAccountsCommand({ accessToken: short }));
    sim.advanceTime(61_000);
    await expect(sso.send(new ListAccountsCommand({ accessToken: short }))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );

    const revoked = sim.issueToken().accessToken;
    sim.revokeAllTokens();
    await expect(
      sso.send(new ListAccountsCommand({ accessToken: revoked })),
    ).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it("throttles all portal APIs together with 429 TooManyRequestsException", async () => {
    const { sso, token } = await setup({ portalRateLimit: 5 });
    const account = sim.accounts()[0]!;
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? sso.send(new ListAccountsCommand({ accessToken: token }))
          : sso.send(
              new ListAccountRolesCommand({ accessToken: token, accountId: account.accountId }),
            ),
      ),
    );
    const throttled = results.filter(
      (r) => r.status === "rejected" && r.reason instanceof TooManyRequestsException,
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(throttled).toHaveLength(7);
    expect(sim.requestLog().filter((e) => e.status === 429)).toHaveLength(7);
  });

  it("injects server errors and dropped connections at the configured rates", async () => {
    const { sso, token } = await setup({ serverErrorRate: 0.3, dropRate: 0.2 });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => sso.send(new ListAccountsCommand({ accessToken: token }))),
    );
    const log = sim.requestLog();
    const errors = log.filter((e) => e.status === 500).length;
    const drops = log.filter((e) => e.status === 0).length;
    expect(errors).toBeGreaterThan(10);
    expect(drops).toBeGreaterThan(5);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(errors + drops);
  });

  it("writes the request log as JSON lines when asked", async () => {
    const { mkdtemp, readFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const file = join(await mkdtemp(join(tmpdir(), "sim-log-")), "log.jsonl");
    const { sso, token } = await setup({ requestLogFile: file });
    await sso.send(new ListAccountsCommand({ accessToken: token }));
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { api: string; status: number });
    expect(lines).toEqual([expect.objectContaining({ api: "ListAccounts", status: 200 })]);
  });
});
