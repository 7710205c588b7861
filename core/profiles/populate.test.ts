import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, realpath, symlink, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountRole, EntitledRole } from "../../shared/model.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import {
  botocorePythonCommand,
  hasAwsCli,
  hasBotocore,
  runAws,
  SKIP_BOTOCORE,
  tempHome,
  writeTokenCache,
} from "../../simulator/testing.js";
import { parseConfig } from "../aws-files/config-file.js";
import { lineDiff } from "./line-diff.js";
import {
  MARKER_KEY,
  NO_COMMAND_FOR_ENTITLED,
  planPopulate,
  planRemove,
  populateProfiles,
  removeProfiles,
  type PopulateInput,
} from "./populate.js";
import { profileNames, ProfileTemplateError } from "./profile-names.js";
import { resolveLocations } from "../locations.js";

const pair = (
  accountId: string,
  accountName: string,
  roleName: string,
  session = "acme",
): AccountRole => ({
  session,
  accountId,
  accountName,
  emailAddress: `${accountName}@example.com`,
  roleName,
});

const PAIRS = [
  pair("111111111111", "Payments Prod", "AdministratorAccess"),
  pair("111111111111", "Payments Prod", "ReadOnlyAccess"),
  pair("222222222222", "data/platform", "ReadOnlyAccess"),
];
const INPUT: PopulateInput = { session: "acme", region: "eu-west-1", pairs: PAIRS };

describe("profile names", () => {
  it("lowercases, replaces unsafe characters and makes collisions unique with the account id", () => {
    expect(profileNames(PAIRS, "{account_name}-{role_name}", {})).toEqual([
      "payments-prod-administratoraccess",
      "payments-prod-readonlyaccess",
      "data-platform-readonlyaccess",
    ]);
    const twins = [pair("111111111111", "Twin", "R"), pair("222222222222", "twin", "R")];
    expect(profileNames(twins, "{account_name}-{role_name}", {})).toEqual([
      "twin-r-111111111111",
      "twin-r-222222222222",
    ]);
  });

  it("uses aliases where set", () => {
    expect(
      profileNames(PAIRS.slice(0, 1), "{alias}.{role_name}", { "111111111111": "pay" }),
    ).toEqual(["pay.administratoraccess"]);
  });

  it("refuses a template with an unknown placeholder or one that would collide", () => {
    expect(() => profileNames(PAIRS, "{account}-{role_name}", {})).toThrow(ProfileTemplateError);
    expect(() => profileNames(PAIRS, "{session}", {})).toThrow(
      /must name the account .* and \{role_name\}/,
    );
  });
});

