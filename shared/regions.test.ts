import { describe, expect, it } from "vitest";
import { IDENTITY_CENTER_REGIONS, isKnownRegion, partitionOf, validateRegion } from "./regions.js";

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
  });

  it("lists each region once, all well formed", () => {
    expect(new Set(IDENTITY_CENTER_REGIONS).size).toBe(IDENTITY_CENTER_REGIONS.length);
    for (const r of IDENTITY_CENTER_REGIONS) expect(r).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
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
