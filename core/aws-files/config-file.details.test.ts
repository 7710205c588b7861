// Details of reading and editing ~/.aws/config that the broader tests beside this one pass over:
// where a section is found, what an error says, nested values and line endings.
import { describe, expect, it } from "vitest";
import { ACCEPTED } from "../../test-support/config-cases.js";
import { applySectionEdits, hasSection, parseConfig, upsertSection } from "./config-file.js";

function syntaxError(text: string, source?: string): Error {
  try {
    parseConfig(text, source);
  } catch (error) {
    return error as Error;
  }
  throw new Error("parsed without an error");
}

describe("config file details", () => {
  it("finds a section only by its kind and its name together", () => {
    const text = "[profile dev]\na = 1\n[sso-session acme]\nb = 2\n";
    expect(hasSection(text, "profile", "dev")).toBe(true);
    expect(hasSection(text, "sso-session", "acme")).toBe(true);
    expect(hasSection(text, "sso-session", "dev")).toBe(false);
    expect(hasSection(text, "profile", "acme")).toBe(false);
    expect(hasSection("", "profile", "dev")).toBe(false);
  });

  it("names the file, or says which file when it has no name, and cuts a long line short", () => {
    const error = syntaxError(`[default]\n${"x".repeat(200)}\n`);
    expect(error.name).toBe("ConfigSyntaxError");
    expect(error.message).toBe(
      `The AWS config file line 2: expected 'key = value' or a [section] header, got '${"x".repeat(80)}'. Fix or remove that line; SSO Tray has not changed the file.`,
    );
    expect(syntaxError(`${"k".repeat(100)} = 1\n`).message).toContain(
      `'${"k".repeat(80)}' comes before any [section] header`,
    );
  });

  it("names the section of a repeated key as it is written", () => {
    expect(syntaxError("[default]\nx = 1\nx = 2\n").message).toContain(
      "the key 'x' appears twice in [default]",
    );
    expect(syntaxError("[plain]\nx = 1\nx = 2\n").message).toContain(
      "the key 'x' appears twice in [plain]",
    );
    expect(syntaxError("[profile p]\nx = 1\nx = 2\n").message).toContain(
      "the key 'x' appears twice in [profile p]",
    );
  });

  it("reads keys with spaces around them and nested blocks line by line, keeping a header's spaces", () => {
    const [section] = parseConfig(ACCEPTED.spacedHeaderAndKeys);
    // configparser keeps the spaces inside the brackets: botocore sees no profile here.
    expect(section).toMatchObject({ kind: "other", header: "  profile   dev  " });
    expect(section!.values.region).toBe("eu-west-1");
    // Nested keys keep their case: botocore lowercases only the keys of a section.
    expect(section!.nested.s3).toEqual({
      Max_Concurrent_Requests: "20",
      multipart_threshold: "64MB",
    });
    expect(section!.values.s3!.split("\n")).toHaveLength(2);
  });

  it("reads blank lines inside a value as configparser does, and skips them in a nested block", () => {
    expect(parseConfig(ACCEPTED.continuationWithBlank)[0]!.values).toEqual({
      ca_bundle: "first\n\nsecond",
      region: "x",
    });
    expect(parseConfig(ACCEPTED.nestedWithBlank)[0]!.nested.s3).toEqual({ a: "1", b: "2" });
  });

  it("strips the spaces Python strips, which are not JavaScript's", () => {
    // U+3000 is an indent to Python: that line continues the value above it.
    expect(parseConfig(ACCEPTED.unicodeSpaces)[0]!.values).toEqual({
      region: "x\noutput = json",
    });
    expect(parseConfig(ACCEPTED.fileSeparatorIsSpace)[0]!.values.region).toBe("x");
    expect(parseConfig(ACCEPTED.lineSeparatorInValue)[0]!.values.note).toBe("a\u2028b");
  });

  it("keeps a value that continues on the next lines as one value with its line breaks", () => {
    const [section] = parseConfig(ACCEPTED.continuation);
    expect(section!.values.ca_bundle!.split("\n")).toHaveLength(3);
    expect(section!.values.ca_bundle!.startsWith("first\n")).toBe(true);
  });

  it("writes new lines with the line ending most of the file uses, LF on a tie", () => {
    expect(upsertSection(ACCEPTED.bareCr, "profile", "q", { k: "v" })).toBe(
      `${ACCEPTED.bareCr}\r[profile q]\rk = v\r`,
    );
    expect(upsertSection("[a]\r\nx = 1\n", "profile", "p", { k: "v" })).toBe(
      "[a]\r\nx = 1\n\n[profile p]\nk = v\n",
    );
    expect(upsertSection("[a]\r\nx = 1\r\ny = 2\n", "profile", "p", { k: "v" })).toBe(
      "[a]\r\nx = 1\r\ny = 2\n\r\n[profile p]\r\nk = v\n",
    );
  });

  it("removes a section at the top of the file without taking anything before it", () => {
    const text = "[profile gone]\na = 1\n\n[default]\nregion = x\n";
    expect(applySectionEdits(text, [{ kind: "profile", name: "gone", remove: true }])).toBe(
      "\n[default]\nregion = x\n",
    );
    expect(applySectionEdits(text, [{ kind: "profile", name: "absent", remove: true }])).toBe(text);
  });

  it("rewrites a multi-line value as one line, dropping its old continuation lines", () => {
    const text = "[profile p]\nca_bundle = first\n  second\nregion = x\n";
    expect(upsertSection(text, "profile", "p", { ca_bundle: "one" })).toBe(
      "[profile p]\nca_bundle = one\nregion = x\n",
    );
    // A line break in a value would change the file's meaning: refused, nothing written.
    expect(() => upsertSection(text, "profile", "p", { ca_bundle: "first\nsecond" })).toThrow(
      /will not write ca_bundle .* line break/,
    );
  });
});

describe("names an edit may write", () => {
  it("refuses a profile or sso-session name botocore would read as another name, or none", () => {
    for (const name of ['"dev"', "my dev", "it's", "a\\b"])
      expect(() => upsertSection("", "profile", name, { region: "x" })).toThrow(
        /will not write the section \[profile .*\]: the AWS CLI would not read it as the profile/,
      );
    expect(() => upsertSection("", "sso-session", "a b", { x: "1" })).toThrow(/sso-session/);
    expect(upsertSection("", "profile", "dev.team-1_x", { region: "x" })).toBe(
      "[profile dev.team-1_x]\nregion = x\n",
    );
  });
});
