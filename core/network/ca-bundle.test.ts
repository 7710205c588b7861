// Which CA bundle a connection trusts, by the AWS CLI's rules, without a proxy or TLS in the way:
// AWS_CA_BUNDLE first, then ca_bundle in the session's own section, then in the active profile.
// (cli.proxy.test.ts shows the same through a real proxy, where tinyproxy is installed.)
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveCaBundle } from "./ca-bundle.js";
import { resolveLocations } from "../locations.js";

const START_URL = "https://acme.awsapps.com/start";
const pem = (name: string) => `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`;

function home(config: (files: Record<string, string>) => string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-ca-"));
  const files = Object.fromEntries(
    ["variable", "session", "profile"].map((name) => {
      const file = path.join(dir, `${name}.pem`);
      writeFileSync(file, pem(name));
      return [name, file];
    }),
  );
  const env = { HOME: dir, AWS_CONFIG_FILE: path.join(dir, "config") };
  writeFileSync(env.AWS_CONFIG_FILE, config(files));
  return { env, files };
}

const both = (files: Record<string, string>) =>
  `[default]\nca_bundle = ${files.profile}\n\n` +
  `[sso-session acme]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\nca_bundle = ${files.session}\n`;

describe("resolveCaBundle", () => {
  it("takes AWS_CA_BUNDLE over ca_bundle in the session's section and in the profile", async () => {
    const { env, files } = home(both);
    const bundle = await resolveCaBundle(
      { ...env, AWS_CA_BUNDLE: files.variable },
      resolveLocations(env),
      START_URL,
    );
    expect(bundle).toEqual({
      path: files.variable,
      source: "AWS_CA_BUNDLE",
      pem: pem("variable"),
    });
  });

  it("without AWS_CA_BUNDLE, takes the session's section over the profile", async () => {
    const { env, files } = home(both);
    expect(await resolveCaBundle(env, resolveLocations(env), START_URL)).toMatchObject({
      path: files.session,
      source: "ca_bundle in [sso-session acme]",
    });
    // Another instance's connections: only the profile's applies.
    expect(
      await resolveCaBundle(env, resolveLocations(env), "https://other.awsapps.com/start"),
    ).toMatchObject({
      path: files.profile,
      source: "ca_bundle in [default]",
    });
  });

  it("takes AWS_CA_BUNDLE even when the config's file is the only one that exists", async () => {
    const { env, files } = home(both);
    await expect(
      resolveCaBundle(
        { ...env, AWS_CA_BUNDLE: `${files.variable}.missing` },
        resolveLocations({ ...env, AWS_CA_BUNDLE: `${files.variable}.missing` }),
        START_URL,
      ),
    ).rejects.toThrow(`(from AWS_CA_BUNDLE) cannot be read (ENOENT); point AWS_CA_BUNDLE at`);
  });

  it("is undefined when neither names one", async () => {
    const { env } = home(() => `[sso-session acme]\nsso_start_url = ${START_URL}\n`);
    expect(await resolveCaBundle(env, resolveLocations(env), START_URL)).toBeUndefined();
  });
});
