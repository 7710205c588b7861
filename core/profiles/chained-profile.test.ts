// Chained profiles read as botocore reads them: the chain from a profile down to its SSO profile,
// and the ways a chain can be wrong, each named.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../aws-files/config-file.js";
import { ProfileError, resolveProfile } from "./chained-profile.js";

const CONFIG = "/home/me/.aws/config";
const ARN = (name: string) => `arn:aws:iam::222222222222:role/${name}`;

/** `[profile name]` sections chaining each name to the next as its source_profile. */
function chain(...names: string[]): string {
  return names
    .slice(0, -1)
    .map((n, i) => `[profile ${n}]\nrole_arn = ${ARN(n)}\nsource_profile = ${names[i + 1]}\n`)
    .join("\n");
}

const SSO = `[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n[profile sso]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Dev\n`;

describe("a chained profile", () => {
  it("is resolved to its SSO role and the roles assumed after it, in order", () => {
    const resolved = resolveProfile(
      parseConfig(`${SSO}\n${chain("c", "b", "a", "sso")}`),
      "c",
      CONFIG,
    );
    expect(resolved).toMatchObject({
      kind: "chained",
      base: { profile: "sso", accountId: "111111111111", roleName: "Dev" },
      steps: [{ profile: "a" }, { profile: "b" }, { profile: "c" }],
    });
  });

  it("names a loop that comes back to a profile after the first", () => {
    const text = `${chain("a", "b", "c", "b")}`;
    const attempt = () => resolveProfile(parseConfig(text), "a", CONFIG);
    expect(attempt).toThrow(ProfileError);
    expect(attempt).toThrow(
      "The profiles 'a' → 'b' → 'c' → 'b' name each other as source_profile in a loop; end the chain at an SSO profile",
    );
  });

  it("names a profile that is its own source as a loop", () => {
    const text = chain("a", "a");
    expect(() => resolveProfile(parseConfig(text), "a", CONFIG)).toThrow(
      "The profiles 'a' → 'a' name each other as source_profile in a loop",
    );
  });

  it("takes ten roles, and refuses an eleventh as too long a chain", () => {
    const names = Array.from({ length: 11 }, (_, i) => `r${i}`);
    const ten = resolveProfile(
      parseConfig(`${SSO}\n${chain(...names.slice(1), "sso")}`),
      "r1",
      CONFIG,
    );
    expect(ten.kind === "chained" && ten.steps).toHaveLength(10);
    expect(() =>
      resolveProfile(parseConfig(`${SSO}\n${chain(...names, "sso")}`), "r0", CONFIG),
    ).toThrow("The profile 'r0' chains more than 10 roles; shorten the chain");
  });
});
