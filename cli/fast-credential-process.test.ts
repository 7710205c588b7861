// The credential-process fast path: what it answers from the cache, what it leaves to the full
// CLI, and that its answer really comes from the entry chunk alone, without commander or the SDK.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../scripts/build-cli.mjs";
import {
  credentialCacheFile,
  credentialCacheKey,
  toCacheFile,
} from "../core/portal/credential-cache-file.js";
import type { RoleCredentials } from "../shared/model.js";
import { signInMarkSync } from "../core/sessions/sign-in-file.js";
import { parseFastFlags, tryFastCredentialProcess } from "./fast-credential-process.js";
import { resolveLocations } from "../core/locations.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SESSION = "acme";
const ACCOUNT = "111111111111";
const ROLE = "ReadOnly";
const ARGS = ["--account", ACCOUNT, "--role", ROLE, "--session", SESSION];
const HOUR = 3600_000;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function credentials(expiresAt: Date): RoleCredentials {
  return {
    accessKeyId: "ASIAFASTPATH00000001",
    secretAccessKey: "fast/path/secret",
    sessionToken: "IQoJb3JpZ2luX2VjEFAST",
    expiration: expiresAt.toISOString(),
  };
}

/**
 * A HOME as the AWS CLI and SSO Tray leave it after a sign-in and one credential-process call:
 * the session's token in ~/.aws/sso/cache and the role's credentials in SSO Tray's cache.
 */
function signedInHome(credsExpireAt: Date | undefined): Record<string, string> {
  const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-fast-"));
  folders.push(home);
  const env = {
    HOME: home,
    SSOTRAY_HOME: path.join(home, "ssotray"),
    AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
    PATH: process.env.PATH ?? "",
  };
  const ssoCache = path.join(home, ".aws", "sso", "cache");
  mkdirSync(ssoCache, { recursive: true });
  writeFileSync(
    env.AWS_CONFIG_FILE,
    `[sso-session ${SESSION}]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`,
  );
  const at = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const tokenFile = path.join(ssoCache, `${createHash("sha1").update(SESSION).digest("hex")}.json`);
  writeFileSync(
    tokenFile,
    JSON.stringify({
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      accessToken: "aoaAAAAAGfastpathtoken",
      expiresAt: at(8 * HOUR),
      clientId: "fastpathclient",
      clientSecret: "fastpathclientsecret",
      registrationExpiresAt: at(90 * 24 * HOUR),
      refreshToken: "aorAAAAAGfastpathrefresh",
    }),
    { mode: 0o600 },
  );
  if (credsExpireAt) {
    const file = credentialCacheFile(
      resolveLocations(env).cache,
      credentialCacheKey({ accountId: ACCOUNT, roleName: ROLE, sessionName: SESSION }),
    );
    mkdirSync(path.dirname(file), { recursive: true });
    // As SSO Tray writes it: marked with the sign-in (the token file) the credentials came from.
    const cached = {
      ...toCacheFile(credentials(credsExpireAt)),
      SignIn: signInMarkSync(tokenFile),
    };
    writeFileSync(file, JSON.stringify(cached), { mode: 0o600 });
  }
  return env;
}

function fast(args: string[], env: Record<string, string>): { answered: boolean; out: string } {
  let out = "";
  const answered = tryFastCredentialProcess(args, env, (text) => (out += text));
  return { answered, out };
}

describe("credential-process fast path", () => {
  it("answers with cached credentials that are good for more than five minutes", () => {
    const expires = new Date(Date.now() + HOUR);
    const { answered, out } = fast(ARGS, signedInHome(expires));
    expect(answered).toBe(true);
    expect(out.endsWith("}\n")).toBe(true);
    expect(JSON.parse(out)).toEqual({
      Version: 1,
      AccessKeyId: "ASIAFASTPATH00000001",
      SecretAccessKey: "fast/path/secret",
      SessionToken: "IQoJb3JpZ2luX2VjEFAST",
      Expiration: expires.toISOString(),
    });
  });

  it("leaves expired or nearly expired credentials to the full CLI, printing nothing", () => {
    for (const expires of [
      new Date("2020-01-01T00:00:00Z"),
      new Date(Date.now() - 1000),
      new Date(Date.now() + 4 * 60_000),
    ]) {
      const { answered, out } = fast(ARGS, signedInHome(expires));
      expect(answered, expires.toISOString()).toBe(false);
      expect(out).toBe("");
    }
  });

  it("leaves everything it cannot answer alone to the full CLI", () => {
    const env = signedInHome(new Date(Date.now() + HOUR));
    for (const args of [
      ["--account", "payments-prod", "--role", ROLE, "--session", SESSION],
      ["--account", ACCOUNT, "--role", ROLE],
      ["--account", ACCOUNT, "--role", "Other", "--session", SESSION],
      ["--account", ACCOUNT, "--role", ROLE, "--session", "other"],
      [...ARGS, "--region", "eu-west-1"],
      ["--account", ACCOUNT, "--account", ACCOUNT, "--role", ROLE, "--session", SESSION],
    ]) {
      expect(fast(args, env), args.join(" ")).toEqual({ answered: false, out: "" });
    }
    expect(fast(["--account=" + ACCOUNT, "--role=" + ROLE, "--session=" + SESSION], env)).toEqual(
      expect.objectContaining({ answered: true }),
    );
  });
});

