import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readToken, sha1Hex, tokenPath, writeToken, type TokenRef } from "./token-cache.js";
import { resolveLocations } from "../locations.js";

async function home(): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-tokens-"));
  return { HOME: dir, AWS_CONFIG_FILE: path.join(dir, ".aws", "config") };
}

const session: TokenRef = { kind: "sso-session", session: "acme" };

describe("the SSO token cache", () => {
  it("names files as the AWS CLI does: SHA-1 of the session name, or of the start URL for legacy profiles", async () => {
    const env = await home();
    // As Python's hashlib.sha1(...).hexdigest() gives it (botocore SSOTokenLoader).
    expect(sha1Hex("my-sso")).toBe("0ad374308c5a4e22f723adf10145eafad7c4031c");
    expect(path.basename(tokenPath(resolveLocations(env), session))).toBe(
      `${sha1Hex("acme")}.json`,
    );
    expect(path.dirname(tokenPath(resolveLocations(env), session))).toBe(
      path.join(env.HOME!, ".aws", "sso", "cache"),
    );
    expect(
      path.basename(
        tokenPath(resolveLocations(env), {
          kind: "legacy",
          startUrl: "https://acme.awsapps.com/start",
        }),
      ),
    ).toBe(`${sha1Hex("https://acme.awsapps.com/start")}.json`);
  });

  it("writes botocore's keys and timestamp form, mode 0600 in a 0700 folder, and reads them back", async () => {
    const env = await home();
    const token = {
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      accessToken: "at",
      expiresAt: new Date("2026-11-24T08:00:00.250Z"),
      clientId: "cid",
      clientSecret: "secret",
      registrationExpiresAt: new Date("2027-02-22T08:00:00Z"),
      refreshToken: "rt",
    };
    const file = await writeToken(resolveLocations(env), session, token);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      accessToken: "at",
      expiresAt: "2026-11-24T08:00:00Z",
      clientId: "cid",
      clientSecret: "secret",
      registrationExpiresAt: "2027-02-22T08:00:00Z",
      refreshToken: "rt",
    });
    if (process.platform !== "win32") {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
    const read = await readToken(resolveLocations(env), session);
    expect(read).toMatchObject({
      kind: "ok",
      token: { ...token, expiresAt: new Date("2026-11-24T08:00:00Z") },
    });
  });

  it("reads a file written by `aws sso login` for a legacy profile (no refresh keys)", async () => {
    const env = await home();
    const ref: TokenRef = { kind: "legacy", startUrl: "https://acme.awsapps.com/start" };
    await mkdir(path.dirname(tokenPath(resolveLocations(env), ref)), { recursive: true });
    await writeFile(
      tokenPath(resolveLocations(env), ref),
      '{"startUrl": "https://acme.awsapps.com/start", "region": "us-east-1", "accessToken": "abc", "expiresAt": "2030-01-01T00:00:00UTC"}',
    );
    expect(await readToken(resolveLocations(env), ref)).toMatchObject({
      kind: "ok",
      token: { accessToken: "abc", expiresAt: new Date("2030-01-01T00:00:00Z") },
    });
  });

  it("reports a missing file as missing", async () => {
    expect(await readToken(resolveLocations(await home()), session)).toMatchObject({
      kind: "missing",
    });
  });

  it.each([
    ["an empty file", "", "is empty"],
    [
      "a file cut short",
      '{"startUrl": "https://acme.awsapps.com/start", "accessToken": "ab',
      "is not valid JSON (cut short?)",
    ],
    [
      "a file without accessToken",
      '{"expiresAt": "2030-01-01T00:00:00Z"}',
      "is incomplete (accessToken:",
    ],
    [
      "a file with a bad expiresAt",
      '{"accessToken": "a", "expiresAt": "soon"}',
      "is incomplete (expiresAt: 'soon' is not a UTC timestamp)",
    ],
    ["a JSON array", "[1,2]", "is incomplete"],
  ])(
    "reports %s as corrupt with a problem a user can act on, never throwing",
    async (_what, text, problem) => {
      const env = await home();
      await mkdir(path.dirname(tokenPath(resolveLocations(env), session)), { recursive: true });
      await writeFile(tokenPath(resolveLocations(env), session), text);
      const read = await readToken(resolveLocations(env), session);
      expect(read.kind).toBe("corrupt");
      expect(read.kind === "corrupt" && read.problem).toContain(problem);
      expect(read.kind === "corrupt" && read.problem).toContain(
        tokenPath(resolveLocations(env), session),
      );
    },
  );
});
