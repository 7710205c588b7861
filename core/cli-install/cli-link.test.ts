// The link "Install command line tool" makes, checked on the file system: where it goes, that it
// leads to the app's executable, that it is taken away again, and that nothing it did not make
// is ever replaced or removed.
import { execFile } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  cliLinkStatus,
  installCliLink,
  macLinkCommand,
  removeCliLink,
  windowsShim,
  type CliLinkDeps,
} from "./cli-link.js";
import { cmdRun, type WindowsMachine } from "../../test-support/windows-readers.js";
import { resolveLocations } from "../locations.js";

const run = promisify(execFile);
const work = mkdtempSync(path.join(os.tmpdir(), "ssotray-cli-link-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A HOME of its own and an app whose resources hold an executable ssotray. */
function setup(pathHasBin = true): { deps: CliLinkDeps; exe: string; link: string; home: string } {
  const home = path.join(work, `home-${++n}`);
  const exe = path.join(work, `app ${n}`, "SSO Tray", "resources", "cli", "ssotray");
  mkdirSync(home, { recursive: true });
  mkdirSync(path.dirname(exe), { recursive: true });
  writeFileSync(exe, "#!/bin/sh\necho 0.1.0\n", { mode: 0o755 });
  const bin = path.join(home, ".local", "bin");
  const deps: CliLinkDeps = {
    platform: "linux",
    env: { HOME: home, PATH: pathHasBin ? `/usr/bin:${bin}/` : "/usr/bin" },
    link: resolveLocations({ HOME: home }, "linux").cliLink,
    run: () => Promise.reject(new Error("no OS tool is run on Linux")),
  };
  return { deps, exe, link: path.join(bin, "ssotray"), home };
}

describe("Install command line tool (Linux)", () => {
  it("links ssotray into ~/.local/bin, says so, and takes it away again", async () => {
    const { deps, exe, link } = setup();
    expect(deps.link).toBe(link);
    expect(await cliLinkStatus(exe, deps)).toEqual({
      executable: exe,
      link,
      installed: false,
      onPath: true,
    });

    const installed = await installCliLink(exe, deps);
    expect(installed).toMatchObject({ installed: true, link, onPath: true });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(exe);
    const { stdout } = await run(link, []);
    expect(stdout.trim()).toBe("0.1.0");
    // Twice is the same as once.
    expect(await installCliLink(exe, deps)).toEqual(installed);

    expect(await removeCliLink(exe, deps)).toMatchObject({ installed: false });
    expect(existsSync(link)).toBe(false);
  });

  it("says when ~/.local/bin is not on PATH", async () => {
    const { deps, exe } = setup(false);
    expect((await installCliLink(exe, deps)).onPath).toBe(false);
  });

  it("replaces its own link to another copy of the app, and nothing else", async () => {
    const { deps, exe, link } = setup();
    const older = path.join(work, "older", "resources", "cli", "ssotray");
    mkdirSync(path.dirname(older), { recursive: true });
    writeFileSync(older, "", { mode: 0o755 });
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(older, link);
    expect(await cliLinkStatus(exe, deps)).toMatchObject({ installed: false });
    expect((await cliLinkStatus(exe, deps)).conflict).toBeUndefined();
    await installCliLink(exe, deps);
    expect(readlinkSync(link)).toBe(exe);
  });

  it("takes away only a link to this app's executable, never one to another copy's", async () => {
    const { deps, exe, link } = setup();
    const other = path.join(work, "other copy", "resources", "cli", "ssotray");
    mkdirSync(path.dirname(other), { recursive: true });
    writeFileSync(other, "#!/bin/sh\necho 9.9.9\n", { mode: 0o755 });
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(other, link);
    expect(await removeCliLink(exe, deps)).toMatchObject({ installed: false });
    expect(readlinkSync(link)).toBe(other);
    // The same on Windows, where the link is a shim naming the executable.
    const shim = path.join(path.dirname(link), "ssotray.cmd");
    const otherShim = '@"C:\\Program Files\\Other SSO Tray\\resources\\cli\\ssotray.exe" %*\r\n';
    writeFileSync(shim, otherShim);
    const windows: CliLinkDeps = { ...deps, platform: "win32", link: shim };
    const ourExe =
      "C:\\Users\\Jane Doe\\AppData\\Local\\Programs\\SSO Tray\\resources\\cli\\ssotray.exe";
    expect(await removeCliLink(ourExe, windows)).toMatchObject({ installed: false });
    expect(readFileSync(shim, "utf8")).toBe(otherShim);
  });

  it.each([
    ["a file of its own", (link: string) => writeFileSync(link, "#!/bin/sh\n")],
    [
      "npm's link to the ssotray script",
      (link: string) => symlinkSync("/usr/lib/node_modules/sso-tray/bin/ssotray.mjs", link),
    ],
  ])("leaves %s alone, and says why", async (_, make) => {
    const { deps, exe, link } = setup();
    mkdirSync(path.dirname(link), { recursive: true });
    make(link);
    const before = lstatSync(link).isSymbolicLink()
      ? readlinkSync(link)
      : readFileSync(link, "utf8");
    const status = await cliLinkStatus(exe, deps);
    expect(status.installed).toBe(false);
    expect(status.conflict).toMatch(/did not make.*remove it first/);
    await expect(installCliLink(exe, deps)).rejects.toThrow(/did not make/);
    await expect(removeCliLink(exe, deps)).rejects.toThrow(/leaves it as it is/);
    const after = lstatSync(link).isSymbolicLink()
      ? readlinkSync(link)
      : readFileSync(link, "utf8");
    expect(after).toBe(before);
  });

  it("offers nothing to link in a build without the executable", async () => {
    const { deps } = setup();
    expect(await cliLinkStatus(undefined, deps)).toMatchObject({ installed: false });
    await expect(installCliLink(undefined, deps)).rejects.toThrow(/carries no ssotray executable/);
  });
});

describe("Install command line tool (macOS)", () => {
  it("links into /usr/local/bin with a shell command that survives spaces and quotes", async () => {
    expect(resolveLocations({ HOME: "/Users/a" }, "darwin").cliLink).toBe("/usr/local/bin/ssotray");
    // The same command the administrator prompt runs, here in a folder of the test's own.
    const exe = path.join(work, "SSO Tray's.app", "Contents", "Resources", "cli", "ssotray");
    mkdirSync(path.dirname(exe), { recursive: true });
    writeFileSync(exe, "", { mode: 0o755 });
    const link = path.join(work, "usr local", "bin", "ssotray");
    await run("/bin/sh", ["-c", macLinkCommand(exe, link)]);
    expect(readlinkSync(link)).toBe(exe);
  });
});

describe("Install command line tool (Windows)", () => {
  /** What cmd.exe runs for `"<shim>" <args>` (test-support/windows-readers.ts). */
  function throughShim(exe: string, local: string, args: string) {
    const shim = `${local}\\ssotray\\bin\\ssotray.cmd`;
    const env = { LOCALAPPDATA: local };
    const machine: WindowsMachine = { files: { [exe]: "", [shim]: windowsShim(exe, env) }, env };
    return cmdRun(`"${shim}" ${args}`, machine);
  }

  it.each([
    ["a user folder with a space", "C:\\Users\\Jane Doe\\AppData\\Local"],
    ["a user folder with % and &", "C:\\Users\\R&D 100%\\AppData\\Local"],
    ["a user folder outside ASCII", "C:\\Users\\Jos\u00e9\\AppData\\Local"],
  ])("writes a shim that runs the executable with every argument, from %s", (_, local) => {
    const exe = `${local}\\Programs\\SSO Tray (beta)\\resources\\cli\\ssotray.exe`;
    expect(throughShim(exe, local, 'credential-process --session "acme corp"')).toEqual({
      program: exe,
      argv: [exe, "credential-process", "--session", "acme corp"],
    });
  });

  it("names a % in a path outside %LOCALAPPDATA% as %%, and refuses one outside ASCII", () => {
    const exe = "C:\\Tools 100%\\ssotray.exe";
    expect(windowsShim(exe, { LOCALAPPDATA: "C:\\Users\\a\\AppData\\Local" })).toBe(
      '@"C:\\Tools 100%%\\ssotray.exe" %*\r\n',
    );
    expect(throughShim(exe, "C:\\Users\\a\\AppData\\Local", "x").argv).toEqual([exe, "x"]);
    expect(() => windowsShim("D:\\Programme\\Gr\u00fc\u00dfe\\ssotray.exe", {})).toThrow(
      /outside ASCII in its shim/,
    );
  });

  it("counts a shim an earlier version wrote as installed", async () => {
    const dir = path.join(work, "windows-shim");
    mkdirSync(dir, { recursive: true });
    const link = path.join(dir, "ssotray.cmd");
    const exe = "C:\\Users\\jane\\AppData\\Local\\Programs\\SSO Tray\\resources\\cli\\ssotray.exe";
    writeFileSync(link, `@"${exe}" %*\r\n`);
    const deps: CliLinkDeps = {
      platform: "win32",
      env: { LOCALAPPDATA: "C:\\Users\\jane\\AppData\\Local", PATH: dir },
      link,
      run: () => Promise.reject(new Error("nothing is run for a shim already in place")),
    };
    expect(await cliLinkStatus(exe, deps)).toMatchObject({ installed: true, onPath: true });
  });
});
