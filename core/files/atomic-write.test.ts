import { execFile, execFileSync } from "node:child_process";
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { tempHome, type TestHome } from "../../test-support/test-home.js";
import { holdSignIn, releaseSignIn, heldSignInPath } from "../sessions/held-sign-in.js";
import type { CachedToken } from "../sessions/token-cache.js";
import { writeFileAtomically } from "./atomic-write.js";
import { sweepLeftovers, sweptFolders } from "./leftover-sweep.js";

const homes: TestHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => rm(h.dir, { recursive: true, force: true })));
});

async function home(): Promise<TestHome> {
  const h = await tempHome();
  h.env.SSOTRAY_HOME = path.join(h.dir, "ssotray");
  homes.push(h);
  return h;
}

const hasStrace = (() => {
  try {
    execFileSync("strace", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasStrace && process.env.CI && process.platform === "linux")
  throw new Error("strace is missing (apt-get install strace)");

/**
 * Writes `file` with `mode` in a Node process that strace kills at its first rename: what the
 * write leaves is the temporary file exactly as it stood, written and flushed, before it had its
 * name. (atomic-write.ts imports Node built-ins only, so Node runs it as it is.)
 */
async function writeKilledAtRename(file: string, mode: number): Promise<void> {
  const moduleUrl = pathToFileURL(path.join(import.meta.dirname, "atomic-write.ts")).href;
  const script = [
    `const { writeFileAtomically } = await import(${JSON.stringify(moduleUrl)});`,
    `await writeFileAtomically(${JSON.stringify(file)}, "aws_secret_access_key = x\\n", { mode: ${mode} });`,
  ].join("\n");
  const inject = "inject=rename,renameat,renameat2:signal=KILL:when=1";
  const args = ["-f", "-qq", "-o", "/dev/null", "-e", inject, process.execPath];
  const out: { code?: number | null; signal?: string | null } = await promisify(execFile)(
    "strace",
    [...args, "--input-type=module", "-e", script],
  ).then(
    () => ({ code: 0 }),
    (error: { code?: number | null; signal?: string | null }) => error,
  );
  expect(out.signal ?? out.code).toBe(out.signal ? "SIGKILL" : 128 + 9);
}

const OLD = new Date(Date.now() - 10 * 60_000);

async function put(file: string, old: boolean): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, "secret");
  if (old) await utimes(file, OLD, OLD);
  return file;
}

describe("an atomic write", () => {
  it("gives the file the mode asked for and leaves nothing beside it", async () => {
    const h = await home();
    const file = path.join(h.dir, "a.json");
    await writeFileAtomically(file, "one");
    await writeFileAtomically(path.join(h.dir, "b"), "two", { mode: 0o644, fsync: false });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(h.dir, "b"))).mode & 0o777).toBe(0o644);
    expect((await readdir(h.dir)).sort()).toEqual([".aws", "a.json", "b"]);
  });

  it("writes through a symlink, which stays one", async () => {
    const h = await home();
    const real = path.join(h.dir, "dotfiles", "config");
    await put(real, false);
    const link = path.join(h.dir, ".aws", "config");
    await symlink(real, link);
    await writeFileAtomically(link, "new", { mode: 0o644 });
    expect(await readlink(link)).toBe(real);
    expect(await readFile(real, "utf8")).toBe("new");
  });

  it.skipIf(!hasStrace)(
    "keeps the temporary file 0600 until its rename, even for a file that ends up 0644",
    async () => {
      const h = await home();
      const file = path.join(h.dir, "config");
      await writeKilledAtRename(file, 0o644);
      const left = (await readdir(h.dir)).filter((n) => n.startsWith("config."));
      expect(left).toEqual([expect.stringMatching(/^config\.ssotray-\d+-[0-9a-f]{8}\.tmp$/)]);
      expect((await stat(path.join(h.dir, left[0]!))).mode & 0o777).toBe(0o600);
      expect(await readFile(path.join(h.dir, left[0]!), "utf8")).toContain("aws_secret");
    },
  );

  it("removes its temporary file when it cannot finish", async () => {
    const h = await home();
    const dir = path.join(h.dir, "taken");
    await mkdir(path.join(dir, "x"), { recursive: true });
    await expect(writeFileAtomically(path.join(dir, "x"), "data")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["x"]);
  });
});

describe("the sweep of what killed writes left", () => {
  it("removes our temporary names and earlier versions' in every folder we write, once a minute old", async () => {
    const h = await home();
    const l = h.locations;
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const stale = [
      `${l.awsCredentials}.ssotray-123-0a1b2c3d.tmp`,
      `${l.awsConfig}.ssotray.bak.ssotray-9-ffffffff.tmp`,
      path.join(l.ssoCache, `${sha}.json.77`),
      path.join(l.cache, "credentials", `${sha}.json.ssotray-5-00000000.tmp`),
      path.join(l.cache, "credentials", `${sha}.json.4`),
      path.join(l.heldSignIns, `${sha}.json.5`),
      path.join(l.keychainSignIns, `${sha}.bin.6`),
      `${l.settings}.7`,
    ];
    const kept = [
      // Younger than a minute: maybe another process's write under way.
      path.join(l.cache, "credentials", `${sha}.json.ssotray-5-11111111.tmp`),
      // Not ours by name: in ~/.aws a dated copy looks like what write-file-atomic left.
      `${l.awsCredentials}.20240101`,
      `${l.awsConfig}.ssotray.bak.12`,
      `${l.awsCredentials}.bak`,
      `${l.awsConfig}.orig`,
      path.join(path.dirname(l.awsConfig), "notes.7"),
      path.join(l.ssoCache, "kiro-auth-token.json.8"),
      path.join(l.cache, "credentials", `${sha}.json`),
    ];
    for (const file of stale) await put(file, true);
    for (const [i, file] of kept.entries()) await put(file, i > 0);
    const removed = await sweepLeftovers(l);
    expect(removed.sort()).toEqual([...stale].sort());
    for (const file of kept) await expect(lstat(file)).resolves.toBeTruthy();
  });

  it("looks beside the target of a symlinked config too", async () => {
    const h = await home();
    const real = path.join(h.dir, "dotfiles", "aws-config");
    await put(real, false);
    await symlink(real, h.locations.awsConfig);
    const left = await put(`${real}.ssotray-1-abcdef01.tmp`, true);
    expect((await sweptFolders(h.locations)).map((f) => f.dir)).toContain(path.dirname(real));
    expect(await sweepLeftovers(h.locations)).toContain(left);
  });

  it("takes a held sign-in's leftovers with it at sign-out, whatever their age", async () => {
    const h = await home();
    const ref = { kind: "sso-session" as const, session: "acme" };
    const token: CachedToken = {
      startUrl: "https://example.awsapps.com/start",
      region: "us-east-1",
      accessToken: "a".repeat(40),
      expiresAt: new Date(Date.now() + 3_600_000),
    };
    await holdSignIn(h.locations, ref, token);
    const file = heldSignInPath(h.locations, ref);
    await put(`${file}.ssotray-3-01234567.tmp`, false);
    await put(`${file}.88`, false);
    await releaseSignIn(h.locations, ref);
    expect(await readdir(path.dirname(file))).toEqual([]);
  });
});
