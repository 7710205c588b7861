// A role reference from the renderer names an entitled role by its ARN: the account and name it
// carries must be the ARN's, so a page cannot ask for one role while showing another.
import { describe, expect, it } from "vitest";
import { roleRefSchema, tenantIdSchema } from "./api.js";

const arn = "arn:aws:iam::111111111111:role/entitled/Deploy";

describe("roleRefSchema", () => {
  it("takes an entitled role whose account and name are its ARN's", () => {
    const ref = { session: "acme", accountId: "111111111111", roleName: "Deploy", roleArn: arn };
    expect(roleRefSchema.parse(ref)).toEqual(ref);
  });

  it("refuses an ARN another account or name, a chained and entitled mix, and a bad ARN", () => {
    const base = { session: "acme", accountId: "111111111111", roleName: "Deploy" };
    for (const ref of [
      { ...base, accountId: "222222222222", roleArn: arn },
      { ...base, roleName: "Admin", roleArn: arn },
      { ...base, roleArn: arn, profile: "p" },
      { ...base, roleArn: `${arn}\n[profile x]` },
      { ...base, roleArn: "arn:aws:iam::111111111111:user/Deploy" },
    ])
      expect(roleRefSchema.safeParse(ref).success, JSON.stringify(ref)).toBe(false);
  });
});

describe("tenantIdSchema", () => {
  it("takes aa- and up to 21 lowercase letters, digits or -", () => {
    expect(tenantIdSchema.parse(" aa-sim ")).toBe("aa-sim");
    for (const bad of ["ab-sim", "aa-Sim", "aa-$(id)", `aa-${"x".repeat(22)}`, ""])
      expect(tenantIdSchema.safeParse(bad).success, bad).toBe(false);
  });
});
