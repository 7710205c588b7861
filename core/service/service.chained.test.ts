// The app's chained roles: listed under the role they start from, with the same actions (through
// sts:AssumeRole on the simulator), and added from Settings as profiles the AWS CLI reads.
import { mkdir, writeFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChainedRole } from "../../shared/model.js";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome, writeTokenCache } from "../../simulator/testing.js";
import { createNodePlatform, type NodePlatform } from "../platform/node-platform.js";
import { parseConfig } from "../aws-files/config-file.js";
import { resolveProfile } from "../profiles/chained-profile.js";
import { resolveLocations } from "../locations.js";
import { AppService } from "./service.js";
import { serviceFixture } from "../../test-support/service-fixture.js";

const TARGET = "arn:aws:iam::222222222222:role/Deploy";

const started = serviceFixture();

async function setup(): Promise<{
  sim: Simulator;
  platform: NodePlatform;
  source: { accountId: string; roleName: string };
  configPath: string;
}> {
  const sim = await startSimulator({
    accounts: 3,
    rolesPerAccount: 2,
    seed: 4,
    chainRoles: ["arn:aws:iam::222222222222:role/*"],
  });
  started.sim = sim;
  const home = await tempHome();
  started.home = home;
  const account = sim.accounts()[0]!;
  const source = { accountId: account.accountId, roleName: account.roles[1]! };
  const configPath = join(home, ".aws", "config");
  await mkdir(join(home, ".aws"), { recursive: true });
  await writeFile(
    configPath,
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n\n` +
      `[profile dev]\nsso_session = acme\nsso_account_id = ${source.accountId}\nsso_role_name = ${source.roleName}\n\n` +
      `[profile deploy]\nrole_arn = ${TARGET}\nsource_profile = dev\nrole_session_name = me\n`,
  );
  await writeTokenCache(home, "acme", sim, sim.issueToken({ expiresInSeconds: 8 * 3600 }));
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray"), ...sim.env };
  const platform = createNodePlatform({ open: async () => undefined });
  started.service = new AppService({ env, locations: resolveLocations(env), platform });
  return { sim, platform, source, configPath };
}

describe("chained roles in the app", () => {
  it("lists each chained role with the role it starts from, and acts as it", async () => {
    const { sim, platform, source } = await setup();
    const state = await started.service!.getState();
    expect(state.chainedRoles).toEqual<ChainedRole[]>([
      {
        profile: "deploy",
        roleArn: TARGET,
        accountId: "222222222222",
        roleName: "Deploy",
        source: { session: "acme", ...source },
      },
    ]);
    const role = {
      session: "acme",
      accountId: "222222222222",
      roleName: "Deploy",
      profile: "deploy",
    };
    const revealed = await started.service!.revealCredentials({ role });
    expect(revealed.accessKeyId).toMatch(/^ASIA/);
    await started.service!.openConsole({ role });
    const page = await (await fetch(platform.opened[0]!)).text();
    expect(page).toContain('data-account-id="222222222222"');
    expect(page).toContain('data-role-name="Deploy"');
    // Kept in memory: the console reused what revealCredentials got.
    expect(sim.requestLog().filter((e) => e.api === "AssumeRole")).toHaveLength(1);
    await started.service!.copyExecLine({ role });
    expect(platform.clipboard.text).toBe('ssotray exec --profile "deploy" -- ');
    await expect(started.service!.copyConsoleLink({ role, kind: "portal" })).rejects.toThrow(
      /The access portal opens only the roles it lists/,
    );
  });

  it("refuses to act as a chained role whose profile no longer chains it from that session", async () => {
    const { sim } = await setup();
    const role = {
      session: "acme",
      accountId: "222222222222",
      roleName: "Deploy",
      profile: "deploy",
    };
    await expect(
      started.service!.revealCredentials({ role: { ...role, session: "other" } }),
    ).rejects.toThrow(
      "The profile 'deploy' no longer chains a role from session 'other'; refresh the list",
    );
    // `dev` is the SSO profile the chain starts from: it chains nothing.
    await expect(
      started.service!.revealCredentials({ role: { ...role, profile: "dev" } }),
    ).rejects.toThrow("The profile 'dev' no longer chains a role from session 'acme'");
    expect(sim.requestLog().filter((e) => e.api === "AssumeRole")).toHaveLength(0);
  });

  it("adds a chained role from Settings as the AWS CLI would read it, under the config lock", async () => {
    const { sim, configPath } = await setup();
    const account = sim.accounts()[2]!;
    const events: ChainedRole[][] = [];
    started.service!.on("chainedRoles", (roles) => events.push(roles));
    const roles = await started.service!.addChainedRole({
      source: { session: "acme", accountId: account.accountId, roleName: account.roles[0]! },
      roleArn: "arn:aws:iam::222222222222:role/ops/Audit",
      sessionName: "auditor",
      externalId: "ext-42",
    });
    expect(events).toEqual([roles]);
    expect(roles.map((r) => r.profile)).toEqual(["deploy", "Audit-222222222222"]);
    const text = await readFile(configPath, "utf8");
    // A new SSO profile for the role it starts from, then the chained one.
    const sourceName = `acme-${account.accountId}-${account.roles[0]!}`;
    expect(text).toContain(
      `[profile ${sourceName}]\nsso_session = acme\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]!}\n`,
    );
    expect(text).toContain(
      `[profile Audit-222222222222]\nrole_arn = arn:aws:iam::222222222222:role/ops/Audit\nsource_profile = ${sourceName}\nrole_session_name = auditor\nexternal_id = ext-42\n`,
    );
    expect(resolveProfile(parseConfig(text), "Audit-222222222222", configPath)).toMatchObject({
      kind: "chained",
      steps: [{ externalId: "ext-42", roleSessionName: "auditor" }],
    });
    // The second time, the name is taken: nothing is written.
    await expect(
      started.service!.addChainedRole({
        source: { session: "acme", accountId: account.accountId, roleName: account.roles[0]! },
        roleArn: "arn:aws:iam::222222222222:role/ops/Audit",
      }),
    ).rejects.toThrow(/There is a profile named 'Audit-222222222222' already/);
    expect(await readFile(configPath, "utf8")).toBe(text);
  });
});
