import { describe, expect, it } from "vitest";
import {
  checkedCredentials,
  displayText,
  isAccountId,
  isRoleName,
  printable,
} from "./portal-shapes.js";

describe("portal shapes", () => {
  it("takes 12-digit account ids only", () => {
    expect(isAccountId("111111111111")).toBe(true);
    for (const bad of [
      "11111111111",
      "1111111111111",
      "222222222222$(id)",
      "111111111111\n",
      "١١١١١١١١١١١١",
      111111111111,
    ])
      expect(isAccountId(bad), String(bad)).toBe(false);
  });

  it("takes IAM role names: letters, digits and _+=,.@- up to 64", () => {
    expect(isRoleName("AWSReservedSSO_Admin+1=2,3.4@5-6")).toBe(true);
    expect(isRoleName("a".repeat(64))).toBe(true);
    for (const bad of [
      "",
      "a".repeat(65),
      "Admin Role",
      "Admin\n[profile x]",
      "R$(id)",
      "R`id`",
      'R"',
      "R'",
      "Rôle",
    ])
      expect(isRoleName(bad), bad).toBe(false);
  });

  it("shows text without controls, escapes or bidi overrides", () => {
    expect(printable("\x1b]0;title\x07\x1b[31mred\x1b[0m")).toBe("]0;title [31mred [0m");
    expect(printable("a\r\nb\tc\u0085d\u2028e")).toBe("a b c d e");
    expect(printable("report\u202egpj.exe\u2066x\u2069")).toBe("reportgpj.exex");
    expect(printable("Café 東京 😀")).toBe("Café 東京 😀");
    expect(displayText("x".repeat(1000))).toHaveLength(256);
    // Characters that show as nothing: zero-width space and word joiner, soft hyphen, combining
    // grapheme joiner, Mongolian vowel separator, Hangul filler, tag characters, an invisible
    // plus, a variation selector, a byte-order mark.
    expect(
      displayText(
        "team-\u200bsand\u2060b\u00ado\u034fx\u180e\u3164\u{E0001}\u{E0041}\u{E007F}\u2064\ufe0f\ufeff",
      ),
    ).toBe("team-sandbox");
    // A name of nothing visible is no name: the account id stands in for it.
    expect(displayText("\u200b\u3164")).toBe("");
    expect(displayText(undefined)).toBe("");
  });

  it("takes credentials that look like AWS credentials, with a real expiry", () => {
    const good = {
      accessKeyId: "ASIAEXAMPLE123456789",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==",
      expiration: 1_900_000_000_000,
    };
    expect(checkedCredentials(good)?.expiration).toBe(new Date(1_900_000_000_000).toISOString());
    for (const patch of [
      { accessKeyId: "asiaexample123456789" },
      { accessKeyId: "ASIA" },
      { secretAccessKey: "wJalrXUtnFEMI K7MDENG+bPxRfiCYEXAMPLEKEY" },
      { sessionToken: "IQoJb3JpZ2luX2Vj\nexport X=1" },
      { expiration: Number.NaN },
      { expiration: Number.POSITIVE_INFINITY },
      { expiration: 1e20 },
      { expiration: "1900000000000" },
    ])
      expect(checkedCredentials({ ...good, ...patch }), JSON.stringify(patch)).toBeUndefined();
  });
});
