import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { botocorePython } from "../../simulator/tools.js";
import { credentialCacheKey, readCachedCredentials, toCacheFile } from "./credential-cache-file.js";

type KeyArgs = { sessionName?: string; startUrl?: string; accountId: string; roleName: string };

const python = botocorePython();

/** botocore's own keys for these cases; a failing script fails the test with its stderr. */
function botocoreKeys(python: string, cases: KeyArgs[]): string[] {
  const script = `
import json, sys
from botocore.credentials import SSOCredentialFetcher
for a in json.loads(sys.argv[1]):
    f = SSOCredentialFetcher(a.get("startUrl"), "us-east-1", a["roleName"], a["accountId"], None, sso_session_name=a.get("sessionName"))
    print(f._create_cache_key())`;
  const out = execFileSync(python, ["-c", script, JSON.stringify(cases)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return out.trim().split("\n");
}

describe("credential cache keys", () => {
  const cases = [
    { sessionName: "acme", accountId: "111111111111", roleName: "PowerUser" },
    { startUrl: "https://acme.awsapps.com/start", accountId: "111111111111", roleName: "ReadOnly" },
    { sessionName: 'équipe "prod" ☃ 𝒳', accountId: "222222222222", roleName: "Admin" },
  ];

  it.skipIf(!python)("match botocore's SSOCredentialFetcher._create_cache_key", () => {
    expect(cases.map(credentialCacheKey)).toEqual(botocoreKeys(python!, cases));
  });

  it("are the sha1 of the sorted, compact JSON of the three fields", () => {
    // printf '%s' '{"accountId":"111111111111","roleName":"PowerUser","sessionName":"acme"}' | sha1sum
    expect(credentialCacheKey(cases[0]!)).toBe("d15ff885e37a277bc26382bb1ce10d3a861ade2f");
    expect(() => credentialCacheKey({ accountId: "1", roleName: "r" })).toThrow(
      /session name or a start URL/,
    );
  });
});

describe("reading cached credentials", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-creds-"));
  const creds = {
    accessKeyId: "ASIAEXAMPLE123456789",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==",
    expiration: "2030-01-01T00:00:00.000Z",
  };
  const file = path.join(dir, "c.json");

  it("returns credentials until five minutes before they expire", () => {
    writeFileSync(file, JSON.stringify({ ...toCacheFile(creds), SignIn: "m1" }));
    const expiry = Date.parse(creds.expiration);
    expect(readCachedCredentials(file, expiry - 5 * 60_000 - 1, "m1")).toEqual(creds);
    expect(readCachedCredentials(file, expiry - 5 * 60_000, "m1")).toBeUndefined();
  });

  it("returns nothing fetched under another sign-in, or under none recorded", () => {
    writeFileSync(file, JSON.stringify({ ...toCacheFile(creds), SignIn: "m1" }));
    expect(readCachedCredentials(file, 0, "m2")).toBeUndefined();
    writeFileSync(file, JSON.stringify(toCacheFile(creds)));
    expect(readCachedCredentials(file, 0, "m1")).toBeUndefined();
  });

  it("treats a missing, truncated or wrongly shaped file as no cache", () => {
    expect(readCachedCredentials(path.join(dir, "none.json"), 0, "m1")).toBeUndefined();
    writeFileSync(file, '{"Credentials": {"AccessKeyId": "A"');
    expect(readCachedCredentials(file, 0, "m1")).toBeUndefined();
    writeFileSync(
      file,
      JSON.stringify({
        SignIn: "m1",
        Credentials: { ...toCacheFile(creds).Credentials, Expiration: "soon" },
      }),
    );
    expect(readCachedCredentials(file, 0, "m1")).toBeUndefined();
    writeFileSync(
      file,
      JSON.stringify({
        SignIn: "m1",
        Credentials: { ...toCacheFile(creds).Credentials, SessionToken: 5 },
      }),
    );
    expect(readCachedCredentials(file, 0, "m1")).toBeUndefined();
  });
});
