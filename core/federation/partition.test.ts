// Every partition SSO Tray signs in to, held to the AWS SDK's own data: the partition of each
// region, the sign-in hosts of the SDK's AWS Sign-In rules, and consoles within the partition.
import { partition as sdkPartition } from "@aws-sdk/core/client";
// The SDK's AWS Sign-In client is internal to the SDK (a dependency of its credential providers);
// the test reads its endpoint rules only.
import { SigninClient } from "@aws-sdk/nested-clients/signin";
import { describe, expect, it } from "vitest";
import {
  AWS_REGIONS,
  IDENTITY_CENTER_REGIONS,
  partitionOf as partitionName,
  validateRegion,
} from "../../shared/regions.js";
import { ROLE_ARN_SHAPE } from "../../shared/iam-shapes.js";
import { parseStartUrl } from "../../shared/start-url.js";
import { resolveDestination } from "./destination.js";
import { consoleHome, federationEndpoint, partitionOf } from "./partition.js";

const signinRules = new SigninClient({ region: "us-east-1" }).config.endpointProvider;
const sdkSigninHost = (region: string) =>
  signinRules({ Region: region, UseFIPS: false, UseDualStack: false }).url.hostname;

/** The documented global sign-in hosts (PROTOCOL.md), which the SDK's rules give regionally. */
const GLOBAL_SIGNIN: Record<string, string> = {
  aws: "signin.aws.amazon.com",
  "aws-us-gov": "signin.amazonaws-us-gov.com",
  "aws-cn": "signin.amazonaws.cn",
};

describe("partitions", () => {
  it("puts every region in the partition the SDK puts it in", () => {
    for (const region of AWS_REGIONS) {
      expect(partitionName(region), region).toBe(sdkPartition(region).name);
      expect(partitionOf(region).partition, region).toBe(sdkPartition(region).name);
    }
  });

  it("knows the European Sovereign Cloud's region, and the SDK lists it", () => {
    expect(validateRegion("eusc-de-east-1")).toEqual({ ok: true, region: "eusc-de-east-1" });
    expect(IDENTITY_CENTER_REGIONS).toContain("eusc-de-east-1");
    expect(sdkPartition("eusc-de-east-1")).toMatchObject({
      name: "aws-eusc",
      dnsSuffix: "amazonaws.eu",
    });
    expect(validateRegion("eusc-xx-1")).toMatchObject({ ok: false });
  });

  it("signs in on a sign-in host of the region's partition, by the SDK's Sign-In rules", () => {
    for (const region of IDENTITY_CENTER_REGIONS) {
      const host = new URL(federationEndpoint(region, {})).hostname;
      const name = sdkPartition(region).name;
      expect([sdkSigninHost(region), GLOBAL_SIGNIN[name]], region).toContain(host);
      expect(new URL(federationEndpoint(region, {})).pathname).toBe("/federation");
    }
    expect(federationEndpoint("eusc-de-east-1", {})).toBe(
      "https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation",
    );
  });

  it("lands on the console of the region's own partition, and nowhere else", () => {
    expect(consoleHome("eusc-de-east-1")).toBe(
      "https://console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1",
    );
    expect(resolveDestination("eusc-de-east-1", "/s3/home")).toBe(
      "https://console.amazonaws-eusc.eu/s3/home?region=eusc-de-east-1",
    );
    expect(() =>
      resolveDestination("eusc-de-east-1", "https://console.aws.amazon.com/s3/home"),
    ).toThrow(/console\.amazonaws-eusc\.eu/);
    expect(() =>
      resolveDestination("eu-central-1", "https://console.amazonaws-eusc.eu/s3/home"),
    ).toThrow(/console\.aws\.amazon\.com/);
  });

  it("takes role ARNs of the European Sovereign Cloud", () => {
    const match = ROLE_ARN_SHAPE.exec("arn:aws-eusc:iam::111111111111:role/Deploy");
    expect(match?.[1]).toBe("111111111111");
    expect(match?.[2]).toBe("Deploy");
  });

  it("takes a start URL outside awsapps.com as given (the sovereign portal's own host)", () => {
    expect(parseStartUrl("https://d-1234567890.awsapps.eu/start/#/")).toEqual({
      ok: true,
      url: "https://d-1234567890.awsapps.eu/start",
      suggestedName: "d-1234567890",
    });
  });
});
