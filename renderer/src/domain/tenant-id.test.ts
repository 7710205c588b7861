import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tenantIdSchema } from "../../../shared/api.js";
import { tenantIdProblem } from "./tenant-id.js";

describe("tenantIdProblem", () => {
  it("accepts what main's schema accepts, with its message for what it refuses", () => {
    for (const id of ["aa-sim", "aa-", "aa-0123456789abcdefghij-", " aa-x "]) {
      expect(tenantIdProblem(id)).toBeUndefined();
    }
    for (const id of ["AA-sim", "aa_sim", "bb-sim", "aa-Sim", "aa-0123456789abcdefghijk-", "aa"]) {
      const problem = tenantIdProblem(id);
      expect(problem).toBe(tenantIdSchema.safeParse(id).error?.issues[0]?.message);
    }
  });

  it("answers as tenantIdSchema for any text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^aa-[a-z0-9A-Z_-]{0,24}$/)), (id) => {
        if (id.trim() === "") return;
        expect(tenantIdProblem(id) === undefined).toBe(tenantIdSchema.safeParse(id).success);
      }),
    );
  });

  it("leaves an empty field alone: no tenant is a choice", () => {
    expect(tenantIdProblem("")).toBeUndefined();
    expect(tenantIdProblem("  ")).toBeUndefined();
  });
});
