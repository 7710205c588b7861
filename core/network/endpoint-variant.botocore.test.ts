// FIPS and dual-stack, chosen as the AWS CLI chooses them: for every way the environment and the
// config can set use_fips_endpoint and use_dualstack_endpoint, the OIDC, portal and STS hosts
// SSO Tray would call are the ones botocore's clients call, in every partition.
import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botocorePython } from "../../simulator/tools.js";
import { tempHome, type TestHome } from "../../test-support/test-home.js";
import { sessionBaseUrl } from "./aws-clients.js";

const python = botocorePython();
const START_URL = "https://acme.awsapps.com/start";

interface Case {
  region: string;
  env: Record<string, string>;
  /** Lines added to the session's section (here a legacy profile, which botocore reads). */
  lines: string[];
}

const ENV_VALUES = [undefined, "true", "TRUE", "false", "1", ""];
const CONFIG_VALUES = [undefined, "true", "false", "True"];

function cases(): Case[] {
  const out: Case[] = [];
  const regions = ["us-east-1", "us-gov-west-1", "cn-north-1", "eusc-de-east-1"];
  let i = 0;
  for (const fromEnv of ENV_VALUES) {
    for (const fromConfig of CONFIG_VALUES) {
      // FIPS from each pair of sources; dual-stack from the same pair, the other way round on
      // alternate cases, so each setting meets the environment and the config both together and
      // alone.
      const region = regions[i % regions.length] ?? "us-east-1";
      const swap = i++ % 2 === 1;
      const env: Record<string, string> = {};
      const lines: string[] = [];
      if (fromEnv !== undefined) env.AWS_USE_FIPS_ENDPOINT = fromEnv;
      if (fromConfig !== undefined) lines.push(`use_fips_endpoint = ${fromConfig}`);
      const dualEnv = swap ? fromConfig : fromEnv;
      const dualConfig = swap ? fromEnv : fromConfig;
      if (dualEnv !== undefined) env.AWS_USE_DUALSTACK_ENDPOINT = dualEnv;
      if (dualConfig !== undefined) lines.push(`use_dualstack_endpoint = ${dualConfig}`);
      out.push({ region, env, lines });
    }
  }
  return out;
}

function configText(c: Case): string {
  return [
    "[profile acme]",
    `sso_start_url = ${START_URL}`,
    `sso_region = ${c.region}`,
    "sso_account_id = 111111111111",
    "sso_role_name = Dev",
    ...c.lines,
    "",
  ].join("\n");
}

const BOTOCORE_ENDPOINTS = `
import json, os, sys, tempfile
import botocore.session
folder = tempfile.mkdtemp()
path = os.path.join(folder, "config")
out = []
for case in json.load(sys.stdin):
    with open(path, "w") as f:
        f.write(case["config"])
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ.update(case["env"])
    os.environ["AWS_CONFIG_FILE"] = path
    os.environ["AWS_PROFILE"] = "acme"
    session = botocore.session.Session()
    urls = {}
    # Every case for OIDC; the portal and STS (same rules, slower to load) on some.
    services = (("oidc", "sso-oidc"), ("portal", "sso"), ("sts", "sts")) if case["all"] else (("oidc", "sso-oidc"),)
    for ours, service in services:
        client = session.create_client(service, region_name=case["region"])
        urls[ours] = client.meta.endpoint_url
    out.append(urls)
os.remove(path)
os.rmdir(folder)
json.dump(out, sys.stdout)
`;

describe.skipIf(!python)("FIPS and dual-stack, as botocore chooses them", () => {
  let home: TestHome;
  beforeAll(async () => {
    home = await tempHome();
  });
  afterAll(async () => {
    if (home) await rm(home.dir, { recursive: true, force: true });
  });

  // Python loads a service model per client: seconds each on a busy machine.
  it(
    "calls the hosts botocore calls, for every setting in the environment and the config",
    { timeout: 120_000 },
    async () => {
      const all = cases();
      const run = spawnSync(python as string, ["-c", BOTOCORE_ENDPOINTS], {
        input: JSON.stringify(
          all.map((c, i) => ({ ...c, config: configText(c), all: i % 3 === 0 })),
        ),
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: home.dir },
      });
      expect(run.status, run.stderr).toBe(0);
      const expected = JSON.parse(run.stdout) as Array<Record<string, string>>;
      const strip = (url: string) => url.replace(/\/+$/, "");
      let fips = 0;
      let dualStack = 0;
      for (const [index, c] of all.entries()) {
        await home.writeConfig(configText(c));
        const env = { ...home.env, ...c.env };
        const want = expected[index] ?? {};
        for (const service of ["oidc", "portal", "sts"] as const) {
          if (want[service] === undefined) continue;
          const ours = await sessionBaseUrl(service, c.region, env, home.locations, START_URL);
          expect(ours, `${service} ${JSON.stringify(c)}`).toBe(strip(want[service] ?? ""));
        }
        if (want.oidc?.includes("-fips")) fips++;
        if (!want.oidc?.includes(".amazonaws.")) dualStack++;
      }
      // The cases must reach both settings on and off, or the comparison proves little.
      expect(fips).toBeGreaterThan(3);
      expect(fips).toBeLessThan(all.length - 3);
      expect(dualStack).toBeGreaterThan(3);
      expect(dualStack).toBeLessThan(all.length - 3);
    },
  );
});
