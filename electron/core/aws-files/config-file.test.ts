import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applySectionEdits,
  ConfigSyntaxError,
  parseConfig,
  removeSection,
  upsertSection,
} from "./config-file.js";

const SAMPLE = [
  "# my settings",
  "[default]",
  "region = eu-west-1",
  "output=json",
  "",
  "; legacy SSO profile",
  "[profile legacy]",
  "sso_start_url = https://acme.awsapps.com/start",
  "sso_region: us-east-1",
  "s3 =",
  "    max_concurrent_requests = 20",
  "    multipart_threshold = 64MB",
  "",
  "[sso-session acme]",
  "sso_start_url = https://acme.awsapps.com/start",
  "sso_region = eu-west-1",
  "",
  "[services local]",
  "dynamodb =",
  "  endpoint_url = http://localhost:8000",
  "[plain]",
  "key = a value # not a comment for botocore",
].join("\n");

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

  it("reads CRLF files and a BOM", () => {
    const sections = parseConfig("\uFEFF[default]\r\nregion = us-west-2\r\n");
    expect(sections[0]).toMatchObject({ kind: "default", values: { region: "us-west-2" } });
  });

  it("reports a malformed line with its number and what to do", () => {
    const error = (() => {
      try {
        parseConfig("[default]\nregion = x\nthis is not a setting\n", "~/.aws/config");
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
    expect(() => parseConfig("region = x\n")).toThrow(/line 1: .*before any \[section\]/);
    expect(() => parseConfig("[profile a]\nx = 1\n[profile a]\n")).toThrow(
      /line 3: .*appears twice/,
    );
    expect(() => parseConfig("[profile a]\nx = 1\nX = 2\n")).toThrow(
      /line 3: the key 'x' appears twice/,
    );
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

const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
const value = fc.stringMatching(/^[A-Za-z0-9:/._@#;= -]{0,20}$/).map((v) => v.trim());
const comment = fc.tuple(fc.constantFrom("#", ";", "  #"), value).map(([p, v]) => `${p} ${v}`);
const keyLine = fc
  .tuple(word, fc.constantFrom(" = ", "=", " =", ": ", " : "), value)
  .map(([k, sep, v]) => ({ key: k, text: `${k}${sep}${v}` }));
const nestedBlock = fc
  .tuple(
    word,
    fc.array(fc.tuple(word, value), { minLength: 1, maxLength: 3 }),
    fc.constantFrom("  ", "    ", "\t"),
  )
  .map(([k, inner, indent]) => ({
    key: k,
    text: [`${k} =`, ...inner.map(([ik, iv]) => `${indent}${ik} = ${iv}`)].join("\n"),
  }));
const header = fc.oneof(
  fc.constant("default"),
  word.map((w) => `profile ${w}`),
  word.map((w) => `sso-session ${w}`),
  word.map((w) => `services ${w}`),
  word,
);
const sectionGen = fc.tuple(
  header,
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: keyLine },
      { weight: 1, arbitrary: nestedBlock },
      { weight: 1, arbitrary: comment.map((c) => ({ key: "", text: c })) },
    ),
    { maxLength: 5 },
  ),
  fc.array(fc.oneof(fc.constant(""), comment), { maxLength: 2 }),
);

/** Random files the AWS CLI accepts: unique sections and keys, any line ending, maybe a BOM. */
const configFile = fc
  .tuple(
    fc.array(sectionGen, { maxLength: 6 }),
    fc.array(comment, { maxLength: 2 }),
    fc.constantFrom("\n", "\r\n"),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([sections, preamble, eol, finalEol, bom]) => {
    const seen = new Set<string>();
    const lines: string[] = [...preamble];
    for (const [head, entries, trailer] of sections) {
      if (seen.has(head)) continue;
      seen.add(head);
      lines.push(`[${head}]`);
      const keys = new Set<string>();
      for (const entry of entries) {
        if (entry.key && keys.has(entry.key)) continue;
        if (entry.key) keys.add(entry.key);
        lines.push(...entry.text.split("\n"));
      }
      lines.push(...trailer);
    }
    const text = lines.join(eol) + (finalEol && lines.length ? eol : "");
    return (bom ? "\uFEFF" : "") + text;
  });

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
