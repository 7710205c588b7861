// The AWS regions where IAM Identity Center runs, and the partition each belongs to.
// Imported by the renderer as well: plain data and pure functions only.
import { closestWithin } from "./edit-distance.js";

export type Partition = "aws" | "aws-us-gov" | "aws-cn" | "aws-eusc";

/**
 * Regions with IAM Identity Center endpoints (AWS General Reference, "AWS IAM Identity Center
 * endpoints and quotas"). New regions appear over time: a well-formed region missing here is
 * refused with a message saying so, and the list is the one place to add it.
 */
export const IDENTITY_CENTER_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-gov-east-1",
  "us-gov-west-1",
  "cn-north-1",
  "cn-northwest-1",
  // The AWS European Sovereign Cloud: a partition of its own (the SDK's partitions, `aws-eusc`).
  "eusc-de-east-1",
];

const KNOWN = new Set(IDENTITY_CENTER_REGIONS);

/**
 * The shape of an AWS region name, e.g. eu-west-1, us-gov-west-1, cn-north-1, and the European
 * Sovereign Cloud's eusc-de-east-1 (the SDK's partition rule: eusc-{country}-{area}-{n}).
 */
export const REGION_SHAPE = /^(?:[a-z]{2}(?:-gov)?|eusc-[a-z]{2})-[a-z]+-\d{1,2}$/;

export function isKnownRegion(region: string): boolean {
  return KNOWN.has(region);
}

export function partitionOf(region: string): Partition {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}

/**
 * Regions whose services role credentials can be used with: every IAM Identity Center region, and
 * the few commercial regions it does not run in yet.
 */
export const AWS_REGIONS: readonly string[] = [...IDENTITY_CENTER_REGIONS, "ap-southeast-6"];
const KNOWN_AWS = new Set(AWS_REGIONS);

/**
 * What a region is for: signing in (`identity-center`: the instance's own region) or using a
 * role's credentials (`aws`: any region those work in, e.g. `creds --region`, `exec --region`).
 */
export type RegionUse = "identity-center" | "aws";

/** The known region a typo most likely meant ("eu-wset-1" → "eu-west-1"), within 3 edits. */
export function closestRegion(typed: string, use: RegionUse = "aws"): string | undefined {
  return closestWithin(
    typed.trim().toLowerCase(),
    use === "aws" ? AWS_REGIONS : IDENTITY_CENTER_REGIONS,
    3,
  );
}

/**
 * The one check of a region typed by a user, everywhere one is typed. Returns the trimmed,
 * lower-cased region, or a message that says what to do, with the closest real region.
 */
export function validateRegion(
  input: string,
  use: RegionUse = "identity-center",
): { ok: true; region: string } | { ok: false; message: string } {
  const region = input.trim().toLowerCase();
  if (region === "") {
    return {
      ok: false,
      message:
        use === "identity-center"
          ? "Give the region of your IAM Identity Center instance, e.g. us-east-1 (it is shown on the instance's Settings page)"
          : "Give an AWS region, e.g. us-east-1",
    };
  }
  const near = closestRegion(region, use);
  const suggestion = near ? `; did you mean ${near}?` : "";
  if (!REGION_SHAPE.test(region)) {
    return {
      ok: false,
      message: `The region must look like us-east-1 or eu-west-1 (got '${input.trim()}')${suggestion}`,
    };
  }
  if (use === "aws" ? !KNOWN_AWS.has(region) : !isKnownRegion(region)) {
    return {
      ok: false,
      message:
        use === "identity-center"
          ? `IAM Identity Center does not run in '${region}' as far as SSO Tray knows${suggestion || "; use the region shown on your instance's Settings page (e.g. us-east-1)"}`
          : `'${region}' is not an AWS region SSO Tray knows${suggestion || "; give one such as us-east-1 or eu-west-1"}`,
    };
  }
  return { ok: true, region };
}
