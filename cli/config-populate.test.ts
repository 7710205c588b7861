// `ssotray config populate` for a second session whose accounts share names with the first's:
// a few lines that give the fix, not one line per profile.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { PER_SESSION_TEMPLATE } from "./commands/config.js";
import { runCli } from "./program.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ accounts: 20, rolesPerAccount: 2, seed: 3 });
});
afterAll(async () => {
  await sim.close();
  removeCliHomes();
});

async function ssotray(env: Record<string, string>, ...args: string[]) {
  return answering(undefined, env, ...args);
}

/** `ssotray ARGS` on a terminal that answers every question with `answer`. */
async function answering(
  answer: boolean | undefined,
  env: Record<string, string>,
  ...args: string[]
) {
  let stdout = "";
  let stderr = "";
  const asked: string[] = [];
  const code = await runCli(args, env, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stderrIsTTY: false,
    ...(answer === undefined
      ? {}
      : {
          confirm: async (question: string) => {
            asked.push(question);
            return answer;
          },
        }),
  });
  return { code, stdout, stderr, asked };
}

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

describe("config populate for two sessions whose accounts share names", () => {
  it("says in two lines which session has the names, and the template that keeps both", async () => {
    // Two sessions on the same organisation, as a second sign-in to one portal would be.
    const home = cliHome(sim, {
      config: `[sso-session other]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
    });
    const cache = path.join(home.dir, ".aws", "sso", "cache");
    copyFileSync(
      path.join(cache, `${sha1("acme")}.json`),
      path.join(cache, `${sha1("other")}.json`),
    );

    const first = await ssotray(home.env, "config", "populate", "--session", "acme");
    expect(first.code, first.stderr).toBe(0);
    const second = await ssotray(home.env, "config", "populate", "--session", "other");
    expect(second.code, second.stderr).toBe(0);
    const lines = second.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    // Not "already up to date": 40 profiles were not written.
    expect(lines[0]).toBe("~/.aws/config: nothing changed");
    expect(lines[1]).toMatch(
      /^40 profiles skipped \(\[profile \S+\], \[profile \S+\], \[profile \S+\] and 37 more\): the names are taken by profiles generated for session 'acme'\.$/,
    );
    expect(lines[2]).toBe(
      `To keep both sessions' profiles, name them apart: ssotray config populate --profile-name '${PER_SESSION_TEMPLATE}'`,
    );

    // The fix it gives works.
    const fixed = await ssotray(
      home.env,
      ...["config", "populate", "--session", "other", "--profile-name", PER_SESSION_TEMPLATE],
    );
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toMatch(/: 40 added\n$/);
    expect(readFileSync(home.env.AWS_CONFIG_FILE!, "utf8")).toMatch(/^\[profile other-\S+\]$/m);
  });

  it("on a terminal, offers that template at once and uses it on a yes", async () => {
    const home = cliHome(sim, {
      config: `[sso-session other]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
    });
    const cache = path.join(home.dir, ".aws", "sso", "cache");
    copyFileSync(
      path.join(cache, `${sha1("acme")}.json`),
      path.join(cache, `${sha1("other")}.json`),
    );
    expect((await ssotray(home.env, "config", "populate", "--session", "acme")).code).toBe(0);

    const no = await answering(false, home.env, "config", "populate", "--session", "other");
    expect(no.asked).toEqual([`Use --profile-name '${PER_SESSION_TEMPLATE}' now? [y/N] `]);
    expect(readFileSync(home.env.AWS_CONFIG_FILE!, "utf8")).not.toMatch(/^\[profile other-/m);

    const yes = await answering(true, home.env, "config", "populate", "--session", "other");
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stderr).toMatch(/: 40 added\n$/);
    expect(readFileSync(home.env.AWS_CONFIG_FILE!, "utf8")).toMatch(/^\[profile other-\S+\]$/m);
  });
});
