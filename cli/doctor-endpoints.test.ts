// `ssotray doctor --endpoints`: the endpoints each session would call, by the AWS SDK's own rules
// in every partition with FIPS and dual-stack on and off, worked out without contacting any.
import { SSOClient } from "@aws-sdk/client-sso";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import { partition } from "@aws-sdk/core/client";
// The SDK's AWS Sign-In client is internal to the SDK; the test reads its endpoint rules only.
import { SigninClient } from "@aws-sdk/nested-clients/signin";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { EXIT_FAILURE, EXIT_USAGE } from "./cli-error.js";

interface Listed {
  session: string;
  region: string;
  partition: string;
  endpoints: Record<"oidc" | "portal" | "federation" | "console" | "sts" | "accountAccess", string>;
}

const REGIONS = ["eu-west-1", "us-gov-west-1", "cn-northwest-1", "eusc-de-east-1"];
const VARIANTS = [
  { fips: false, dualStack: false },
  { fips: true, dualStack: false },
  { fips: false, dualStack: true },
  { fips: true, dualStack: true },
];

const rules = {
  oidc: new SSOOIDCClient({ region: "us-east-1" }).config.endpointProvider,
  portal: new SSOClient({ region: "us-east-1" }).config.endpointProvider,
  sts: new STSClient({ region: "us-east-1" }).config.endpointProvider,
  signin: new SigninClient({ region: "us-east-1" }).config.endpointProvider,
};
const base = (url: URL) => url.href.replace(/\/+$/, "");
/** The registrable domain: the last two labels, or three under a two-letter country's com. */
const domainOf = (host: string) =>
  host
    .split(".")
    .slice(host.endsWith(".com.cn") ? -3 : -2)
    .join(".");

const dirs: string[] = [];
let sim: Simulator;

function home(config: string): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-doctor-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, ".aws"));
  writeFileSync(path.join(dir, ".aws", "config"), config);
  return {
    HOME: dir,
    SSOTRAY_HOME: path.join(dir, "ssotray"),
    AWS_CONFIG_FILE: path.join(dir, ".aws", "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, ".aws", "credentials"),
  };
}

function sessionsConfig(): string {
  let text = "";
  for (const region of REGIONS) {
    for (const [i, v] of VARIANTS.entries()) {
      text += `[sso-session ${region}-${i}]\nsso_start_url = https://${region}-${i}.awsapps.com/start\nsso_region = ${region}\n`;
      text += `use_fips_endpoint = ${v.fips}\nuse_dualstack_endpoint = ${v.dualStack}\n\n`;
    }
  }
  return text;
}

