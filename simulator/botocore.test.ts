import { writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./index.js";
import {
  hasAwsCli,
  hasBotocore,
  runAws,
  SKIP_BOTOCORE,
  tempHome,
  writeTokenCache,
} from "./testing.js";

if (!(hasBotocore && hasAwsCli)) console.warn(SKIP_BOTOCORE);

describe.skipIf(!(hasBotocore && hasAwsCli))(
  "the real AWS CLI / botocore against the simulator",
  () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ accounts: 6 });
    });
    afterAll(async () => sim.close());

    it("gets role credentials from the SSO token cache and calls STS GetCallerIdentity as the role", async () => {
      const home = await tempHome();
      const account = sim.accounts()[3]!;
      const role = account.roles[0]!;
      await mkdir(join(home, ".aws"), { recursive: true });
      await writeFile(
        join(home, ".aws", "config"),
        [
          "[sso-session sim]",
          `sso_start_url = ${sim.startUrl}`,
          `sso_region = ${sim.region}`,
          "sso_registration_scopes = sso:account:access",
          "",
          "[profile p]",
          "sso_session = sim",
          `sso_account_id = ${account.accountId}`,
          `sso_role_name = ${role}`,
          `region = ${sim.region}`,
          "",
        ].join("\n"),
      );
      await writeTokenCache(home, "sim", sim, sim.issueToken());
      const identity = JSON.parse(
        await runAws(["sts", "get-caller-identity", "--profile", "p", "--output", "json"], {
          home,
          sim,
        }),
      ) as {
        Account: string;
        Arn: string;
      };
      expect(identity.Account).toBe(account.accountId);
      expect(identity.Arn).toMatch(
        new RegExp(`^arn:aws:sts::${account.accountId}:assumed-role/AWSReservedSSO_${role}_`),
      );
      expect(sim.requestLog().map((entry) => entry.api)).toEqual([
        "GetRoleCredentials",
        "GetCallerIdentity",
      ]);
    });
  },
);
