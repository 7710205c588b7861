import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCEPTED,
  configFile,
  REFUSED,
  SAMPLE,
  value,
  word,
} from "../../test-support/config-cases.js";
import {
  applySectionEdits,
  ConfigSyntaxError,
  effectiveSections,
  parseConfig,
  removeSection,
  upsertSection,
} from "./config-file.js";

describe("parseConfig", () => {
  it("reads every kind of section, ':' and '=' keys, nested blocks, and keeps inline '#' in values", () => {
    const sections = parseConfig(SAMPLE);
    expect(sections.map((s) => [s.kind, s.name, s.line])).toEqual([
      ["default", "default", 2],
      ["profile", "legacy", 7],
      ["sso-session", "acme", 14],
      ["services", "local", 18],
      ["other", "plain", 21],
    ]);
    const legacy = sections[1]!;
    expect(legacy.values.sso_region).toBe("us-east-1");
    expect(legacy.nested.s3).toEqual({
      max_concurrent_requests: "20",
      multipart_threshold: "64MB",
    });
    expect(sections[3]!.nested.dynamodb).toEqual({ endpoint_url: "http://localhost:8000" });
    expect(sections[4]!.values.key).toBe("a value # not a comment for botocore");
  });

  it("reads CRLF and CR files, and refuses a byte order mark as the AWS CLI does", () => {
    expect(parseConfig(ACCEPTED.crlf)[0]).toMatchObject({
      kind: "default",
      values: { region: "us-west-2" },
    });
    expect(parseConfig(ACCEPTED.bareCr).map((s) => [s.name, s.values])).toEqual([
      ["default", { region: "x" }],
      ["p", { a: "1" }],
    ]);
    expect(() => parseConfig(REFUSED.bom, "~/.aws/config")).toThrow(
      "~/.aws/config line 1: the file starts with a byte order mark (BOM), which the AWS CLI cannot read. Save the file as UTF-8 without a BOM; SSO Tray has not changed the file.",
    );
    expect(() => parseConfig(REFUSED.bomBeforeComment)).toThrow(/byte order mark/);
  });

  it("reports a malformed line with its number and what to do", () => {
    const error = (() => {
      try {
        parseConfig(REFUSED.notASetting, "~/.aws/config");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    expect((error as ConfigSyntaxError).line).toBe(3);
    expect((error as Error).message).toMatch(
      /^~\/\.aws\/config line 3: expected 'key = value'.*SSO Tray has not changed the file/,
    );
  });

  it("refuses keys before any section, duplicate sections and duplicate keys, as the AWS CLI does", () => {
    expect(() => parseConfig(REFUSED.keyBeforeSection)).toThrow(/line 1: .*before any \[section\]/);
    expect(() => parseConfig(REFUSED.sectionTwice)).toThrow(/line 3: .*appears twice/);
    expect(() => parseConfig(REFUSED.defaultTwice)).toThrow(/line 3: .*\[default\] appears twice/);
    expect(() => parseConfig(REFUSED.keyTwice)).toThrow(/line 3: the key 'x' appears twice/);
    expect(() => parseConfig(REFUSED.keyTwiceInDefaults)).toThrow(
      /line 4: the key 'x' appears twice in \[DEFAULT\]/,
    );
    expect(() => parseConfig(REFUSED.emptyKey)).toThrow(/line 2: expected 'key = value'/);
  });

  it("refuses a nested line without '=', as botocore does, naming that line", () => {
    expect(() => parseConfig(REFUSED.nestedWithoutEquals)).toThrow(
      /^The AWS config file line 3: 'max_concurrent_requests 20' is inside the nested 's3 =' block, where every line must be 'key = value' with '='/,
    );
    expect(() => parseConfig(REFUSED.nestedWithColon)).toThrow(
      /line 4: 'addressing_style: path' is inside the nested 's3 =' block/,
    );
    // [DEFAULT]'s nested block is read for every section that inherits it, and only then.
    expect(() => parseConfig(REFUSED.inheritedNestedWithoutEquals)).toThrow(/line 3: 'oops'/);
    expect(parseConfig(ACCEPTED.defaultsOnly)).toHaveLength(1);
    expect(parseConfig(ACCEPTED.nestedColonInValue)[0]!.nested.s3).toEqual({ "a: b": "c" });
  });

  it("accepts [DEFAULT] more than once, and sections that name the same profile, as botocore does", () => {
    const defaults = parseConfig(ACCEPTED.defaultsTwice);
    expect(defaults.map((s) => [s.kind, s.header])).toEqual([
      ["defaults", "DEFAULT"],
      ["profile", "profile a"],
      ["defaults", "DEFAULT"],
    ]);
    const twice = parseConfig(ACCEPTED.doubleSpaceProfile);
    expect(twice.map((s) => [s.kind, s.name, s.header])).toEqual([
      ["profile", "euw2", "profile  euw2"],
      ["profile", "euw2", "profile euw2"],
    ]);
    // botocore keeps the last one.
    expect(effectiveSections(twice).map((s) => s.values.region)).toEqual(["eu-west-2"]);
    expect(effectiveSections(parseConfig(ACCEPTED.defaultTwoWays))).toHaveLength(1);
  });

  it("names profiles as botocore does: split like a shell command, exactly two words", () => {
    const names = (text: string) => parseConfig(text).map((s) => [s.kind, s.name]);
    expect(names(ACCEPTED.quotedProfile)).toEqual([["profile", "dev"]]);
    expect(names(ACCEPTED.quotedWithSpace)).toEqual([["profile", "my dev"]]);
    expect(names(ACCEPTED.quotedAndPlain)).toEqual([
      ["profile", "dev"],
      ["profile", "dev"],
    ]);
    expect(names(ACCEPTED.threeWordProfile)).toEqual([["other", "profile a b"]]);
    expect(names(ACCEPTED.unbalancedQuote)).toEqual([["other", 'profile "dev']]);
    expect(names(ACCEPTED.profilesPrefix)).toEqual([
      ["profile", "x"],
      ["other", "profilex"],
    ]);
    expect(names(ACCEPTED.spacedDefault)).toEqual([["other", " default "]]);
    expect(names(ACCEPTED.textAfterHeader)).toEqual([
      ["profile", "a"],
      ["other", "b] x "],
    ]);
  });
});

describe("upsertSection and removeSection", () => {
  it("changes only the value of an existing key, keeping its spacing, and appends missing keys to the section", () => {
    const text = "[sso-session acme]\nsso_region=eu-west-1   \n# note\n\n[default]\nregion = x\n";
    const out = upsertSection(text, "sso-session", "acme", {
      sso_region: "us-east-1",
      sso_registration_scopes: "sso:account:access",
    });
    expect(out).toBe(
      "[sso-session acme]\nsso_region=us-east-1\nsso_registration_scopes = sso:account:access\n# note\n\n[default]\nregion = x\n",
    );
  });

  it("appends a new section after one blank line with the file's line ending, and removal restores the bytes", () => {
    const text = "[default]\r\nregion = x\r\n";
    const out = upsertSection(text, "profile", "dev", { sso_session: "acme" });
    expect(out).toBe("[default]\r\nregion = x\r\n\r\n[profile dev]\r\nsso_session = acme\r\n");
    expect(removeSection(out, "profile", "dev")).toBe(text);
  });

  it("keeps a file without a final line break that way", () => {
    const text = "[default]\nregion = x";
    const out = upsertSection(text, "profile", "dev", { a: "1" });
    expect(out).toBe("[default]\nregion = x\n\n[profile dev]\na = 1");
    expect(removeSection(out, "profile", "dev")).toBe(text);
  });

  it("adds keys to a last section without a final line break on lines of their own", () => {
    const text = "[default]\nregion = x\n\n[profile p]\na = 1";
    const out = upsertSection(text, "profile", "p", { b: "2", c: "3" });
    expect(out).toBe("[default]\nregion = x\n\n[profile p]\na = 1\nb = 2\nc = 3");
    expect(parseConfig(out).at(-1)?.values).toEqual({ a: "1", b: "2", c: "3" });
    const crlf = "[profile p]\r\na = 1\r\n[profile q]\r\na = 1";
    expect(upsertSection(crlf, "profile", "q", { b: "2" })).toBe(
      "[profile p]\r\na = 1\r\n[profile q]\r\na = 1\r\nb = 2",
    );
  });

  it("removes keys not asked for in exact mode but keeps comments", () => {
    const text = "[profile p]\nsso_session = a\n# mine\nsso_role_name = R\n";
    expect(upsertSection(text, "profile", "p", { credential_process: "x" }, { exact: true })).toBe(
      "[profile p]\n# mine\ncredential_process = x\n",
    );
  });
});

// ---- property tests ---------------------------------------------------------------------------

describe("editing random valid config files", () => {
  it("adding then removing generated sections gives back the original bytes", () => {
    fc.assert(
      fc.property(
        configFile,
        fc.uniqueArray(word, { minLength: 1, maxLength: 4 }),
        (text, names) => {
          const fresh = names.filter(
            (n) => !parseConfig(text).some((s) => s.kind === "profile" && s.name === `gen-${n}`),
          );
          let edited = text;
          for (const name of fresh)
            edited = upsertSection(edited, "profile", `gen-${name}`, {
              sso_session: "s",
              sso_role_name: "R",
            });
          for (const name of [...fresh].reverse())
            edited = removeSection(edited, "profile", `gen-${name}`);
          expect(edited).toBe(text);
          edited = text;
          for (const name of fresh)
            edited = upsertSection(edited, "profile", `gen-${name}`, { sso_session: "s" });
          for (const name of fresh) edited = removeSection(edited, "profile", `gen-${name}`);
          expect(edited).toBe(text);
          // The same in one batch each way, as populate and remove do.
          const added = applySectionEdits(
            text,
            fresh.map((n) => ({ kind: "profile" as const, name: `gen-${n}`, values: { a: "1" } })),
          );
          const removed = applySectionEdits(
            added,
            fresh.map((n) => ({
              kind: "profile" as const,
              name: `gen-${n}`,
              remove: true as const,
            })),
          );
          expect(removed).toBe(text);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("upserting is idempotent, adds what was asked and leaves every other section as it parsed", () => {
    fc.assert(
      fc.property(
        configFile,
        word,
        fc.dictionary(word, value, { minKeys: 1, maxKeys: 4 }),
        (text, name, values) => {
          const once = upsertSection(text, "sso-session", name, values);
          expect(upsertSection(once, "sso-session", name, values)).toBe(once);
          const after = parseConfig(once);
          const section = after.find((s) => s.kind === "sso-session" && s.name === name);
          for (const [k, v] of Object.entries(values)) expect(section?.values[k]).toBe(v);
          const others = (sections: ReturnType<typeof parseConfig>) =>
            sections
              .filter((s) => !(s.kind === "sso-session" && s.name === name))
              .map(({ line: _line, ...rest }) => rest);
          expect(others(after)).toEqual(others(parseConfig(text)));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
