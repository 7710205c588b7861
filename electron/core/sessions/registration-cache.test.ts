import { mkdtemp, readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  pythonJsonDumps,
  readRegistration,
  registrationPath,
  writeRegistration,
  type RegistrationKey,
} from "./registration-cache.js";

async function home(): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-reg-"));
  return { HOME: dir, AWS_CONFIG_FILE: path.join(dir, ".aws", "config") };
}

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
    expect(path.basename(registrationPath(env, key))).toBe(
      "c18dfa27586773db751d1e2115a31334f50d238d.json",
    );
    expect(
      path.basename(registrationPath(env, { ...key, scopes: undefined, sessionName: undefined })),
    ).toBe("aaaf9ee5aef6fbbfce87b834a7a82f94a83e35f9.json");
  });

  it("writes the AWS CLI's keys with mode 0600 and reads back a registration that has time left", async () => {
    const env = await home();
    const now = Date.parse("2026-01-01T00:00:00Z");
    const reg = {
      clientId: "cid",
      clientSecret: "sec",
      expiresAt: new Date("2026-04-01T00:00:00Z"),
      scopes: ["sso:account:access"],
      grantTypes: ["authorization_code", "refresh_token"],
    };
    await writeRegistration(env, key, reg);
    const file = registrationPath(env, key);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      ...reg,
      expiresAt: "2026-04-01T00:00:00Z",
    });
    if (process.platform !== "win32") expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readRegistration(env, key, now)).toEqual(reg);
  });

  it("treats a registration within 15 minutes of its end as gone, as botocore does", async () => {
    const env = await home();
    const expiresAt = new Date("2026-04-01T00:00:00Z");
    await writeRegistration(env, key, { clientId: "c", clientSecret: "s", expiresAt });
    expect(await readRegistration(env, key, expiresAt.getTime() - 16 * 60_000)).toBeDefined();
    expect(await readRegistration(env, key, expiresAt.getTime() - 14 * 60_000)).toBeUndefined();
  });
});
