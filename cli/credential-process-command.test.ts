// credential_process lines name the ssotray that wrote them by absolute path, and that command
// is run once before any profile names it.
import { execFile } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { parseConfig } from "../core/aws-files/config-file.js";
import { checkCommand } from "../core/profiles/command-check.js";
import { commandLine } from "../core/profiles/command-line.js";
import { selfCommand } from "./self-command.js";
import { windowsShim } from "../core/cli-install/cli-link.js";

const run = promisify(execFile);
let sim: Simulator;
let work: string;
let cliDir: string;

beforeAll(async () => {
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 9 });
  work = mkdtempSync(path.join(os.tmpdir(), "ssotray-cp-command-"));
  cliDir = path.join(work, "sso tray", "dist-cli");
  await buildCli({ quiet: true, outdir: cliDir });
}, 120_000);
afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("credential_process lines", () => {
  it("call node and the script by absolute path, through a symlink to where it really is, and work without ssotray on PATH", async () => {
    const home = path.join(work, "home");
    mkdirSync(path.join(home, ".aws", "sso", "cache"), { recursive: true });
    writeFileSync(
      path.join(home, ".aws", "config"),
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    const t = sim.issueToken({ expiresInSeconds: 3600 });
    const { sha1Hex } = await import("../core/sessions/sign-in-file.js");
    writeFileSync(
      path.join(home, ".aws", "sso", "cache", `${sha1Hex("acme")}.json`),
      JSON.stringify({
        startUrl: sim.startUrl,
        region: sim.region,
        accessToken: t.accessToken,
        expiresAt: t.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      }),
      { mode: 0o600 },
    );
    // As `npm link` leaves it: a symlink on PATH to the script.
    const bin = path.join(work, "bin");
    mkdirSync(bin, { recursive: true });
    const link = path.join(bin, "ssotray");
    symlinkSync(path.join(cliDir, "ssotray.mjs"), link);
    const env = {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: home,
      SSOTRAY_HOME: path.join(home, "ssotray"),
      AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
      ...sim.env,
    };
    await run(process.execPath, [link, "config", "populate", "--credential-process"], { env });

    const configFile = path.join(home, ".aws", "config");
    const profiles = parseConfig(readFileSync(configFile, "utf8")).filter(
      (s) => s.kind === "profile",
    );
    expect(profiles).toHaveLength(3);
    const script = realpathSync(path.join(cliDir, "ssotray.mjs"));
    for (const p of profiles) {
      expect(p.values.credential_process).toMatch(
        new RegExp(
          `^${escape(
            commandLine([
              { value: process.execPath, what: "node" },
              { value: script, what: "the script" },
            ]),
          )} credential-process `,
        ),
      );
    }
    // As the JavaScript SDK runs it: through /bin/sh, here with no ssotray on PATH.
    const account = sim.accounts()[0]!;
    const line = profiles.find((p) => p.values.credential_process!.includes(account.accountId))!
      .values.credential_process!;
    const { stdout } = await run("/bin/sh", ["-c", line], {
      env: { ...env, PATH: "/usr/bin:/bin" },
    });
    expect(JSON.parse(stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
  });
});

describe("checkCommand", () => {
  it("passes a command that prints its version", async () => {
    await expect(checkCommand([process.execPath, "--no-warnings"])).resolves.toBeUndefined();
  });

  it("says when the command is not there, or fails, naming it", async () => {
    const missing = path.join(work, "nowhere", "ssotray.mjs");
    await expect(checkCommand([path.join(work, "no-node")])).rejects.toThrow(
      /credential_process command '.*no-node --version' did not run \(there is no such file\); no profile was written/,
    );
    await expect(checkCommand([process.execPath, missing])).rejects.toThrow(
      /did not run \(Error: Cannot find module .*nowhere/,
    );
    const failing = path.join(work, "failing");
    writeFileSync(failing, "#!/bin/sh\necho 'broken install' >&2\nexit 1\n");
    chmodSync(failing, 0o755);
    await expect(checkCommand([failing])).rejects.toThrow(/did not run \(broken install\)/);
  });

  it("on Windows refuses a command no Windows reader would run as itself, before running it", async () => {
    await expect(
      checkCommand(["C:\\Users\\100%\\AppData\\Local\\ssotray\\bin\\ssotray.cmd"], "win32"),
    ).rejects.toThrow(/'%', which cmd.exe expands even inside quotes/);
  });

  it.runIf(process.platform === "win32")(
    "on Windows runs the app's .cmd shim through cmd.exe, as the JavaScript SDK runs the line",
    async () => {
      const shim = path.join(work, "shim dir", "ssotray.cmd");
      mkdirSync(path.dirname(shim), { recursive: true });
      writeFileSync(shim, "@echo 0.1.0\r\n");
      await expect(checkCommand([shim])).resolves.toBeUndefined();
    },
  );
});

describe("selfCommand", () => {
  it("is the app's Windows shim when the shim runs this very executable", () => {
    const exe = path.join(work, "SSO Tray", "ssotray.exe");
    const shim = path.join(work, "shim", "ssotray.cmd");
    mkdirSync(path.dirname(shim), { recursive: true });
    const proc = { execPath: exe, argv: [exe, "config"], env: {} };
    expect(selfCommand(proc, true, shim)).toEqual([exe]);
    writeFileSync(shim, windowsShim(exe, {}));
    expect(selfCommand(proc, true, shim)).toEqual([shim]);
    writeFileSync(shim, windowsShim(path.join(work, "another copy", "ssotray.exe"), {}));
    expect(selfCommand(proc, true, shim)).toEqual([exe]);
  });

  it("is node and the real path of the script it ran, or the executable alone when packaged", () => {
    const link = path.join(work, "self-link.mjs");
    symlinkSync(path.join(cliDir, "ssotray.mjs"), link);
    expect(selfCommand({ execPath: "/opt/node/bin/node", argv: ["node", link] }, false)).toEqual([
      "/opt/node/bin/node",
      realpathSync(path.join(cliDir, "ssotray.mjs")),
    ]);
    expect(
      selfCommand({ execPath: "/opt/ssotray", argv: ["/opt/ssotray", "config"] }, true),
    ).toEqual(["/opt/ssotray"]);
    // Run through a link (as the app installs it): the link, which stays put across updates.
    const exe = path.join(work, "app", "resources", "ssotray");
    mkdirSync(path.dirname(exe), { recursive: true });
    writeFileSync(exe, "");
    const bin = path.join(work, "link-bin");
    mkdirSync(bin, { recursive: true });
    symlinkSync(exe, path.join(bin, "ssotray"));
    const packaged = { execPath: exe, argv: [exe, exe, "config"] };
    expect(
      selfCommand({ ...packaged, argv0: "ssotray", env: { PATH: `/nowhere:${bin}` } }, true),
    ).toEqual([path.join(bin, "ssotray")]);
    expect(selfCommand({ ...packaged, argv0: path.join(bin, "ssotray") }, true)).toEqual([
      path.join(bin, "ssotray"),
    ]);
    // A link to something else, or none: the executable itself.
    expect(selfCommand({ ...packaged, argv0: "ssotray", env: { PATH: "/usr/bin" } }, true)).toEqual(
      [exe],
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
