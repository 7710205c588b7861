// A token cache that cannot be written: found before the user is asked anything, and, when it
// stops taking files while the user approves, the approved sign-in is kept rather than lost.
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { canMakeReadOnly, readOnlyFolder } from "../../test-support/read-only-folder.js";
import { SessionManager, TokenCacheWriteError } from "./session-manager.js";
import { followingBrowser, tempHome } from "../../test-support/test-home.js";
import { sha1Hex } from "./token-cache.js";
import { heldSignInPath } from "./held-sign-in.js";
import { resolveLocations } from "../locations.js";

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, "utf8"));

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function setUp(openBrowser: (url: string) => Promise<void>) {
  const sim = await startSimulator({ accounts: 3 });
  sims.push(sim);
  const home = await tempHome(sim.env);
  const warnings: string[] = [];
  const manager = new SessionManager({
    env: home.env,
    locations: resolveLocations(home.env),
    openBrowser,
    warn: (m) => warnings.push(m),
  });
  await home.writeConfig(
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  return { home, manager, warnings };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected the call to fail");
  return error;
}

describe("a token cache that cannot be written", () => {
  it("stops a sign-in before it starts when a file stands where the cache folder belongs", async () => {
    const opened: string[] = [];
    const { home, manager } = await setUp(async (url) => {
      opened.push(url);
    });
    await mkdir(path.dirname(home.cacheDir), { recursive: true });
    await writeFile(home.cacheDir, "not a folder\n");
    const error = await failure(manager.signIn("acme", { method: "browser" }));
    expect(error).toBeInstanceOf(TokenCacheWriteError);
    expect(error.message).toMatch(
      /^~\/\.aws\/sso\/cache or a folder above it \(.*\) is a file where a folder is needed \((ENOTDIR|EEXIST)\), so the sign-in cannot be written: move that file away and try again\. No sign-in was started\.$/,
    );
    expect(opened).toEqual([]);
  });

  it.skipIf(!canMakeReadOnly)(
    "stops a sign-in before it starts when the cache folder is read-only, naming the folder and the fix",
    async () => {
      const opened: string[] = [];
      const { home, manager } = await setUp(async (url) => {
        opened.push(url);
      });
      await mkdir(home.cacheDir, { recursive: true });
      const undo = await readOnlyFolder(home.cacheDir);
      let error: Error;
      try {
        error = await failure(manager.signIn("acme", { method: "browser" }));
      } finally {
        await undo();
      }
      expect(error).toBeInstanceOf(TokenCacheWriteError);
      expect(error.message).toContain(
        `~/.aws/sso/cache is not writable for you (${process.getuid?.() === 0 ? "EPERM" : "EACCES"}), so the sign-in cannot be written: make it writable (chmod u+w ${home.cacheDir}; if it is marked immutable, chattr -i ${home.cacheDir}) and try again. No sign-in was started.`,
      );
      expect(opened).toEqual([]);
      expect(await readdir(home.cacheDir)).toEqual([]);
    },
  );

  it.skipIf(!canMakeReadOnly)(
    "keeps a sign-in approved while the folder stopped taking files, uses it, and saves it once it can",
    async () => {
      let undo: (() => Promise<void>) | undefined;
      let cacheDir = "";
      const { home, manager } = await setUp(async (url) => {
        // The folder passed the check; it becomes read-only while the user approves.
        undo = await readOnlyFolder(cacheDir);
        await followingBrowser()(url);
      });
      cacheDir = home.cacheDir;
      const file = path.join(home.cacheDir, `${sha1Hex("acme")}.json`);
      let error: Error;
      let token: string;
      let state: string;
      let held = "";
      let heldMode = 0;
      let nextRun = "";
      const heldFile = heldSignInPath(resolveLocations(home.env), {
        kind: "sso-session",
        session: "acme",
      });
      try {
        error = await failure(manager.signIn("acme", { method: "browser" }));
        token = await manager.accessToken("acme");
        state = (await manager.get("acme")).state;
        await expect(stat(file)).rejects.toThrow(/ENOENT/);
        held = ((await readJson(heldFile)) as { accessToken: string }).accessToken;
        heldMode = (await stat(heldFile)).mode & 0o777;
        // The next `ssotray` run, before the folder is fixed, finds it too.
        nextRun = await new SessionManager({
          env: home.env,
          locations: resolveLocations(home.env),
          openBrowser: followingBrowser(),
        }).accessToken("acme");
      } finally {
        await undo?.();
      }
      expect(error).toBeInstanceOf(TokenCacheWriteError);
      expect(error.message).toMatch(
        /^The sign-in of session 'acme' could not be saved: ~\/\.aws\/sso\/cache is not writable for you \((EPERM|EACCES)\), so the sign-in cannot be written: make it writable \(chmod u\+w .*\) and try again\. Until then it is kept in ~\/\.config\/ssotray\/held-sign-ins\/[0-9a-f]{40}\.json \(readable by you only\), where SSO Tray and `ssotray` use it and from where they move it once the folder is writable; the AWS CLI sees it only then$/,
      );
      expect(token).not.toBe("");
      expect(state).toBe("signed-in");
      expect(held).toBe(token);
      expect(heldMode).toBe(0o600);
      expect(nextRun).toBe(token);

      // Writable again: the next read saves it, where the AWS CLI and a new process find it.
      expect((await manager.get("acme")).state).toBe("signed-in");
      const saved = JSON.parse(await readFile(file, "utf8")) as { accessToken: string };
      expect(saved.accessToken).toBe(token);
      await expect(stat(heldFile)).rejects.toThrow(/ENOENT/);
      const another = new SessionManager({
        env: home.env,
        locations: resolveLocations(home.env),
        openBrowser: followingBrowser(),
      });
      expect(await another.accessToken("acme")).toBe(token);
    },
  );

  it("keeps a sign-in approved while a file took the cache folder's place for the next run, and sign-out removes it", async () => {
    let cacheDir = "";
    const { home, manager } = await setUp(async (url) => {
      // The folder passed the check; something takes its place while the user approves.
      await rm(cacheDir, { recursive: true, force: true });
      await writeFile(cacheDir, "not a folder\n");
      await followingBrowser()(url);
    });
    cacheDir = home.cacheDir;
    const heldFile = heldSignInPath(resolveLocations(home.env), {
      kind: "sso-session",
      session: "acme",
    });
    const error = await failure(manager.signIn("acme", { method: "browser" }));
    expect(error).toBeInstanceOf(TokenCacheWriteError);
    expect(error.message).toContain(`is a file where a folder is needed`);
    expect(error.message).toContain(`Until then it is kept in ~/.config/ssotray/held-sign-ins/`);
    expect((await stat(heldFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(heldFile))).mode & 0o777).toBe(0o700);

    // The next `ssotray` run: a new manager, nothing in memory, finds the approved sign-in.
    const nextRun = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: followingBrowser(),
    });
    const token = await nextRun.accessToken("acme");
    expect(token).toBe(await manager.accessToken("acme"));
    expect((await nextRun.get("acme")).state).toBe("signed-in");

    await nextRun.signOut("acme");
    await expect(stat(heldFile)).rejects.toThrow(/ENOENT/);
    const after = new SessionManager({
      env: home.env,
      locations: resolveLocations(home.env),
      openBrowser: followingBrowser(),
    });
    await expect(after.accessToken("acme")).rejects.toThrow(/sign in/i);
  });
});
