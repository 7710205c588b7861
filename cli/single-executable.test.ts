// `npm run package:cli` makes one executable that carries the whole CLI. With Node.js hidden (a
// private mount namespace), it signs in with a device code against the simulator, writes
// credential_process profiles that name it (through the link on PATH it was run by), and botocore
// gets credentials through such a profile.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { botocorePython, IN_CI } from "../simulator/tools.js";
import { parseConfig } from "../core/aws-files/config-file.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { cannotHideNode, runWithoutNode } from "../test-support/hide-node.js";
import { linuxOnly } from "../test-support/platform-only.js";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const linux = linuxOnly("Node.js is hidden in a private mount namespace (unshare)");
const why = linux.runs ? cannotHideNode() : "Linux only";
if (why && !IN_CI && linux.runs) console.warn(`single executable test skipped: ${why}`);
const skip = !linux.runs || (why !== undefined && !IN_CI);
const python = skip ? undefined : botocorePython();

describe.skipIf(skip)(linux.title("the single executable, with no Node.js"), () => {
  let work: string;
  let executable: string;
  let sim: Simulator;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "ssotray-sea-"));
    // In a process of its own: postject's injector prints warnings about ELF notes on stderr.
    await run(
      process.execPath,
      [path.join(root, "scripts", "package-cli.mjs"), path.join(work, "out")],
      {
        cwd: root,
      },
    );
    executable = path.join(work, "out", "ssotray");
    sim = await startSimulator({
      accounts: 3,
      rolesPerAccount: 1,
      deviceApproval: { afterPolls: 1 },
    });
  }, 240_000);
  afterAll(async () => {
    await sim?.close();
    removeCliHomes();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("signs in, writes credential_process profiles naming its link, and botocore gets credentials", async () => {
    expect(why).toBeUndefined();
    const home = cliHome(sim, { signedIn: false });
    const bin = path.join(work, "bin");
    mkdirSync(bin);
    symlinkSync(executable, path.join(bin, "ssotray"));
    const env = { ...home.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
    const account = sim.accounts()[0]!;
    const signIn = await runWithoutNode(
      [
        "ssotray login --session acme --device-code --no-browser",
        "ssotray config populate --credential-process",
      ].join("\n"),
      env,
    );
    expect(signIn.stderr).toMatch(/Signed in to acme/);
    expect(signIn.stderr).toMatch(/config: 3 added/);
    const config = readFileSync(home.env.AWS_CONFIG_FILE!, "utf8");
    const profiles = parseConfig(config).filter((s) => s.values.credential_process);
    expect(profiles).toHaveLength(3);
    for (const p of profiles)
      expect(p.values.credential_process).toMatch(
        new RegExp(`^${path.join(bin, "ssotray").replaceAll("/", "\\/")} credential-process `),
      );
    const profile = profiles.find((p) => p.values.credential_process!.includes(account.accountId))!;
    const identity = await runWithoutNode(
      `${JSON.stringify(python ?? "python3")} -c ${JSON.stringify(
        "import botocore.session, sys; c = botocore.session.Session(profile=sys.argv[1]).get_credentials().get_frozen_credentials(); print(c.access_key)",
      )} ${JSON.stringify(profile.name)}`,
      { ...env, PATH: process.env.PATH ?? "" },
    );
    expect(identity.stdout.trim()).toMatch(/^ASIA/);
  }, 120_000);
});
