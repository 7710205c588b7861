// `npm run dist` offline: one short message with the reason, the mirror and proxy variables, and no
// stack. The preflight runs for real here (DNS for a host under .invalid, which never resolves);
// electron-builder's own failure is its real offline output, played back by a stand-in
// electron-builder in a copy of the script, as scripts/start.test.ts does for Electron's installer.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  downloadFailed,
  electronZipCached,
  networkFailure,
  preflight,
  shownProxy,
} from "./dist.mjs";

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-dist-"));
  dirs.push(dir);
  return dir;
}

/** What `electron-builder --config electron-builder.yml` printed here, offline (paths shortened). */
const OFFLINE = `  • electron-builder  version=26.17.0 os=6.18.44
  • loaded configuration  file=/p/electron-builder.yml
  • author is missed in the package.json  appPackageFile=/p/package.json
  • skipped dependencies rebuild  reason=npmRebuild is set to false
  • packaging       platform=linux arch=x64 electron=45.3.4 appOutDir=release/linux-unpacked
  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/p/node_modules/got/dist/source/core/index.js:970:111)
    at Object.onceWrapper (node:events:634:26)
    at ClientRequest.emit (node:events:531:35)
    at ClientRequest.origin.emit (/p/node_modules/@szmarczak/http-timer/dist/source/index.js:43:20)
    at emitErrorEvent (node:_http_client:108:11)
    at TLSSocket.socketErrorListener (node:_http_client:575:5)
    at TLSSocket.emit (node:events:519:28)
    at emitErrorNT (node:internal/streams/destroy:170:8)
    at emitErrorCloseNT (node:internal/streams/destroy:129:3)
    at processTicksAndRejections (node:internal/process/task_queues:89:21)
    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)
`;

/** electron-builder's failure for a reason of the project's own: not ours to rewrite. */
const NOT_NETWORK = `  • electron-builder  version=26.17.0 os=6.18.44
  • packaging       platform=linux arch=x64 electron=45.3.4 appOutDir=release/linux-unpacked
  ⨯ Application entry file "dist-electron/main.js" in the "/p/release/linux-unpacked/resources/app.asar" does not exist. Seems like a wrong configuration.  failedTask=build stackTrace=Error: Application entry file does not exist
    at error (/p/node_modules/app-builder-lib/out/asar/asarFileChecker.js:7:12)
`;

const offlineEnv = { PATH: process.env.PATH ?? "" };
/** This machine's environment (Windows resolves no name without SystemRoot), less what would
 * change the outcome: proxies, mirrors and caches. */
const machineEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/proxy|^ELECTRON_|^XDG_CACHE_HOME$/i.test(name)),
);

describe("networkFailure", () => {
  it("finds the reason and what was downloading in electron-builder's offline output", () => {
    expect(networkFailure(OFFLINE)).toEqual({
      reason: "getaddrinfo ENOTFOUND github.com",
      downloading: "Electron 45.3.4 for linux-x64",
    });
  });

  it("names a tool electron-builder was downloading when it says so", () => {
    const output = `  • downloading     url=https://github.com/electron-userland/electron-builder-binaries/releases/download/nsis-3.0.4.1/nsis-3.0.4.1.7z size=1.3 MB parts=1
  ⨯ connect ETIMEDOUT 140.82.121.4:443  failedTask=build stackTrace=Error: connect ETIMEDOUT
`;
    expect(networkFailure(output)).toEqual({
      reason: "connect ETIMEDOUT 140.82.121.4:443",
      downloading: "nsis-3.0.4.1.7z",
    });
  });

  it("leaves any other failure alone", () => {
    expect(networkFailure(NOT_NETWORK)).toBeUndefined();
  });
});

describe("the message", () => {
  it("says the reason, the mirror variables and the proxy, in a few lines without a stack", () => {
    const message = downloadFailed(networkFailure(OFFLINE)!, {
      ELECTRON_MIRROR: "https://mirror.example/electron/",
    });
    expect(message).toMatch(/could not download Electron 45\.3\.4 for linux-x64/);
    expect(message).toContain("It said: getaddrinfo ENOTFOUND github.com");
    expect(message).toContain("ELECTRON_MIRROR (now: https://mirror.example/electron/)");
    expect(message).toContain("ELECTRON_BUILDER_BINARIES_MIRROR (now: GitHub's releases)");
    expect(message).toMatch(/HTTPS_PROXY\s+\(now: unset\)/);
    expect(message).not.toMatch(/^\s+at /m);
    expect(message.split("\n").length).toBeLessThanOrEqual(10);
  });

  it("shows a proxy by its host only, never the password in it", () => {
    expect(shownProxy("http://alice:s3cret@proxy.corp:3128")).toBe("http://proxy.corp:3128");
    expect(
      downloadFailed(
        { reason: "x", downloading: "Electron" },
        { https_proxy: "http://alice:s3cret@proxy.corp:3128" },
      ),
    ).not.toContain("s3cret");
    expect(shownProxy("not a url")).toBe("set, but not a URL");
  });
});