describe("credential-process fast path flags", () => {
  it("reads --flag value and --flag=value", () => {
    expect(parseFastFlags(["--account", ACCOUNT, "--role=Read=Only", "--session", "a"])).toEqual({
      account: ACCOUNT,
      role: "Read=Only",
      session: "a",
    });
  });

  it("gives up on a missing, empty or flag-like value, a repeated flag or anything else", () => {
    for (const args of [
      ["--account"],
      ["--account", ""],
      ["--account="],
      ["--account", "--role", ROLE],
      ["--account", "-1"],
      ["--account", ACCOUNT, "--account", ACCOUNT],
      ["--profile", "p"],
      ["=--account", ACCOUNT],
    ]) {
      expect(parseFastFlags(args), JSON.stringify(args)).toBeUndefined();
    }
    expect(parseFastFlags(["--role", "Admin-"])).toEqual({ role: "Admin-" });
  });

  it("answers only for a twelve-digit account id, even when a cache file exists for another", () => {
    for (const accountId of ["1111111111112", "x111111111111"]) {
      const env = signedInHome(undefined);
      const file = credentialCacheFile(
        resolveLocations(env).cache,
        credentialCacheKey({ accountId, roleName: ROLE, sessionName: SESSION }),
      );
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(toCacheFile(credentials(new Date(Date.now() + HOUR)))));
      const args = ["--account", accountId, "--role", ROLE, "--session", SESSION];
      expect(fast(args, env), accountId).toEqual({ answered: false, out: "" });
    }
  });
});

describe("the built command's entry chunk", () => {
  let entry: string;
  let entryImports: Array<{ path: string; kind: string; external?: boolean }>;

  beforeAll(async () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), "ssotray-entry-"));
    folders.push(outdir);
    const result = await buildCli({ quiet: true, outdir });
    // Keep the entry and what it imports statically; every chunk loaded on demand goes, so any
    // call that needs commander, the SDK or the rest of the CLI fails to load it.
    const outputs = result.metafile.outputs;
    const byFile = new Map(Object.entries(outputs).map(([k, v]) => [path.resolve(root, k), v]));
    entry = [...byFile].find(([, v]) => v.entryPoint === "cli/main.ts")![0];
    entryImports = byFile.get(entry)!.imports;
    const keep = new Set<string>();
    const visit = (file: string) => {
      if (keep.has(file)) return;
      keep.add(file);
      for (const i of byFile.get(file)?.imports ?? [])
        if (i.kind === "import-statement" && !i.external) visit(path.resolve(root, i.path));
    };
    visit(entry);
    const removed = [...byFile.keys()].filter((f) => f.endsWith(".mjs") && !keep.has(f));
    expect(removed.length).toBeGreaterThan(0);
    for (const file of removed) rmSync(file);
    expect(readdirSync(path.dirname(entry)).length).toBeGreaterThan(0);
  }, 120_000);

  async function runEntry(env: Record<string, string>) {
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [entry, "credential-process", ...ARGS],
        { env },
      );
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it("is one module that imports nothing but Node's built-ins before it answers", () => {
    // Each ES module the fast path loads costs a resolve, a read and a compile of its own.
    const statics = entryImports.filter((i) => i.kind === "import-statement");
    expect(statics.length).toBeGreaterThan(0);
    expect(statics.filter((i) => !(i.external && i.path.startsWith("node:")))).toEqual([]);
    // The rest of the command, and shell completion's lookups, are modules of their own.
    expect(entryImports.filter((i) => i.kind === "dynamic-import").map((i) => i.path)).toEqual([
      "./complete.mjs",
      "./program.mjs",
    ]);
  });

  it("answers credential-process from the cache without loading any other chunk", async () => {
    const result = await runEntry(signedInHome(new Date(Date.now() + HOUR)));
    expect(result.code, JSON.stringify(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: expect.any(String),
    });
  });

  it("loads neither node:crypto, Node's streams nor node:module to answer, as a pipe reader runs it", async () => {
    // What costs most on this path beside Node's own start: crypto's twenty modules (for two
    // SHA-1 file names), the stream modules that process.stdout or an ESM import of node:fs
    // pull in, and node:module (the bundle's require), node:os and fs.promises, which bring
    // readline's and the file watchers' modules. Counted, not timed: the list of Node's
    // internal modules the process loaded.
    const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-loads-"));
    folders.push(dir);
    const report = path.join(dir, "loaded.cjs");
    writeFileSync(
      report,
      `process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_LIST, process.moduleLoadList.join("\\n")));`,
    );
    const env = signedInHome(new Date(Date.now() + HOUR));
    const loads = async (script: string, args: string[] = []) => {
      const list = path.join(dir, `${path.basename(script)}.txt`);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--require", report, script, ...args],
        { env: { ...env, LOADED_LIST: list } },
      );
      return { stdout, loaded: readFileSync(list, "utf8").split("\n") };
    };
    // Against an empty ES module: what Node loads to run any script is not ours to save.
    const empty = path.join(dir, "empty.mjs");
    writeFileSync(empty, "");
    const baseline = new Set((await loads(empty)).loaded);
    const { stdout, loaded } = await loads(entry, ["credential-process", ...ARGS]);
    expect(JSON.parse(stdout)).toMatchObject({ Version: 1 });
    const added = loaded.filter((m) => !baseline.has(m));
    expect(
      added.filter((m) =>
        /crypto|stream|net\b|tty|readline|fs\/promises|watchers|^NativeModule (module|os)$/.test(m),
      ),
    ).toEqual([]);
  });

  it("needs the rest of the CLI when the cached credentials expired", async () => {
    const result = await runEntry(signedInHome(new Date("2020-01-01T00:00:00Z")));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
  });
});
