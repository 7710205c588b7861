import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hasBotocore, SKIP_BOTOCORE } from "../../simulator/testing.js";
import { removeCredentialsProfiles, writeCredentialsProfile } from "./credentials-profiles.js";
import { resolveLocations } from "../locations.js";

const run = promisify(execFile);
if (!hasBotocore) console.warn(SKIP_BOTOCORE);

const ref = { session: "acme", accountId: "111111111111", roleName: "ReadOnly" };
const creds = (n: number) => ({
  accessKeyId: `ASIAEXAMPLE${n}`,
  secretAccessKey: `secret/${n}+abc`,
  sessionToken: `token-${n}`,
  expiration: "2026-11-26T03:00:00.000Z",
});
/** A user's file: comments, their own long-term keys, CRLF line ends and no final break. */
const USERS =
  "# mine\r\n[default]\r\naws_access_key_id = AKIAUSER\r\naws_secret_access_key = s\r\n\r\n; work\r\n[work]\r\naws_access_key_id = AKIAWORK\r\naws_secret_access_key = w";

let home: string;
let env: Record<string, string>;
let file: string;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), "ssotray-credfile-"));
  file = path.join(home, "credentials");
  env = { HOME: home, AWS_SHARED_CREDENTIALS_FILE: file };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("credentials file profiles", () => {
  it("adds [name] with 0600 keeping every other byte, updates it in place, removes it to the original bytes", async () => {
    writeFileSync(file, USERS, { mode: 0o644 });
    await writeCredentialsProfile(resolveLocations(env), "acme-ro", ref, creds(1));
    const once = readFileSync(file, "utf8");
    expect(
      once.startsWith(USERS + "\r\n\r\n[acme-ro]\r\naws_access_key_id = ASIAEXAMPLE1\r\n"),
    ).toBe(true);
    expect(once).toContain("x_security_token_expires = 2026-11-26T03:00:00.000Z\r\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await writeCredentialsProfile(resolveLocations(env), "acme-ro", ref, creds(2));
    expect(readFileSync(file, "utf8")).toBe(
      once
        .replace(/EXAMPLE1/, "EXAMPLE2")
        .replace("secret/1", "secret/2")
        .replace("token-1", "token-2"),
    );
    expect(await removeCredentialsProfiles(resolveLocations(env), { session: "other" })).toEqual(
      [],
    );
    expect(await removeCredentialsProfiles(resolveLocations(env))).toEqual(["acme-ro"]);
    expect(readFileSync(file, "utf8")).toBe(USERS);
    // No copy of old keys beside the file: it would outlive the sign-out that removed them.
    expect(readdirSync(home).filter((f) => f.startsWith("credentials"))).toEqual(["credentials"]);
  });

  it("refuses to overwrite a section SSO Tray did not write, and a name that is not one", async () => {
    writeFileSync(file, USERS);
    await expect(
      writeCredentialsProfile(resolveLocations(env), "work", ref, creds(1)),
    ).rejects.toThrow(/already has a \[work\] that SSO Tray did not write/);
    await expect(
      writeCredentialsProfile(resolveLocations(env), "a]b", ref, creds(1)),
    ).rejects.toThrow(/credentials profile name .* \(got 'a\]b'\)/);
    expect(readFileSync(file, "utf8")).toBe(USERS);
  });

  it.skipIf(!hasBotocore)("botocore reads the keys of the profile", async () => {
    writeFileSync(file, USERS);
    await writeCredentialsProfile(resolveLocations(env), "acme-ro", ref, creds(3));
    const { stdout } = await run(
      "python3",
      [
        "-c",
        "import botocore.session as b; c = b.Session(profile='acme-ro').get_credentials(); print(c.method, c.access_key, c.secret_key, c.token)",
      ],
      { env: { ...env, PATH: process.env.PATH ?? "" } },
    );
    expect(stdout.trim()).toBe("shared-credentials-file ASIAEXAMPLE3 secret/3+abc token-3");
  });
});