describe("the preflight", () => {
  const unreachable = (home: string) => ({
    ...machineEnv,
    HOME: home,
    XDG_CACHE_HOME: path.join(home, ".cache"),
    LOCALAPPDATA: path.join(home, "AppData", "Local"),
    ELECTRON_CACHE: path.join(home, "electron-cache"),
    // RFC 2606: never resolves, here or anywhere.
    ELECTRON_MIRROR: "https://electron-mirror.invalid/electron/",
  });

  it("npm run dist's first step fails at once, with the message, when Electron's host does not resolve", async () => {
    const failed = await run(
      process.execPath,
      [path.join(import.meta.dirname, "dist.mjs"), "--preflight"],
      { env: unreachable(tempDir()) },
    ).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe("");
    expect(failed?.stderr).toMatch(
      /^SSO Tray's installers were not built: electron-builder could not download Electron \d+\.\d+\.\d+\.\n/,
    );
    expect(failed?.stderr).toMatch(
      /It said: getaddrinfo (ENOTFOUND|EAI_AGAIN) electron-mirror\.invalid\n/,
    );
    expect(failed?.stderr).not.toMatch(/^\s+at /m);
  });

  it("lets the build go on when Electron's zip is cached, or a proxy is set", async () => {
    const home = tempDir();
    const env = unreachable(home);
    expect(await preflight(env, "45.3.4")).toMatchObject({ reason: /electron-mirror\.invalid/ });
    expect(await preflight({ ...env, HTTPS_PROXY: "http://127.0.0.1:3128" }, "45.3.4")).toBe(
      undefined,
    );
    // @electron/get keeps it a hashed folder down.
    mkdirSync(path.join(env.ELECTRON_CACHE, "0f3c9a"), { recursive: true });
    writeFileSync(path.join(env.ELECTRON_CACHE, "0f3c9a", "electron-v45.3.4-linux-x64.zip"), "");
    expect(electronZipCached("45.3.4", env)).toBe(true);
    expect(electronZipCached("45.3.40", env)).toBe(false);
    expect(await preflight(env, "45.3.4")).toBeUndefined();
  });

  it("names an ELECTRON_MIRROR that is not a URL", async () => {
    expect(
      await preflight({ ...unreachable(tempDir()), ELECTRON_MIRROR: "mirror" }, "45.3.4"),
    ).toEqual({
      reason: "ELECTRON_MIRROR is not a URL (got 'mirror')",
      downloading: "Electron 45.3.4",
    });
  });
});

describe("electron-builder's own failure", () => {
  /** A copy of dist.mjs whose electron-builder prints `output` and exits with `status`. */
  function project(output: string, status: number): string {
    const root = tempDir();
    mkdirSync(path.join(root, "scripts"));
    copyFileSync(
      path.join(import.meta.dirname, "dist.mjs"),
      path.join(root, "scripts", "dist.mjs"),
    );
    mkdirSync(path.join(root, "node_modules", "electron-builder"), { recursive: true });
    writeFileSync(
      path.join(root, "node_modules", "electron-builder", "cli.js"),
      `process.stdout.write(${JSON.stringify(output)});
require("node:fs").writeFileSync(__dirname + "/args.json", JSON.stringify(process.argv.slice(2)));
process.exitCode = ${status};`,
    );
    return root;
  }
  const dist = (root: string) =>
    run(process.execPath, [path.join(root, "scripts", "dist.mjs"), "--dir"], {
      env: offlineEnv,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it("a download that fails ends in the message, without the stack", async () => {
    const result = await dist(project(OFFLINE, 1));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("• packaging");
    expect(result.stdout).not.toContain("⨯");
    expect(result.stderr).toMatch(/could not download Electron 45\.3\.4 for linux-x64\./);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("any other failure is passed through as electron-builder printed it, with its status", async () => {
    const root = project(NOT_NETWORK, 2);
    const result = await dist(root);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(NOT_NETWORK);
    expect(result.stderr).toBe("");
  });

  it("a build that works passes its options on and exits 0", async () => {
    const root = project("  • building        target=AppImage\n", 0);
    expect(await dist(root)).toEqual({
      code: 0,
      stdout: "  • building        target=AppImage\n",
      stderr: "",
    });
    expect(
      JSON.parse(
        readFileSync(path.join(root, "node_modules", "electron-builder", "args.json"), "utf8"),
      ),
    ).toEqual(["--config", "electron-builder.yml", "--dir"]);
  });
});
