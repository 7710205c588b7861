// A refresh while the disk is full, on a real full file system (a tiny tmpfs in a mount namespace
// of the test's own): the refresh spends the refresh token (single-use, the simulator's default)
// and its answer cannot be saved where it belongs. `credential-process` must still answer, keep the
// new sign-in wherever it can, say what to free, and the next run must still be signed in.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulatorAndOwnBundle } from "../test-support/cli-bundle.js";
import { cliHome } from "../test-support/cli-home.js";
import { canMount, inMountNamespace, mountGate } from "../test-support/private-mounts.js";

const rig = simulatorAndOwnBundle(
  "full-disk",
  { accounts: 3, rolesPerAccount: 1, seed: 3 },
  canMount,
);

/**
 * Moves `folder` onto a 256 KiB tmpfs, fills it to the last byte, then runs credential-process for
 * the first account and, as a later run, for the second (whose credentials nothing cached).
 */
function onFullDisk(env: Record<string, string>, folder: string) {
  const role = (i: number) => {
    const account = rig.sim.accounts()[i]!;
    return `--account ${account.accountId} --role ${account.roles[0]!} --session acme`;
  };
  const run = (i: number) => `"${process.execPath}" "${rig.script}" credential-process ${role(i)}`;
  return inMountNamespace(
    [
      'keep=$(mktemp -d); cp -a "$1/." "$keep"',
      'mount -t tmpfs -o size=256k,mode=700 tmpfs "$1"',
      'cp -a "$keep/." "$1"; rm -rf "$keep"',
      'dd if=/dev/zero of="$1/filler" bs=1024 2>/dev/null || true',
      'dd if=/dev/zero of="$1/filler-tail" bs=1 2>/dev/null || true',
      `${run(0)}; echo "=== $?"; echo "===" >&2`,
      `${run(1)}; echo "=== $?"`,
    ].join("\n"),
    [folder],
    env,
  );
}

const createTokenCalls = () => rig.sim.requestLog().filter((e) => e.api === "CreateToken");

describe.skipIf(!canMount)(mountGate.title("a refresh while the disk is full"), () => {
  it("with only ~/.aws full: serves the credentials, keeps the new sign-in in the data folder, says what to free", async () => {
    const home = cliHome(rig.sim, { tokenExpiresInSeconds: 60 });
    rig.sim.clearRequestLog();
    const ran = await onFullDisk(home.env, path.join(home.dir, ".aws"));
    const [first, second] = ran.stdout.split(/^=== \d+$/m);
    const [firstErr, secondErr] = ran.stderr.split(/^===$/m);
    expect(ran.stdout.match(/^=== \d+$/gm)).toEqual(["=== 0", "=== 0"]);
    expect(JSON.parse(first!)).toMatchObject({ Version: 1 });
    expect(JSON.parse(second!)).toMatchObject({ Version: 1 });
    expect(firstErr).toContain(
      "The disk that holds ~/.aws/sso/cache is full (ENOSPC), so the sign-in cannot be written: free some space there",
    );
    expect(firstErr).toMatch(
      /Until then it is kept in ~\/ssotray\/held-sign-ins\/[0-9a-f]{40}\.json/,
    );
    expect(firstErr).not.toMatch(/^ssotray: /m);
    // The later run used the kept sign-in: no second refresh (its refresh token was spent).
    expect(secondErr).not.toMatch(/needs a new sign-in/);
    expect(createTokenCalls()).toHaveLength(1);
  });

  it("with the whole HOME full: writes the new sign-in over the old one in place, and the next run uses it", async () => {
    const home = cliHome(rig.sim, { tokenExpiresInSeconds: 60 });
    rig.sim.clearRequestLog();
    const ran = await onFullDisk(home.env, home.dir);
    const [first, second] = ran.stdout.split(/^=== \d+$/m);
    const [firstErr, secondErr] = ran.stderr.split(/^===$/m);
    expect(ran.stdout.match(/^=== \d+$/gm)).toEqual(["=== 0", "=== 0"]);
    expect(JSON.parse(first!)).toMatchObject({ Version: 1 });
    expect(JSON.parse(second!)).toMatchObject({ Version: 1 });
    expect(firstErr).toContain("is full (ENOSPC)");
    expect(firstErr).toMatch(
      /Meanwhile it was written over the previous sign-in in ~\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json, in place/,
    );
    expect(secondErr).not.toMatch(/needs a new sign-in/);
    expect(createTokenCalls()).toHaveLength(1);
  });
});
