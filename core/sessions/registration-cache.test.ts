import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  awsCliRegistrationPath,
  pythonJsonDumps,
  readRegistration,
  registrationPath,
  writeRegistration,
  type RegistrationKey,
} from "./registration-cache.js";
import { resolveLocations } from "../locations.js";

const homes: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => rm(h, { recursive: true, force: true })));
});

async function home(): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-reg-"));
  homes.push(dir);
  return { HOME: dir, AWS_CONFIG_FILE: path.join(dir, ".aws", "config") };
}

/**
 * The registration cache key as the AWS CLI v2 computes it, by its own code: Debian's awscli
 * ships its botocore as awscli.botocore (pip's botocore has no SSOTokenFetcher). Undefined
 * where that AWS CLI is not installed.
 */
function awsCliKey(key: RegistrationKey): string | undefined {
  const script = [
    "import json, sys",
    "from awscli.botocore.utils import SSOTokenFetcher",
    "a = json.loads(sys.argv[1])",
    "print(SSOTokenFetcher(a['region'], None)._registration_cache_key(a['startUrl'], a['sessionName'], a['scopes']))",
  ].join("\n");
  const args = JSON.stringify({
    region: key.region,
    startUrl: key.startUrl,
    sessionName: key.sessionName ?? null,
    scopes: key.scopes ?? null,
  });
  const out = spawnSync("/usr/bin/python3", ["-c", script, args], { encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : undefined;
}
const hasAwsCliV2 =
  awsCliKey({ startUrl: "x", region: "x", scopes: undefined, sessionName: undefined }) !==
  undefined;

const BROWSER_GRANTS = ["authorization_code", "refresh_token"];
const DEVICE_GRANTS = ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"];
const later = new Date("2026-04-01T00:00:00Z");
const now = Date.parse("2026-01-01T00:00:00Z");

const key: RegistrationKey = {
  startUrl: "https://acme.awsapps.com/start",
  region: "eu-west-1",
  scopes: ["sso:account:access"],
  sessionName: "acme",
};

describe("the client registration cache shared with the AWS CLI", () => {
  it("serialises like Python's json.dumps(sort_keys=True)", () => {
    expect(pythonJsonDumps({ b: [1, "x"], a: null, c: "é😀\u007f\n" })).toBe(
      '{"a": null, "b": [1, "x"], "c": "\\u00e9\\ud83d\\ude00\\u007f\\n"}',
    );
  });

  it("names the file by the SHA-1 of the AWS CLI's registration key", async () => {
    const env = await home();
    // Values printed by Python: hashlib.sha1(json.dumps(args, sort_keys=True).encode()).hexdigest()
    expect(path.basename(registrationPath(resolveLocations(env), key, "device-code"))).toBe(
      "c18dfa27586773db751d1e2115a31334f50d238d.json",
    );
    expect(
      path.basename(
        registrationPath(
          resolveLocations(env),
          { ...key, scopes: undefined, sessionName: undefined },
          "device-code",
        ),
      ),
    ).toBe("aaaf9ee5aef6fbbfce87b834a7a82f94a83e35f9.json");
  });

  it("writes the AWS CLI's keys with mode 0600 and reads back a registration that has time left", async () => {
    const env = await home();
    const reg = {
      clientId: "cid",
      clientSecret: "sec",
      expiresAt: new Date("2026-04-01T00:00:00Z"),
      scopes: ["sso:account:access"],
      grantTypes: ["authorization_code", "refresh_token"],
    };
    await writeRegistration(resolveLocations(env), key, "authorization-code", reg);
    const file = registrationPath(resolveLocations(env), key, "authorization-code");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      ...reg,
      expiresAt: "2026-04-01T00:00:00Z",
    });
    if (process.platform !== "win32") expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readRegistration(resolveLocations(env), key, "authorization-code", now)).toEqual(
      reg,
    );
  });

  it("treats a registration within 15 minutes of its end as gone, as botocore does", async () => {
    const env = await home();
    const expiresAt = new Date("2026-04-01T00:00:00Z");
    await writeRegistration(resolveLocations(env), key, "device-code", {
      clientId: "c",
      clientSecret: "s",
      expiresAt,
    });
    const at = (minutesLeft: number) => expiresAt.getTime() - minutesLeft * 60_000;
    expect(await readRegistration(resolveLocations(env), key, "device-code", at(16))).toBeDefined();
    expect(
      await readRegistration(resolveLocations(env), key, "device-code", at(14)),
    ).toBeUndefined();
  });

  it.skipIf(!hasAwsCliV2)(
    "keeps device registrations under the name the AWS CLI v2's own code computes",
    async () => {
      const env = await home();
      const keys: RegistrationKey[] = [
        key,
        { ...key, scopes: undefined, sessionName: undefined },
        { ...key, startUrl: "https://d-1234567890.awsapps.com/start/", scopes: ["a", "b:c"] },
        { ...key, sessionName: "équipe ünïcode" },
      ];
      for (const k of keys) {
        expect(path.basename(registrationPath(resolveLocations(env), k, "device-code"))).toBe(
          `${awsCliKey(k)}.json`,
        );
      }
    },
  );

  it("keeps browser registrations away from the name where any AWS CLI looks for a device one", async () => {
    const env = await home();
    for (const k of [key, { ...key, scopes: undefined }]) {
      const browser = registrationPath(resolveLocations(env), k, "authorization-code");
      expect(browser).not.toBe(awsCliRegistrationPath(resolveLocations(env), k));
      expect(path.dirname(browser)).toBe(
        path.dirname(awsCliRegistrationPath(resolveLocations(env), k)),
      );
    }
    await writeRegistration(resolveLocations(env), key, "authorization-code", {
      clientId: "browser",
      clientSecret: "s",
      expiresAt: later,
      grantTypes: BROWSER_GRANTS,
    });
    await expect(stat(awsCliRegistrationPath(resolveLocations(env), key))).rejects.toThrow();
  });

  it("never hands a device flow a browser-only client, nor a browser flow a device client", async () => {
    const env = await home();
    const shared = awsCliRegistrationPath(resolveLocations(env), key);
    // As AWS CLI 2.22+ leaves it after `aws sso login` in a browser.
    await writeRegistration(resolveLocations(env), key, "device-code", {
      clientId: "browser-from-cli",
      clientSecret: "s",
      expiresAt: later,
      grantTypes: BROWSER_GRANTS,
      scopes: ["sso:account:access"],
    });
    expect(await readRegistration(resolveLocations(env), key, "device-code", now)).toBeUndefined();
    // The browser flow takes it, and moves it out of an older AWS CLI's way.
    expect(
      await readRegistration(resolveLocations(env), key, "authorization-code", now),
    ).toMatchObject({
      clientId: "browser-from-cli",
    });
    await expect(stat(shared)).rejects.toThrow();
    expect(
      JSON.parse(
        await readFile(registrationPath(resolveLocations(env), key, "authorization-code"), "utf8"),
      ),
    ).toMatchObject({ clientId: "browser-from-cli", grantTypes: BROWSER_GRANTS });

    // A device registration as the AWS CLI writes it (no grants named) or as SSO Tray does.
    for (const grantTypes of [undefined, DEVICE_GRANTS]) {
      await writeRegistration(resolveLocations(env), key, "device-code", {
        clientId: "device",
        clientSecret: "s",
        expiresAt: later,
        ...(grantTypes ? { grantTypes } : {}),
      });
      expect(await readRegistration(resolveLocations(env), key, "device-code", now)).toMatchObject({
        clientId: "device",
      });
      expect(
        await readRegistration(resolveLocations(env), key, "authorization-code", now),
      ).toMatchObject({
        clientId: "browser-from-cli",
      });
    }
    // A client naming only a refresh grant serves neither flow.
    await writeRegistration(resolveLocations(env), key, "device-code", {
      clientId: "odd",
      clientSecret: "s",
      expiresAt: later,
      grantTypes: ["refresh_token"],
    });
    expect(await readRegistration(resolveLocations(env), key, "device-code", now)).toBeUndefined();
    expect((await readdir(path.dirname(shared))).sort()).toEqual(
      [
        path.basename(shared),
        path.basename(registrationPath(resolveLocations(env), key, "authorization-code")),
      ].sort(),
    );
  });
});
