// Settings → Diagnostics and a session's FIPS / dual-stack choice, through the AppService the
// app runs: the checks as `ssotray doctor` runs them, a report copied with nothing secret in it.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { tempHome } from "../../simulator/testing.js";
import { resolveLocations } from "../locations.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { AppService } from "./service.js";
import { invokeCall } from "./wire.js";

let sim: Simulator | undefined;
let service: AppService | undefined;
let home: string | undefined;
afterEach(async () => {
  service?.dispose();
  await sim?.close();
  if (home) await rm(home, { recursive: true, force: true });
  sim = service = home = undefined;
});

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

async function setup() {
  sim = await startSimulator({ accounts: 3 });
  home = await tempHome();
  const env = { HOME: home, SSOTRAY_HOME: join(home, "ssotray"), ...sim.env };
  await mkdir(join(home, ".aws"));
  await writeFile(
    join(home, ".aws", "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = eusc-de-east-1\n\n[profile keys]\naws_secret_access_key = ${SECRET}\nsso_account_id = 123456789012\n`,
  );
  const platform = createNodePlatform({ open: async () => undefined });
  service = new AppService({ env, locations: resolveLocations(env), platform });
  return { platform, configPath: join(home, ".aws", "config") };
}

describe("diagnostics in the app", () => {
  it("runs the doctor checks and copies a report holding no secret or account id", async () => {
    const { platform } = await setup();
    const findings = await service!.runDiagnostics();
    expect(findings.find((f) => f.check === "config")).toMatchObject({ severity: "ok" });
    expect(findings.find((f) => f.check === "clock")).toMatchObject({ severity: "ok" });
    // The app shows its own command line tool link; PATH is not its question.
    expect(findings.some((f) => f.check === "path")).toBe(false);

    await service!.copyDiagnosticsReport();
    const report = platform.clipboard.text;
    expect(report).toContain("# SSO Tray doctor report");
    expect(report).toContain("acme  eusc-de-east-1  aws-eusc");
    expect(report).not.toContain(SECRET);
    expect(report).not.toContain("123456789012");
  });

  it("turns FIPS and dual-stack on for a session in its [sso-session], checking the call", async () => {
    const { configPath } = await setup();
    expect(await service!.setSessionEndpoints({ session: "acme" })).toEqual({
      fips: false,
      dualStack: false,
    });
    const on = await invokeCall(service!, "setSessionEndpoints", { session: "acme", fips: true });
    expect(on).toEqual({ ok: true, value: { fips: true, dualStack: false } });
    expect(await readFile(configPath, "utf8")).toMatch(
      /\[sso-session acme\]\n(?:.*\n)*use_fips_endpoint = true\n/,
    );
    const refused = await invokeCall(service!, "setSessionEndpoints", {
      session: "keys",
      fips: true,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no \[sso-session keys\]/) },
    });
  });
});
