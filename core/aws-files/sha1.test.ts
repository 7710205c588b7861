// The hand-written SHA-1 that names cache files must agree with node:crypto on every input, or
// the AWS CLI and we would look for each other's files under different names.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha1Hex } from "./sha1.js";

const reference = (text: string) => createHash("sha1").update(text, "utf8").digest("hex");

describe("sha1Hex", () => {
  it("matches the published test vectors", () => {
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    );
  });

  it("agrees with node:crypto at every length around a block edge and on any text", () => {
    for (let n = 0; n < 200; n++)
      expect(sha1Hex("é".repeat(n % 3) + "x".repeat(n))).toBe(
        reference("é".repeat(n % 3) + "x".repeat(n)),
      );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(sha1Hex(text)).toBe(reference(text));
      }),
    );
  });
});