describe("planPopulate / planRemove", () => {
  it("writes sso-session profiles with the marker, and credential_process ones without sso_ keys", () => {
    const plan = planPopulate("", INPUT);
    const sections = parseConfig(plan.text);
    expect(plan.added).toHaveLength(3);
    expect(sections[0]!.values).toEqual({
      sso_session: "acme",
      sso_account_id: "111111111111",
      sso_role_name: "AdministratorAccess",
      region: "eu-west-1",
      [MARKER_KEY]: "acme",
    });
    const command = ["/usr/bin/node", "/opt/sso tray/bin/ssotray.mjs"];
    const cp = parseConfig(
      planPopulate(plan.text, {
        ...INPUT,
        credentialProcess: true,
        credentialProcessCommand: command,
      }).text,
    );
    expect(cp[0]!.values.credential_process).toBe(
      `/usr/bin/node "/opt/sso tray/bin/ssotray.mjs" credential-process --session acme --account 111111111111 --role AdministratorAccess`,
    );
    expect(Object.keys(cp[0]!.values).some((k) => k.startsWith("sso_"))).toBe(false);
  });

  it("writes no credential_process line without an absolute command, and none that a shell would change", () => {
    expect(() => planPopulate("", { ...INPUT, credentialProcess: true })).toThrow(
      /need the command that serves them/,
    );
    expect(() =>
      planPopulate("", {
        ...INPUT,
        credentialProcess: true,
        credentialProcessCommand: ["/usr/bin/node", "/home/$USER/ssotray.mjs"],
      }),
    ).toThrow(/will not put the command "\/home\/\$USER\/ssotray.mjs"/);
  });

  it("never overwrites a profile the user wrote, and reports it", () => {
    const mine = "[profile payments-prod-readonlyaccess]\nregion = us-east-1 # mine\n";
    const plan = planPopulate(mine, INPUT);
    expect(plan.skipped).toEqual([
      {
        name: "payments-prod-readonlyaccess",
        reason:
          "a profile you wrote yourself has this name ([profile payments-prod-readonlyaccess], line 1)",
      },
    ]);
    expect(plan.text.startsWith(mine)).toBe(true);
    expect(planRemove(plan.text).text).toBe(mine);
  });

  it("sees a quoted or spaced header as the same profile, as botocore does, and never hides it", () => {
    for (const header of [
      '[profile "payments-prod-readonlyaccess"]',
      "[profile  payments-prod-readonlyaccess]",
      "[profile 'payments-prod-readonlyaccess']",
    ]) {
      const mine = `${header}\nregion = us-east-1\n`;
      const plan = planPopulate(mine, INPUT);
      expect(plan.skipped.map((s) => s.reason)).toEqual([
        `a profile you wrote yourself has this name (${header}, line 1)`,
      ]);
      expect(plan.added).not.toContain("payments-prod-readonlyaccess");
      expect(
        parseConfig(plan.text).filter((s) => s.name === "payments-prod-readonlyaccess"),
      ).toHaveLength(1);
    }
  });

  it("removes a generated profile that hid a hand-written one, and only that one", () => {
    // A file from before names were read as botocore reads them: ours comes last and wins.
    const mine = '[profile "payments-prod-readonlyaccess"]\nregion = us-east-1\n';
    const generated = planPopulate("", INPUT).text;
    const both = `${mine}\n${generated}`;
    const plan = planPopulate(both, INPUT);
    expect(plan.removed).toEqual(["payments-prod-readonlyaccess"]);
    const left = parseConfig(plan.text).filter((s) => s.name === "payments-prod-readonlyaccess");
    expect(left.map((s) => s.header)).toEqual(['profile "payments-prod-readonlyaccess"']);
    expect(planRemove(both).text).toBe(mine);
    // The same with the hand-written section last, where botocore reads it.
    const after = planRemove(`${generated}\n${mine}`).text;
    expect(parseConfig(after).map((s) => s.header)).toEqual([
      'profile "payments-prod-readonlyaccess"',
    ]);
  });

  it("updates changed profiles and removes those whose account or role disappeared", () => {
    const first = planPopulate("", INPUT).text;
    const plan = planPopulate(first, { ...INPUT, region: "us-east-2", pairs: PAIRS.slice(0, 2) });
    expect(plan.updated).toEqual([
      "payments-prod-administratoraccess",
      "payments-prod-readonlyaccess",
    ]);
    expect(plan.removed).toEqual(["data-platform-readonlyaccess"]);
    expect(parseConfig(plan.text).map((s) => s.values.region)).toEqual(["us-east-2", "us-east-2"]);
  });

  it("takes out of the file what it reports removed, and rewrites a generated profile that gained a key", () => {
    const first = planPopulate("", INPUT).text;
    const pruned = planPopulate(first, { ...INPUT, pairs: PAIRS.slice(0, 2) });
    expect(pruned.removed).toEqual(["data-platform-readonlyaccess"]);
    expect(pruned.text).not.toContain("data-platform-readonlyaccess");
    // A key added by hand to a generated profile goes at the next populate, which says so.
    const edited = first.replace(
      "[profile payments-prod-readonlyaccess]\n",
      "[profile payments-prod-readonlyaccess]\noutput = text\n",
    );
    expect(edited).not.toBe(first);
    const again = planPopulate(edited, INPUT);
    expect(again.updated).toEqual(["payments-prod-readonlyaccess"]);
    expect(again.text).toBe(first);
  });

  it("removes only one session's profiles when asked", () => {
    const both = planPopulate(planPopulate("", INPUT).text, {
      session: "other",
      region: "eu-west-1",
      pairs: [pair("333333333333", "x", "R", "other")],
    }).text;
    const { text, removed } = planRemove(both, "other");
    expect(removed).toEqual(["x-r"]);
    expect(parseConfig(text)).toHaveLength(3);
  });

  const userFile = fc
    .array(
      fc.oneof(
        fc.stringMatching(/^[a-z]{1,6}$/).map((n) => `[profile ${n}]\nregion = eu-west-1\n`),
        fc.constantFrom(
          "# comment\n",
          "; other\n",
          "\n",
          "[default]\noutput = json\n",
          "[sso-session acme]\nsso_region = eu-west-1\n",
          "[services s]\ns3 =\n  endpoint_url = http://x\n",
        ),
      ),
      { maxLength: 8 },
    )
    .map((parts) => {
      const seen = new Set<string>();
      return parts
        .filter(
          (p) =>
            !p.startsWith("[") || (!seen.has(p.split("\n")[0]!) && seen.add(p.split("\n")[0]!)),
        )
        .join("");
    })
    .chain((text) => fc.tuple(fc.constant(text), fc.constantFrom("\n", "\r\n"), fc.boolean()))
    .map(([text, eol, trailing]) => {
      const converted = text.replaceAll("\n", eol);
      return trailing ? converted : converted.replace(/(\r?\n)$/, "");
    });
  const pairs = fc
    .uniqueArray(
      fc.record({
        id: fc.integer({ min: 100000000000, max: 999999999999 }),
        name: fc.stringMatching(/^[A-Za-z][A-Za-z ./_-]{0,12}$/),
        role: fc.constantFrom("Admin", "ReadOnly", "Dev"),
      }),
      { maxLength: 12, selector: (p) => `${p.id}/${p.role}` },
    )
    .map((list) => list.map((p) => pair(String(p.id), p.name, p.role)));

  it("for random valid files: populate then remove gives the original bytes, and a second populate changes nothing", () => {
    fc.assert(
      fc.property(userFile, pairs, fc.boolean(), (text, list, credentialProcess) => {
        const input = {
          ...INPUT,
          pairs: list,
          credentialProcess,
          credentialProcessCommand: ["/usr/bin/node", "/opt/ssotray.mjs"],
        };
        const once = planPopulate(text, input);
        const twice = planPopulate(once.text, input);
        expect(twice.text).toBe(once.text);
        expect([...twice.added, ...twice.updated, ...twice.removed]).toEqual([]);
        expect(planRemove(once.text, "acme").text).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("planPopulate with entitled roles", () => {
  const COMMAND = ["/usr/bin/node", "/opt/ssotray/ssotray.mjs"];
  const entitled = (roleArn: string, accountName?: string): EntitledRole => {
    const [, accountId, roleName] = /:(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn)!;
    return {
      session: "acme",
      accountId: accountId!,
      roleArn,
      roleName: roleName!,
      ...(accountName ? { accountName } : {}),
    };
  };
  const ENTITLED = [
    entitled("arn:aws:iam::111111111111:role/ReadOnlyAccess", "Payments Prod"),
    entitled("arn:aws:iam::333333333333:role/team/Deploy"),
  ];

  it("writes credential_process profiles for them in either mode, named apart from the permission sets'", () => {
    for (const credentialProcess of [false, true]) {
      const plan = planPopulate("", {
        ...INPUT,
        credentialProcess,
        credentialProcessCommand: COMMAND,
        entitled: ENTITLED,
      });
      const sections = parseConfig(plan.text);
      // The permission set of the same name keeps its profile name.
      const same = sections.find((s) => s.name === "payments-prod-readonlyaccess")!;
      expect(same.values.credential_process ?? same.values.sso_role_name).toMatch(
        credentialProcess ? /--account 111111111111 --role ReadOnlyAccess$/ : /^ReadOnlyAccess$/,
      );
      expect(
        sections.find((s) => s.name === "payments-prod-readonlyaccess-entitled")?.values,
      ).toEqual({
        credential_process:
          "/usr/bin/node /opt/ssotray/ssotray.mjs credential-process --session acme --role-arn arn:aws:iam::111111111111:role/ReadOnlyAccess",
        region: "eu-west-1",
        [MARKER_KEY]: "acme",
      });
      // No name from the API or the portal: the account id stands in.
      expect(
        sections.find((s) => s.name === "333333333333-deploy")?.values.credential_process,
      ).toMatch(/--role-arn arn:aws:iam::333333333333:role\/team\/Deploy$/);
      expect(plan.added).toHaveLength(5);
    }
  });

  it("without a command, skips them with the reason and keeps the ones written before", () => {
    const before = planPopulate("", {
      ...INPUT,
      credentialProcessCommand: COMMAND,
      entitled: ENTITLED,
    }).text;
    const plan = planPopulate(before, { ...INPUT, entitled: ENTITLED });
    expect(plan.skipped).toEqual([
      { name: "payments-prod-readonlyaccess-entitled", reason: NO_COMMAND_FOR_ENTITLED },
      { name: "333333333333-deploy", reason: NO_COMMAND_FOR_ENTITLED },
    ]);
    expect(plan.removed).toEqual([]);
    expect(plan.text).toBe(before);
    // Not listed at all (a failure): what was written for them stays.
    const unknown = planPopulate(before, {
      ...INPUT,
      credentialProcessCommand: COMMAND,
      entitledUnknown: true,
    });
    expect(unknown.removed).toEqual([]);
    expect(unknown.text).toBe(before);
    // Gone from the list: gone from the file.
    expect(planPopulate(before, { ...INPUT, credentialProcessCommand: COMMAND }).removed).toEqual([
      "payments-prod-readonlyaccess-entitled",
      "333333333333-deploy",
    ]);
  });

  it("skips a role ARN that is not one", () => {
    const plan = planPopulate("", {
      ...INPUT,
      credentialProcessCommand: COMMAND,
      entitled: [{ ...ENTITLED[1]!, roleArn: "arn:aws:iam::333333333333:role/$(id)" }],
    });
    expect(plan.skipped).toEqual([
      {
        name: "333333333333-deploy",
        reason: "'arn:aws:iam::333333333333:role/$(id)' is not an IAM role ARN",
      },
    ]);
    expect(plan.text).not.toContain("$(id)");
  });
});

describe("populateProfiles on disk", () => {
  it("prints a diff in a dry run and writes nothing", async () => {
    const HOME = await tempHome();
    await mkdir(join(HOME, ".aws"));
    await writeFile(join(HOME, ".aws", "config"), "[default]\nregion = x\n");
    const result = await populateProfiles(resolveLocations({ HOME }), INPUT, { dryRun: true });
    expect(result.written).toBe(false);
    expect(result.diff).toContain("+[profile payments-prod-administratoraccess]");
    // The file in full, not "~/.aws/config": HOME may not be the reader's own (the demo's is not).
    const real = await realpath(join(HOME, ".aws", "config"));
    expect(result.diff.split("\n").slice(0, 2)).toEqual([`--- ${real}`, `+++ ${real} (after)`]);
    expect(await readFile(join(HOME, ".aws", "config"), "utf8")).toBe("[default]\nregion = x\n");
  });

  it("names the file AWS_CONFIG_FILE leads to in a dry run's header, through a symlink", async () => {
    const HOME = await tempHome();
    await mkdir(join(HOME, "dotfiles"));
    await writeFile(join(HOME, "dotfiles", "aws-config"), "[default]\nregion = x\n");
    await symlink(join(HOME, "dotfiles", "aws-config"), join(HOME, "linked-config"));
    const env = { HOME, AWS_CONFIG_FILE: join(HOME, "linked-config") };
    const result = await populateProfiles(resolveLocations(env), INPUT, { dryRun: true });
    const real = await realpath(join(HOME, "dotfiles", "aws-config"));
    expect(result.diff.split("\n")[0]).toBe(`--- ${real}`);
    expect(result.configPath).toBe(real);
  });

  it("removes in a dry run without writing, and reports only what it removed", async () => {
    const HOME = await tempHome();
    await mkdir(join(HOME, ".aws"));
    const populated = planPopulate("[default]\nregion = x\n", INPUT).text;
    await writeFile(join(HOME, ".aws", "config"), populated);
    const dry = await removeProfiles(resolveLocations({ HOME }), { dryRun: true });
    expect(dry).toMatchObject({ written: false, added: [], updated: [], skipped: [] });
    expect(dry.removed).toHaveLength(3);
    expect(await readFile(join(HOME, ".aws", "config"), "utf8")).toBe(populated);
    const done = await removeProfiles(resolveLocations({ HOME }));
    expect(done).toMatchObject({ written: true, added: [], updated: [], skipped: [] });
    expect(await readFile(join(HOME, ".aws", "config"), "utf8")).toBe("[default]\nregion = x\n");
  });

  it("reports a read-only file instead of failing silently", async () => {
    const HOME = await tempHome();
    await mkdir(join(HOME, ".aws"));
    await writeFile(join(HOME, ".aws", "config"), "[default]\n");
    await chmod(join(HOME, ".aws", "config"), 0o400);
    await expect(populateProfiles(resolveLocations({ HOME }), INPUT)).rejects.toThrow(/read-only/);
  });

  it("handles a 50,000-line file", async () => {
    const HOME = await tempHome();
    await mkdir(join(HOME, ".aws"));
    const big =
      Array.from(
        { length: 10_000 },
        (_, i) => `[profile user-${i}]\nregion = eu-west-1\n# note ${i}\n\n`,
      ).join("") + "[default]\n";
    await writeFile(join(HOME, ".aws", "config"), big);
    const many = Array.from({ length: 1000 }, (_, i) =>
      pair(String(100000000000 + i), `acct-${i}`, "Admin"),
    );
    const result = await populateProfiles(resolveLocations({ HOME }), { ...INPUT, pairs: many });
    expect(result.added).toHaveLength(1000);
    const removed = await removeProfiles(resolveLocations({ HOME }), { session: "acme" });
    expect(removed.removed).toHaveLength(1000);
    expect(await readFile(join(HOME, ".aws", "config"), "utf8")).toBe(big);
  });
});

describe("lineDiff", () => {
  it("shows added and removed lines with context in unified format", () => {
    expect(lineDiff("a\nb\nc\n", "a\nb\nx\nc\n", "f")).toBe(
      "--- f\n+++ f (after)\n@@ -1,4 +1,5 @@\n a\n b\n+x\n c\n \n",
    );
    expect(lineDiff("same", "same", "f")).toBe("");
  });
});

if (!(hasBotocore && hasAwsCli)) console.warn(SKIP_BOTOCORE);

async function listProfiles(home: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    botocorePythonCommand!,
    [
      "-c",
      "import botocore.session; print('\\n'.join(botocore.session.Session().available_profiles))",
    ],
    { env: { PATH: process.env.PATH, HOME: home }, encoding: "utf8" },
  );
  return stdout;
}

describe.skipIf(!(hasBotocore && hasAwsCli))("generated profiles with the real AWS CLI", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ accounts: 4, rolesPerAccount: 2 });
  });
  afterAll(async () => sim.close());

  it("lists every generated profile, and one of them calls STS as the right role", async () => {
    const HOME = await tempHome();
    await mkdir(join(HOME, ".aws"));
    await writeFile(
      join(HOME, ".aws", "config"),
      `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\n`,
    );
    await writeTokenCache(HOME, "acme", sim, sim.issueToken());
    const simPairs = sim
      .accounts()
      .flatMap((a) => a.roles.map((roleName) => pair(a.accountId, a.accountName, roleName)));
    const result = await populateProfiles(resolveLocations({ HOME }), {
      session: "acme",
      region: sim.region,
      pairs: simPairs,
    });
    // `aws configure list-profiles` is AWS CLI v2 only; it prints botocore's available_profiles.
    const listed = (await listProfiles(HOME)).trim().split("\n");
    expect(listed.sort()).toEqual([...result.added].sort());
    const target = simPairs[5]!;
    const name = result.added[5]!;
    const identity = JSON.parse(
      await runAws(["sts", "get-caller-identity", "--profile", name, "--output", "json"], {
        home: HOME,
        sim,
      }),
    ) as { Arn: string; Account: string };
    expect(identity.Account).toBe(target.accountId);
    expect(identity.Arn).toContain(`AWSReservedSSO_${target.roleName}_`);
  });
});
