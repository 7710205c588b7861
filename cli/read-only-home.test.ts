// A read-only HOME (a read-only mount, as on some locked-down or live systems): `creds`,
// `credential-process` and `logout` say which folder cannot be written and what to do, as config
// writes do, never a raw ENOENT or EROFS; credentials in hand are served all the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { ownCliBundle, type CliBundle } from "../test-support/cli-bundle.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { canMount, inMountNamespace, READ_ONLY_HOME } from "../test-support/private-mounts.js";

let sim: Simulator;
let bundle: CliBundle | undefined;
let script: string;

beforeAll(async () => {
  if (!canMount) return;
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 4 });
  bundle = await ownCliBundle("ro-home");
  script = bundle.script;
}, 120_000);
afterAll(async () => {
  await sim?.close();
  removeCliHomes();
  bundle?.remove();
});

function readOnly(env: Record<string, string>, args: string[]) {
  return inMountNamespace(
    `${READ_ONLY_HOME}; exec "${process.execPath}" "${script}" "$@"`,
    args,
    env,
  );
}

function role(): string[] {
  const account = sim.accounts()[0]!;
  return ["--account", account.accountId, "--role", account.roles[0]!, "--session", "acme"];
}

const RAW = /\b(ENOENT|EROFS): /;

describe.skipIf(!canMount)("a read-only HOME", () => {
  it("credential-process and creds serve the credentials and say what could not be kept", async () => {
    const home = cliHome(sim);
    for (const command of ["credential-process", "creds"]) {
      const run = await readOnly(home.env, [command, ...role()]);
      expect(run.stderr).not.toMatch(RAW);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("ASIA");
      expect(run.stderr).toBe(
        "warning: The credentials were not kept for the next run: ~/ssotray/cache/credentials is on a read-only file system (EROFS), so the credentials cache cannot be written there: remount it writable or point the path elsewhere\n",
      );
    }
  });

  it("creds --credentials-file-profile says the credentials file cannot be written", async () => {
    const home = cliHome(sim);
    const run = await readOnly(home.env, ["creds", ...role(), "--credentials-file-profile", "x"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "ssotray: ~/.aws is on a read-only file system (EROFS), so ~/.aws/credentials cannot be written there: remount it writable or point the path elsewhere. Nothing was changed.\n",
    );
    expect(run.stderr).not.toMatch(RAW);
  });

  it("logout says what it could not remove and how to finish", async () => {
    const home = cliHome(sim);
    const run = await readOnly(home.env, ["logout", "--session", "acme"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "ssotray: Session 'acme' is not fully signed out: ~/.aws/sso/cache is on a read-only file system (EROFS), so its sign-in cannot be removed there: remount it writable or point the path elsewhere. Then run `ssotray logout --session acme` again\n",
    );
  });
});
