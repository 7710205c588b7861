// A read-only HOME (a read-only mount, as on some locked-down or live systems): `creds`,
// `credential-process` and `logout` say which folder cannot be written and what to do, as config
// writes do, never a raw ENOENT or EROFS; credentials in hand are served all the same.
import { describe, expect, it } from "vitest";
import { simulatorAndOwnBundle } from "../test-support/cli-bundle.js";
import { cliHome } from "../test-support/cli-home.js";
import {
  canMount,
  inMountNamespace,
  mountGate,
  READ_ONLY_HOME,
} from "../test-support/private-mounts.js";

const rig = simulatorAndOwnBundle(
  "ro-home",
  { accounts: 3, rolesPerAccount: 1, seed: 4 },
  canMount,
);

function readOnly(env: Record<string, string>, args: string[]) {
  return inMountNamespace(
    `${READ_ONLY_HOME}; exec "${process.execPath}" "${rig.script}" "$@"`,
    args,
    env,
  );
}

function role(): string[] {
  const account = rig.sim.accounts()[0]!;
  return ["--account", account.accountId, "--role", account.roles[0]!, "--session", "acme"];
}

const RAW = /\b(ENOENT|EROFS): /;

describe.skipIf(!canMount)(mountGate.title("a read-only HOME"), () => {
  it("credential-process and creds serve the credentials and say what could not be kept", async () => {
    const home = cliHome(rig.sim);
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
    const home = cliHome(rig.sim);
    const run = await readOnly(home.env, ["creds", ...role(), "--credentials-file-profile", "x"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "ssotray: ~/.aws is on a read-only file system (EROFS), so ~/.aws/credentials cannot be written there: remount it writable or point the path elsewhere. Nothing was changed.\n",
    );
    expect(run.stderr).not.toMatch(RAW);
  });

  it("logout says what it could not remove and how to finish", async () => {
    const home = cliHome(rig.sim);
    const run = await readOnly(home.env, ["logout", "--session", "acme"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "ssotray: Session 'acme' is not fully signed out: ~/.aws/sso/cache is on a read-only file system (EROFS), so its sign-in cannot be removed there: remount it writable or point the path elsewhere. Then run `ssotray logout --session acme` again\n",
    );
  });
});
