// `npm start` on a machine without Electron's binary: it runs Electron's own installer (a stand-in
// here, in a copy of the scripts beside a stand-in node_modules/electron) and starts what that
// installed; only a failed download prints what to do, with the installer's reason.
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const scripts = import.meta.dirname;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project root holding start.mjs, with `installer` as node_modules/electron/install.js. */
function project(installer: string): { root: string; record: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), "ssotray-start-"));
  dirs.push(root);
  mkdirSync(path.join(root, "scripts"));
  for (const file of ["start.mjs", "electron-binary.mjs"])
    copyFileSync(path.join(scripts, file), path.join(root, "scripts", file));
  mkdirSync(path.join(root, "node_modules", "electron"), { recursive: true });
  writeFileSync(path.join(root, "node_modules", "electron", "install.js"), installer);
  return { root, record: path.join(root, "record.json") };
}

/** An installer that "downloads" a binary recording its arguments, as Electron's lays it out. */
const INSTALLS = `
const fs = require("node:fs");
const path = require("node:path");
const record = path.join(__dirname, "..", "..", "record.json");
fs.mkdirSync(path.join(__dirname, "dist"), { recursive: true });
fs.writeFileSync(path.join(__dirname, "dist", "electron"),
  "#!/bin/sh\\nnode -e 'require(\\"fs\\").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))' " +
  JSON.stringify(record) + " \\"$@\\"\\n", { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, "path.txt"), "electron");
fs.appendFileSync(path.join(__dirname, "..", "..", "installed"), "x");
`;

/** An installer whose download fails the way @electron/get's does: a stack on stderr, status 1. */
const FAILS = `
console.error("RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (/x/got/index.js:1:1)\\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)");
process.exit(1);
`;

async function start(root: string, env: Record<string, string> = {}) {
  return run(process.execPath, [path.join(root, "scripts", "start.mjs"), "--window"], {
    env: { PATH: process.env.PATH ?? "", ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("npm start without Electron's binary", () => {
  it("runs Electron's installer, says so, then starts the binary it installed with the app", async () => {
    const { root, record } = project(INSTALLS);
    const result = await start(root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/downloading it with Electron's own installer/);
    expect(JSON.parse(readFileSync(record, "utf8"))).toEqual([
      path.join(root, "dist-electron", "main.js"),
      "--window",
    ]);

    // The next start finds the binary and runs no installer.
    rmSync(record);
    const again = await start(root);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("");
    expect(readFileSync(path.join(root, "installed"), "utf8")).toBe("x");
    expect(existsSync(record)).toBe(true);
  });

  it("says in a few lines, with the installer's reason, what to do when the download fails", async () => {
    const { root, record } = project(FAILS);
    const result = await start(root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The installer said: RequestError: getaddrinfo ENOTFOUND");
    expect(result.stderr).toContain("ELECTRON_MIRROR");
    expect(result.stderr).toContain("HTTPS_PROXY");
    expect(result.stderr).toContain("npm run demo");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.split("\n").length).toBeLessThan(12);
    expect(existsSync(record)).toBe(false);
  });

  it("names an installer that ends without a binary", async () => {
    const { root } = project("process.exit(0);");
    const result = await start(root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("exit status 0 and left no binary");
  });

  it("runs the real installer of the electron package, and reports its own reason", async () => {
    // A mirror on a closed port: the real install.js fails at once, network or not.
    const { root } = project("");
    rmSync(path.join(root, "node_modules"), { recursive: true });
    const real = path.resolve(scripts, "..", "node_modules");
    // The copied scripts find the real electron package (and @electron/get) through a link.
    symlinkSync(real, path.join(root, "node_modules"));
    const result = await start(root, {
      ELECTRON_OVERRIDE_DIST_PATH: path.join(root, "no-dist"),
      ELECTRON_MIRROR: "http://127.0.0.1:9/",
      electron_config_cache: path.join(root, "cache"),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The installer said: \S/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
