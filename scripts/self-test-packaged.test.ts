// The CI step that starts the packaged app with --self-test: where it finds the app, how it reads
// the simulator's own output, and, with a stand-in for the app (no Electron binary can be
// downloaded here), that the app gets the simulator's endpoints and a throwaway HOME and that its
// exit status and failure become the step's.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  findPackagedApp,
  LINUX_EXECUTABLE,
  packagedAppPath,
  PRODUCT_NAME,
  selfTestCommand,
  simulatorSession,
} from "./self-test-packaged.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const script = path.join(import.meta.dirname, "self-test-packaged.mjs");
const scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-self-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("finding the packaged app", () => {
  it("looks where electron-builder --dir puts each platform's executable", () => {
    expect(packagedAppPath("linux", "x64")).toBe(path.join("linux-unpacked", "sso-tray"));
    expect(packagedAppPath("linux", "arm64")).toBe(path.join("linux-arm64-unpacked", "sso-tray"));
    expect(packagedAppPath("darwin", "x64")).toBe(
      path.join("mac", "SSO Tray.app", "Contents", "MacOS", "SSO Tray"),
    );
    expect(packagedAppPath("darwin", "arm64")).toBe(
      path.join("mac-arm64", "SSO Tray.app", "Contents", "MacOS", "SSO Tray"),
    );
    expect(packagedAppPath("win32", "x64")).toBe(path.join("win-unpacked", "SSO Tray.exe"));
    expect(() => packagedAppPath("freebsd", "x64")).toThrow(/does not package for freebsd/);
  });

  it("uses the names electron-builder derives from the project's own config", () => {
    const config = readFileSync(path.join(root, "electron-builder.yml"), "utf8");
    expect(config).toMatch(new RegExp(`^productName: ${PRODUCT_NAME}$`, "m"));
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      name: string;
    };
    expect(pkg.name.toLowerCase()).toBe(LINUX_EXECUTABLE);
  });

  it("returns the executable when it is there and otherwise says what the folder holds", () => {
    const release = path.join(scratch, "find");
    mkdirSync(path.join(release, "mac-arm64", "SSO Tray.app", "Contents", "MacOS"), {
      recursive: true,
    });
    writeFileSync(
      path.join(release, "mac-arm64", "SSO Tray.app", "Contents", "MacOS", "SSO Tray"),
      "",
    );
    expect(findPackagedApp(release, "darwin", "arm64")).toBe(
      path.join(release, "mac-arm64", "SSO Tray.app", "Contents", "MacOS", "SSO Tray"),
    );
    expect(() => findPackagedApp(release, "darwin", "x64")).toThrow(
      /No packaged app at .*mac.*holds: mac-arm64\)\. Build it first: npm run build && npx electron-builder --dir/,
    );
    expect(() => findPackagedApp(path.join(scratch, "none"), "linux", "x64")).toThrow(
      /no such folder/,
    );
  });
});

describe("starting the app", () => {
  it("adds --no-sandbox only for root on Linux and xvfb-run only where there is no display", () => {
    expect(selfTestCommand("/a", { platform: "linux", uid: 0 })).toEqual([
      "xvfb-run",
      ["--auto-servernum", "/a", "--self-test", "--no-sandbox"],
    ]);
    expect(selfTestCommand("/a", { platform: "linux", uid: 1000, display: ":1" })).toEqual([
      "/a",
      ["--self-test"],
    ]);
    expect(selfTestCommand("/a", { platform: "darwin", uid: 0 })).toEqual(["/a", ["--self-test"]]);
    expect(selfTestCommand("C:\\a.exe", { platform: "win32" })).toEqual([
      "C:\\a.exe",
      ["--self-test"],
    ]);
  });

  it("reads the session from what the simulator really prints", async () => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "simulator/cli.ts", "--port", "0", "--accounts", "3"],
      { cwd: root },
    );
    try {
      let output = "";
      const session = await new Promise<ReturnType<typeof simulatorSession>>((resolve, reject) => {
        child.stdout!.on("data", (chunk: string) => {
          output += chunk;
          const found = simulatorSession(output);
          if (found) resolve(found);
        });
        child.on("exit", (code) => reject(new Error(`simulator exited ${code}: ${output}`)));
      });
      const url = /^listening on (\S+)$/m.exec(output)![1]!;
      expect(session!.env.AWS_ENDPOINT_URL_SSO_OIDC).toBe(url);
      expect(session!.env.AWS_ENDPOINT_URL_SSO).toBe(url);
      expect(session!.startUrl).toMatch(/^https?:\/\//);
      expect(session!.region).toBe("us-east-1");
      expect(session!.env.SSOTRAY_HOME).toBe(path.join(session!.env.HOME!, "ssotray"));
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses an export line it cannot split, rather than passing a cut value on", () => {
    expect(() =>
      simulatorSession(
        "start URL: https://x/start  region: us-east-1\nexport HOME=/tmp/a b AWS_ENDPOINT_URL_SSO=x\n",
      ),
    ).toThrow(/not NAME=value: 'b'/);
    expect(() =>
      simulatorSession("start URL: https://x/start  region: us-east-1\nexport HOME=/tmp/a\n"),
    ).toThrow(/did not print SSOTRAY_HOME/);
  });

  // The stand-in is a shell script; Windows runs the real packaged app in CI instead.
  describe.skipIf(process.platform === "win32")("with a stand-in for the packaged app", () => {
    const standIn = (name: string, body: string) => {
      const release = path.join(scratch, name);
      const executable = path.join(release, packagedAppPath(process.platform, process.arch));
      mkdirSync(path.dirname(executable), { recursive: true });
      writeFileSync(executable, `#!/bin/sh\n${body}\n`);
      chmodSync(executable, 0o755);
      return release;
    };
    // A display is given, so that the stand-in runs without xvfb-run.
    const env = { ...process.env, DISPLAY: ":0" };

    it("hands the app the simulator's endpoints and a throwaway HOME, and passes", async () => {
      const release = standIn(
        "passes",
        [
          'test "$1" = --self-test || { echo "no --self-test flag" >&2; exit 9; }',
          `exec "${process.execPath}" -e 'fetch(process.env.AWS_ENDPOINT_URL_SSO_OIDC + "/").then((r) => { console.log("oidc answered", r.status, process.env.HOME, process.env.SSOTRAY_SELF_TEST_START_URL); process.exit(process.env.HOME.includes("ssotray-sim-home-") ? 0 : 7) })'`,
        ].join("\n"),
      );
      const { stdout } = await run(process.execPath, [script, "--release", release], { env });
      expect(stdout).toMatch(/oidc answered \d+ \S*ssotray-sim-home-\S* https?:\/\/\S+\/start/);
      expect(stdout).toContain("self-test: the packaged app at");
      expect(stdout).toContain("passed");
    });

    it("fails with the app's status and says so", async () => {
      const release = standIn("fails", 'echo "self-test: the tray was not created" >&2; exit 3');
      await expect(
        run(process.execPath, [script, "--release", release], { env }),
      ).rejects.toMatchObject({
        code: 3,
        stderr: expect.stringMatching(
          /the tray was not created[\s\S]*failed: it ended with exit status 3/,
        ),
      });
    });
  });
});