beforeAll(async () => {
  sim = await startSimulator({ accounts: 3 });
});
afterAll(async () => {
  await sim?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("ssotray doctor --endpoints", () => {
  it("gives each session's endpoints by the SDK's rules, in every partition, FIPS and dual-stack on and off", async () => {
    const result = await runSsotray(home(sessionsConfig()), ["doctor", "--endpoints", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout) as Listed[];
    expect(listed).toHaveLength(REGIONS.length * VARIANTS.length);
    for (const entry of listed) {
      const [region, index] = [entry.region, Number(entry.session.split("-").pop())];
      const v = VARIANTS[index]!;
      const params = { Region: region, UseFIPS: v.fips, UseDualStack: v.dualStack };
      const p = partition(region);
      expect(entry.session.startsWith(region)).toBe(true);
      expect(entry.partition).toBe(p.name);
      expect(entry.endpoints.oidc, entry.session).toBe(base(rules.oidc(params).url));
      expect(entry.endpoints.portal, entry.session).toBe(base(rules.portal(params).url));
      expect(entry.endpoints.sts, entry.session).toBe(
        base(rules.sts({ ...params, UseGlobalEndpoint: false }).url),
      );
      // Dual-stack only; the -fips prefix as the model's UseFIPS parameter implies.
      expect(entry.endpoints.accountAccess).toBe(
        `https://account-access-runtime${v.fips ? "-fips" : ""}.${region}.${p.dualStackDnsSuffix}`,
      );
      // Console and console sign-in lie in the session's partition: the domain of the SDK's
      // sign-in host for the region.
      const signinHost = rules.signin({ Region: region, UseFIPS: false, UseDualStack: false }).url
        .hostname;
      for (const key of ["federation", "console"] as const) {
        const url = new URL(entry.endpoints[key]);
        expect(url.protocol).toBe("https:");
        expect(domainOf(url.hostname), `${entry.session} ${key}`).toBe(domainOf(signinHost));
      }
    }
    const hosts = listed.map((e) => new URL(e.endpoints.oidc).hostname);
    expect(hosts).toContain("oidc.eusc-de-east-1.amazonaws.eu");
    expect(hosts).toContain("oidc-fips.eusc-de-east-1.api.amazonwebservices.eu");
    expect(listed.map((e) => e.endpoints.portal)).toContain(
      "https://portal.sso.eusc-de-east-1.amazonaws.eu",
    );
  });

  it("shows the AWS_ENDPOINT_URL_* overrides and contacts none of them", async () => {
    const env = {
      ...home(`[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = eu-west-1\n`),
      ...sim.env,
      AWS_USE_FIPS_ENDPOINT: "true",
    };
    sim.clearRequestLog();
    const result = await runSsotray(env, ["doctor", "--endpoints", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const [entry] = JSON.parse(result.stdout) as Listed[];
    expect(entry?.endpoints.oidc).toBe(sim.env.AWS_ENDPOINT_URL_SSO_OIDC);
    expect(entry?.endpoints.portal).toBe(sim.env.AWS_ENDPOINT_URL_SSO);
    expect(entry?.endpoints.federation).toBe(sim.env.AWS_ENDPOINT_URL_SIGNIN);
    expect(sim.requestLog()).toEqual([]);

    const text = await runSsotray(env, ["doctor", "--endpoints"]);
    expect(text.stdout.split("\n")[0]).toMatch(/^acme\s+eu-west-1\s+aws\s+\(FIPS\)$/);
    expect(text.stdout).toMatch(/^ {2}sign-in \(OIDC\)\s+http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it("gives each fallback region of a replicated instance its endpoints, in order, by the same rules", async () => {
    const env = home(
      `[sso-session replicated]\nsso_start_url = https://replicated.awsapps.com/start\nsso_region = eu-west-1\n` +
        `ssotray_fallback_regions = eu-central-1, eu-north-1\nuse_fips_endpoint = true\n\n` +
        `[sso-session single]\nsso_start_url = https://single.awsapps.com/start\nsso_region = eu-west-1\n`,
    );
    const result = await runSsotray(env, ["doctor", "--endpoints", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<
      Listed & { fallbackRegions?: Array<{ region: string; endpoints: Listed["endpoints"] }> }
    >;
    const [replicated, single] = listed;
    // The first region's entry is as it was without fallbacks.
    expect(replicated).toMatchObject({ session: "replicated", region: "eu-west-1", fips: true });
    expect(replicated?.endpoints.oidc).toBe("https://oidc-fips.eu-west-1.amazonaws.com");
    expect(replicated?.fallbackRegions?.map((f) => f.region)).toEqual([
      "eu-central-1",
      "eu-north-1",
    ]);
    for (const fallback of replicated?.fallbackRegions ?? []) {
      const params = { Region: fallback.region, UseFIPS: true, UseDualStack: false };
      expect(Object.keys(fallback.endpoints).sort()).toEqual(
        Object.keys(replicated!.endpoints).sort(),
      );
      expect(fallback.endpoints.oidc).toBe(base(rules.oidc(params).url));
      expect(fallback.endpoints.portal).toBe(base(rules.portal(params).url));
      expect(fallback.endpoints.sts).toBe(
        base(rules.sts({ ...params, UseGlobalEndpoint: false }).url),
      );
    }
    expect(single?.session).toBe("single");
    expect(single).not.toHaveProperty("fallbackRegions");

    const text = await runSsotray(env, ["doctor", "--endpoints"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^ {2}fallback 1 {2}eu-central-1\n {4}sign-in \(OIDC\)\s+https:\/\/oidc-fips\.eu-central-1\.amazonaws\.com$/m,
    );
    expect(text.stdout).toMatch(
      /^ {2}fallback 2 {2}eu-north-1\n {4}sign-in \(OIDC\)\s+https:\/\/oidc-fips\.eu-north-1\.amazonaws\.com$/m,
    );
    expect(text.stdout.indexOf("eu-central-1")).toBeLessThan(text.stdout.indexOf("eu-north-1"));
  });

  it("names a session whose region is not one, and exits 1", async () => {
    const result = await runSsotray(
      home(
        `[sso-session typo]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-wset-1\n`,
      ),
      ["doctor", "--endpoints", "--json"],
    );
    expect(result.code).toBe(EXIT_FAILURE);
    expect(result.stderr).toMatch(/^typo: .*did you mean eu-west-1\?/);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("takes --endpoints or --report, not both", async () => {
    const result = await runSsotray(home(""), ["doctor", "--endpoints", "--report", "r.txt"]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/give --endpoints or --report/);
  });
});
