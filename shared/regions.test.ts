import { describe, expect, it } from "vitest";
import {
  closestRegion,
  IDENTITY_CENTER_REGIONS,
  isKnownRegion,
  partitionOf,
  REGION_SHAPE,
  validateRegion,
} from "./regions.js";

describe("regions", () => {
  it("knows commercial, GovCloud and China regions", () => {
    for (const r of ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-northwest-1"])
      expect(isKnownRegion(r)).toBe(true);
    expect(isKnownRegion("eu-west-9")).toBe(false);
  });

  it("puts each region in its partition", () => {
    expect(partitionOf("eu-central-1")).toBe("aws");
    expect(partitionOf("us-gov-east-1")).toBe("aws-us-gov");
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("eusc-de-east-1")).toBe("aws-eusc");
  });

  it("lists each region once, all well formed", () => {
    expect(new Set(IDENTITY_CENTER_REGIONS).size).toBe(IDENTITY_CENTER_REGIONS.length);
    for (const r of IDENTITY_CENTER_REGIONS) expect(r).toMatch(REGION_SHAPE);
  });

  it("explains a malformed or unknown region", () => {
    expect(validateRegion(" EU-West-1 ")).toEqual({ ok: true, region: "eu-west-1" });
    expect(validateRegion("Ireland")).toEqual({
      ok: false,
      message: "The region must look like us-east-1 or eu-west-1 (got 'Ireland')",
    });
    expect(validateRegion("eu-west-9")).toMatchObject({
      ok: false,
      message: expect.stringContaining("does not run in 'eu-west-9'"),
    });
    expect(validateRegion("")).toMatchObject({ ok: false });
  });
});

describe("one region check, for sign-in and for credentials", () => {
  it("suggests the closest real region for a typo", () => {
    expect(closestRegion("eu-wset-1")).toBe("eu-west-1");
    expect(closestRegion("US-EAST1")).toBe("us-east-1");
    expect(closestRegion("Frankfurt")).toBeUndefined();
    expect(validateRegion("eu-wset-1", "aws")).toEqual({
      ok: false,
      message: "'eu-wset-1' is not an AWS region SSO Tray knows; did you mean eu-west-1?",
    });
    expect(validateRegion("eu-wset-1")).toEqual({
      ok: false,
      message:
        "IAM Identity Center does not run in 'eu-wset-1' as far as SSO Tray knows; did you mean eu-west-1?",
    });
    expect(validateRegion("euwest1", "aws")).toMatchObject({
      message: expect.stringContaining(
        "must look like us-east-1 or eu-west-1 (got 'euwest1'); did you mean eu-west-1?",
      ),
    });
  });

  it("takes for credentials a region IAM Identity Center does not run in", () => {
    expect(isKnownRegion("ap-southeast-6")).toBe(false);
    expect(validateRegion("ap-southeast-6", "aws")).toEqual({ ok: true, region: "ap-southeast-6" });
    expect(validateRegion("ap-southeast-6")).toMatchObject({ ok: false });
  });
});
