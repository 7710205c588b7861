// The release build's signing: signed with every secret of a kind, unsigned with a warning in the
// log with none, refused with a message naming what is missing when only some are set.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AZURE_SIGNING, MAC_NOTARISATION, signingPlan } from "./build-installers.mjs";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "build-installers.mjs");

const APPLE = {
  CSC_LINK: "MIIKcQIBAzCCCjcGCSqGSIb3DQEHAaCCCigEggokMIIKIDCCBNcGCSqGSIb3",
  CSC_KEY_PASSWORD: "p12-password",
  APPLE_ID: "releases@example.com",
  APPLE_APP_SPECIFIC_PASSWORD: "abcd-efgh-ijkl-mnop",
  APPLE_TEAM_ID: "A1B2C3D4E5",
};
const AZURE = {
  AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000001",
  AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000002",
  AZURE_CLIENT_SECRET: "client-secret",
  AZURE_TRUSTED_SIGNING_ENDPOINT: "https://eus.codesigning.azure.net",
  AZURE_TRUSTED_SIGNING_ACCOUNT: "sso-tray",
  AZURE_TRUSTED_SIGNING_PROFILE: "public-trust",
};
// What GitHub hands over for secrets that are not set.
const unset = (names: string[]) => Object.fromEntries(names.map((name) => [name, ""]));

describe("macOS", () => {
  it("signs and notarises with every secret set, and says nothing", () => {
    const plan = signingPlan("mac", APPLE);
    expect(plan).toEqual({
      args: ["--mac", "--publish", "never"],
      env: {},
      warnings: [],
      signed: true,
    });
  });

  it("builds unsigned with none set, turning off the keychain search, and warns in the log", () => {
    const plan = signingPlan("mac", unset(Object.keys(APPLE)));
    expect(plan.env).toMatchObject({ CSC_IDENTITY_AUTO_DISCOVERY: "false", CSC_LINK: "" });
    expect(plan.signed).toBe(false);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(
      /^::warning title=Unsigned macOS build::.*neither signed nor notarised/,
    );
    expect(plan.warnings[0]).toContain("CSC_LINK, CSC_KEY_PASSWORD, APPLE_ID");
  });

  it("warns that a signed build without notarisation is still refused by Gatekeeper", () => {
    const plan = signingPlan("mac", { ...APPLE, ...unset(MAC_NOTARISATION) });
    expect(plan.env.CSC_IDENTITY_AUTO_DISCOVERY).toBeUndefined();
    // Signed but not notarised is not what Gatekeeper or Homebrew's cask need.
    expect(plan.signed).toBe(false);
    expect(plan.warnings[0]).toMatch(
      /signed but not notarised.*APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/,
    );
  });

  it("refuses part of the notarisation secrets, naming the missing one", () => {
    expect(() => signingPlan("mac", { ...APPLE, APPLE_TEAM_ID: " " })).toThrow(
      /Notarisation needs .*; APPLE_TEAM_ID is not set\. Set it, or remove the others/,
    );
  });

  it("refuses notarisation without a certificate to sign with", () => {
    expect(() => signingPlan("mac", { ...APPLE, CSC_LINK: "" })).toThrow(
      /needs a Developer ID signature: set the repository secret CSC_LINK/,
    );
  });
});

describe("Windows", () => {
  it("signs with Azure Trusted Signing through electron-builder's azureSignOptions", () => {
    const plan = signingPlan("win", AZURE);
    expect(plan.warnings).toEqual([]);
    expect(plan.env).toEqual({});
    expect(plan.signed).toBe(true);
    expect(plan.args).toEqual([
      "--win",
      "--publish",
      "never",
      "-c.win.azureSignOptions.endpoint=https://eus.codesigning.azure.net",
      "-c.win.azureSignOptions.codeSigningAccountName=sso-tray",
      "-c.win.azureSignOptions.certificateProfileName=public-trust",
    ]);
    // The client secret stays in the environment, out of any process's arguments.
    expect(plan.args.join(" ")).not.toContain(AZURE.AZURE_CLIENT_SECRET);
  });

  it("builds unsigned with none set and warns in the log", () => {
    const plan = signingPlan("win", {});
    expect(plan.args).toEqual(["--win", "--publish", "never"]);
    expect(plan.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: "false" });
    expect(plan.signed).toBe(false);
    expect(plan.warnings[0]).toMatch(/^::warning title=Unsigned Windows build::.*AZURE_TENANT_ID/);
  });

  it("refuses part of the secrets, and values that are not an endpoint or a resource name", () => {
    expect(() => signingPlan("win", { ...AZURE, AZURE_CLIENT_SECRET: "" })).toThrow(
      /AZURE_CLIENT_SECRET is not set/,
    );
    expect(() =>
      signingPlan("win", {
        ...AZURE,
        AZURE_TRUSTED_SIGNING_ENDPOINT: "http://eus.codesigning.azure.net",
      }),
    ).toThrow(/must be the account's https:\/\/ endpoint/);
    expect(() =>
      signingPlan("win", { ...AZURE, AZURE_TRUSTED_SIGNING_PROFILE: "x -Files C:\\evil" }),
    ).toThrow(/AZURE_TRUSTED_SIGNING_PROFILE must be an Azure resource name/);
    expect(AZURE_SIGNING).toEqual(Object.keys(AZURE));
  });
});

describe("the command", () => {
  it("prints the warning in GitHub's form and the electron-builder run, and exits 0 unsigned", async () => {
    const { stdout } = await run(process.execPath, [script, "win", "--dry-run"], {
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(stdout.split("\n")).toEqual([
      expect.stringMatching(/^::warning title=Unsigned Windows build::/),
      "electron-builder --win --publish never",
      "",
    ]);
  });

  it("tells the job's outputs whether the build is signed", async () => {
    const output = path.join(mkdtempSync(path.join(os.tmpdir(), "ssotray-build-output-")), "out");
    try {
      const env = { PATH: process.env.PATH ?? "", GITHUB_OUTPUT: output };
      await run(process.execPath, [script, "win", "--dry-run"], { env });
      await run(process.execPath, [script, "win", "--dry-run"], {
        env: { ...env, ...AZURE },
      });
      expect(readFileSync(output, "utf8")).toBe("signed=false\nsigned=true\n");
    } finally {
      rmSync(path.dirname(output), { recursive: true, force: true });
    }
  });

  it("stops before building when the secrets are half set", async () => {
    await expect(
      run(process.execPath, [script, "mac", "--dry-run"], {
        env: { PATH: process.env.PATH ?? "", APPLE_ID: "releases@example.com" },
      }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID are not set"),
    });
  });

  it("names the systems it builds for", async () => {
    await expect(run(process.execPath, [script, "solaris", "--dry-run"])).rejects.toMatchObject({
      stderr: expect.stringContaining("linux, mac or win (got 'solaris')"),
    });
  });
});
