// "Keep my sign-in in the system keychain": the sign-in moves out of the AWS CLI's token cache
// into the app's data folder, encrypted, and back; `ssotray`'s side says why it cannot use it.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome } from "../../simulator/testing.js";
import type { SecretStorageStatus } from "../platform/platform.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { AppService } from "./service.js";
import { SessionManager } from "../sessions/session-manager.js";
import { sha1Hex } from "../sessions/sign-in-file.js";
import { aesSecrets } from "../../test-support/aes-secrets.js";
import { resolveLocations } from "../locations.js";

let sim: Simulator | undefined;
let service: AppService | undefined;
const homes: string[] = [];
afterEach(async () => {
  service?.dispose();
  await sim?.close();
  sim = undefined;
  service = undefined;
  await Promise.all(homes.splice(0).map((h) => rm(h, { recursive: true, force: true })));
});

async function followRedirects(url: string): Promise<void> {
  const answer = await fetch(url, { redirect: "manual" });
  const location = answer.headers.get("location");
  if (location) await fetch(location);
}

async function signedIn(status: SecretStorageStatus | (() => SecretStorageStatus) = "encrypted") {
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1 });
  const home = await tempHome();
  homes.push(home);
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray"), ...sim.env };
  const platform = {
    ...createNodePlatform({ open: followRedirects }),
    secrets: aesSecrets(status),
  };
  service = new AppService({ env, locations: resolveLocations(env), platform });
  await service.addSession({ startUrl: sim.startUrl, region: sim.region, name: "acme" });
  await service.signIn({ session: "acme", method: "browser" });
  const plainFile = join(home, ".aws", "sso", "cache", `${sha1Hex("acme")}.json`);
  const token = JSON.parse(await readFile(plainFile, "utf8")) as Record<string, string>;
  const account = sim.accounts()[0]!;
  const role = { session: "acme", accountId: account.accountId, roleName: account.roles[0]! };
  /** What `ssotray` sees: the AWS CLI's token cache only. */
  const cli = () =>
    new SessionManager({
      env,
      locations: resolveLocations(env),
      openBrowser: async () => undefined,
    });
  return { home, env, plainFile, token, role, cli };
}

/** Every file under dir whose bytes contain any of the given strings. */
async function filesContaining(dir: string, secrets: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const text = (await readFile(file)).toString("latin1");
    if (secrets.some((s) => text.includes(s))) found.push(file);
  }
  return found;
}

describe("keeping the sign-in in the system keychain", () => {
  it("moves the sign-in into the data folder encrypted, leaves no plain copy, and moves it back", async () => {
    const { home, env, plainFile, token, role, cli } = await signedIn();
    const secrets = [token.accessToken!, token.refreshToken!];
    expect(await filesContaining(home, secrets)).toEqual([plainFile]);

    // Role credentials `ssotray` cached from the plain sign-in.
    const cliCreds = join(env.SSOTRAY_HOME, "cache", "credentials", "from-the-cli.json");
    await mkdir(dirname(cliCreds), { recursive: true });
    await writeFile(cliCreds, JSON.stringify({ ProviderType: "sso", Session: "acme" }));

    await service!.updateSettings({ keepSignInInKeychain: true });
    expect(existsSync(plainFile)).toBe(false);
    expect(existsSync(cliCreds)).toBe(false);
    expect(await filesContaining(home, secrets)).toEqual([]);
    expect(await readdir(join(env.SSOTRAY_HOME, "sign-ins"))).toHaveLength(1);

    // The app goes on with the encrypted sign-in, after a restart too.
    expect((await service!.getState()).sessions[0]?.state).toBe("signed-in");
    await expect(service!.revealCredentials({ role })).resolves.toMatchObject({
      accessKeyId: expect.any(String),
    });
    expect((await service!.getState()).settings.keepSignInInKeychain).toBe(true);

    // `ssotray` cannot use it, and says what to do.
    expect(await cli().get("acme")).toMatchObject({
      state: "signed-out",
      problem: expect.stringContaining("system keychain"),
    });
    await expect(cli().accessToken("acme")).rejects.toThrow(
      /cannot use it; turn off 'Keep my sign-in in the system keychain' in SSO Tray's Settings/,
    );

    // A new sign-in in this mode never writes the plain file.
    await service!.signOut({ session: "acme" });
    await service!.signIn({ session: "acme", method: "browser" });
    expect(existsSync(plainFile)).toBe(false);
    expect((await service!.getState()).sessions[0]?.state).toBe("signed-in");

    await service!.updateSettings({ keepSignInInKeychain: false });
    expect(existsSync(plainFile)).toBe(true);
    expect(await readdir(join(env.SSOTRAY_HOME, "sign-ins"))).toEqual([]);
    expect((await cli().get("acme")).state).toBe("signed-in");
  });

  it("`ssotray logout` ends a sign-in kept in the keychain too", async () => {
    const { env, cli } = await signedIn();
    await service!.updateSettings({ keepSignInInKeychain: true });
    await cli().signOut("acme");
    expect(await readdir(join(env.SSOTRAY_HOME, "sign-ins"))).toEqual([]);
    expect((await service!.getState()).sessions[0]?.state).toBe("signed-out");
  });

  it("with the keychain locked later, says so and writes no plain sign-in", async () => {
    let status: SecretStorageStatus = "encrypted";
    const { plainFile } = await signedIn(() => status);
    await service!.updateSettings({ keepSignInInKeychain: true });
    status = "unavailable";
    expect((await service!.getState()).sessions[0]).toMatchObject({
      state: "signed-out",
      problem: expect.stringContaining("system keychain, which is not available now"),
    });
    await expect(service!.signIn({ session: "acme", method: "browser" })).rejects.toThrow(
      /keychain is not available/,
    );
    expect(existsSync(plainFile)).toBe(false);
  });

  it("refuses to turn on where the keychain would not really encrypt", async () => {
    const { plainFile } = await signedIn("basic_text");
    await expect(service!.updateSettings({ keepSignInInKeychain: true })).rejects.toThrow(
      /no keychain SSO Tray can use/,
    );
    expect((await service!.getState()).settings.keepSignInInKeychain).toBe(false);
    expect(existsSync(plainFile)).toBe(true);
  });
});
