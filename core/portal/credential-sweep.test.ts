// What a sign-out removes from the credential caches, on files planted by hand: the AWS CLI's
// folder also holds assume-role and web-identity entries, and botocore names them by keys of its
// own, so an entry at a key we compute is ours to end only when it is an SSO one.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sessionCredentialCacheKey } from "./credential-cache-file.js";
import { removeCachedRoleCredentials } from "./credential-sweep.js";
import { resolveLocations } from "../locations.js";

const owner = {
  name: "acme",
  source: "sso-session" as const,
  startUrl: "https://acme.awsapps.com/start",
};
const admin = { accountId: "111111111111", roleName: "Admin" };
const reader = { accountId: "222222222222", roleName: "ReadOnly" };

function entry(providerType: string) {
  return JSON.stringify({
    ProviderType: providerType,
    Credentials: {
      AccessKeyId: "ASIASWEEPTEST0000001",
      SecretAccessKey: "sweepTestSecretAccessKey00000000000000000",
      SessionToken: "IQoJb3JpZ2luX2VjESweepTestSessionToken00",
      Expiration: "2099-01-01T00:00:00Z",
    },
  });
}

describe("removeCachedRoleCredentials", () => {
  it("leaves a non-SSO entry at an SSO cache key of the session alone, and removes the SSO one", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-sweep-"));
    const env = { HOME: home, AWS_CONFIG_FILE: path.join(home, ".aws", "config") };
    const theirs = resolveLocations(env).awsCliCache;
    mkdirSync(theirs, { recursive: true });
    const at = (pair: typeof admin) =>
      path.join(theirs, `${sessionCredentialCacheKey(owner, pair)}.json`);
    // An assume-role entry that happens to sit at the key of one of the session's pairs.
    writeFileSync(at(admin), entry("assume-role"));
    writeFileSync(at(reader), entry("sso"));

    const removed = await removeCachedRoleCredentials({
      locations: resolveLocations(env),
      cacheDir: path.join(home, "ssotray-cache"),
      session: "acme",
      owner,
      pairs: [admin, reader],
    });

    expect(removed).toEqual([at(reader)]);
    expect(existsSync(at(reader))).toBe(false);
    expect(existsSync(at(admin))).toBe(true);
  });
});
