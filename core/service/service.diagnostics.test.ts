// Settings → Diagnostics and a session's FIPS / dual-stack choice, through the AppService the
// app runs: the checks as `ssotray doctor` runs them, a report copied with nothing secret in it.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSimulator } from "../../simulator/index.js";
import { tempHome } from "../../simulator/testing.js";
import { resolveLocations } from "../locations.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { AppService } from "./service.js";
import { invokeCall } from "./wire.js";
import { serviceFixture } from "../../test-support/service-fixture.js";

const started = serviceFixture();

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

async function setup() {
  const sim = (started.sim = await startSimulator({ accounts: 3 }));
  const home = (started.home = await tempHome());
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray"), ...sim.env };
  await mkdir(join(home, ".aws"));
  await writeFile(
    join(home, ".aws", "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = eusc-de-east-1\n\n[profile keys]\naws_secret_access_key = ${SECRET}\nsso_account_id = 123456789012\n`,
  );
  const platform = createNodePlatform({ open: async () => undefined });
  started.service = new AppService({ env, locations: resolveLocations(env), platform });
  return { platform, configPath: join(home, ".aws", "config") };
}

describe("diagnostics in the app", () => {
  it("runs the doctor checks and copies a report holding no secret or account id", async () => {
    const { platform } = await setup();
    const findings = await started.service!.runDiagnostics();
    expect(findings.find((f) => f.check === "config")).toMatchObject({ severity: "ok" });
    expect(findings.find((f) => f.check === "clock")).toMatchObject({ severity: "ok" });
    // The app shows its own command line tool link; PATH is not its question.
    expect(findings.some((f) => f.check === "path")).toBe(false);

    await started.service!.copyDiagnosticsReport();
    const report = platform.clipboard.text;
    expect(report).toContain("# SSO Tray doctor report");
    expect(report).toContain("acme  eusc-de-east-1  aws-eusc");
    expect(report).not.toContain(SECRET);
    expect(report).not.toContain("123456789012");
  });

  it("turns FIPS and dual-stack on for a session in its [sso-session], checking the call", async () => {
    const { configPath } = await setup();
    expect(await started.service!.setSessionEndpoints({ session: "acme" })).toEqual({
      fips: false,
      dualStack: false,
    });
    const on = await invokeCall(started.service!, "setSessionEndpoints", {
      session: "acme",
      fips: true,
    });
    expect(on).toEqual({ ok: true, value: { fips: true, dualStack: false } });
    expect(await readFile(configPath, "utf8")).toMatch(
      /\[sso-session acme\]\n(?:.*\n)*use_fips_endpoint = true\n/,
    );
    const refused = await invokeCall(started.service!, "setSessionEndpoints", {
      session: "keys",
      fips: true,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no \[sso-session keys\]/) },
    });
  });
});
