// `npm pack` of the repository, installed with `npm install -g` into a throwaway prefix, gives a
// working `ssotray` with only the CLI's runtime dependencies: no Electron, React or Vite. The
// command is one esbuild bundle (dist-cli/) that loads no package at run time, so it has none:
// everything is a devDependency, and the install pulls nothing from the registry. Packed
// from a copy of what the package holds (dist-cli/ built there, so no other test's build races
// this one), installed offline with an empty cache of its own.
import { execFile } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "./build-cli.mjs";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
/** npm as a test runs it: without the variables npm sets for the script running the tests. */
const npmEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

let work: string;
let sim: Simulator;
beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "ssotray-npm-pack-"));
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1 });
}, 60_000);
afterAll(async () => {
  await sim?.close();
  removeCliHomes();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("holds the command and nothing of the app or the sources", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: root,
      env: npmEnv(),
    });
    const files = (JSON.parse(stdout) as PackResult[])[0]!.files.map((f) => f.path);
    expect(files).toContain("bin/ssotray.mjs");
    expect(files).toContain("package.json");
    const outside = files.filter(
      (f) => !/^(bin\/ssotray\.mjs|dist-cli\/.*\.mjs|package\.json|README\.md|LICENSE)$/.test(f),
    );
    expect(outside).toEqual([]);
  });

  it("installs with npm install -g as a working ssotray, pulling no Electron, React or Vite", async () => {
    const pkg = path.join(work, "pkg");
    mkdirSync(pkg);
    for (const file of ["package.json", "README.md", ".npmrc"])
      copyFileSync(path.join(root, file), path.join(pkg, file));
    cpSync(path.join(root, "bin"), path.join(pkg, "bin"), { recursive: true });
    await buildCli({ quiet: true, outdir: path.join(pkg, "dist-cli") });
    const packed = await run(
      "npm",
      ["pack", "--json", "--ignore-scripts", "--pack-destination", work],
      {
        cwd: pkg,
        env: npmEnv(),
      },
    );
    const tarball = path.join(work, (JSON.parse(packed.stdout) as PackResult[])[0]!.filename);

    const prefix = path.join(work, "prefix");
    await run(
      "npm",
      [
        "install",
        "-g",
        "--prefix",
        prefix,
        // A cache of its own, empty: the package depends on nothing, so nothing is fetched, and
        // the user's own ~/.npm is neither read nor written.
        "--cache",
        path.join(work, "npm-cache"),
        "--offline",
        "--no-audit",
        "--no-fund",
        tarball,
      ],
      { cwd: work, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 },
    );
    const installed = path.join(prefix, "lib", "node_modules", "sso-tray");
    const modules = path.join(installed, "node_modules");
    const names = existsSync(modules) ? readdirSync(modules) : [];
    for (const unwanted of ["electron", "electron-builder", "react", "react-dom", "vite", "vitest"])
      expect(names, unwanted).not.toContain(unwanted);
    // Not even the ones the bundle carries inside it (commander, the AWS SDK).
    expect(names).toEqual([]);

    const ssotray = path.join(prefix, "bin", "ssotray");
    const version = await run(ssotray, ["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // Signed in, against the simulator: credentials for a role, through the installed command.
    const home = cliHome(sim);
    const account = sim.accounts()[0]!;
    const creds = await run(
      ssotray,
      [
        "credential-process",
        "--session",
        "acme",
        "--account",
        account.accountId,
        "--role",
        account.roles[0]!,
      ],
      { env: home.env },
    );
    expect(JSON.parse(creds.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
  }, 180_000);
});
