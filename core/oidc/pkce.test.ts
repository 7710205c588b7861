import { describe, expect, it } from "vitest";
import { codeChallenge, codeVerifier, newState } from "./pkce.js";

describe("PKCE values", () => {
  it("computes the S256 challenge of RFC 7636 appendix B", () => {
    expect(codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes 64-character verifiers from the unreserved alphabet, different every time", () => {
    const a = codeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9._~-]{64}$/);
    expect(codeVerifier()).not.toBe(a);
    expect(newState()).not.toBe(newState());
  });
});
