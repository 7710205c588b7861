// The config files the parser tests read, in one place, so that the botocore parity test reads
// every one of them with botocore's own parser too: each case is something a test here asserts,
// and botocore is the judge of whether we read it as it does.
import fc from "fast-check";

export const SAMPLE = [
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

/** Files botocore reads, each with what the tests expect of it. */
export const ACCEPTED = {
  sample: SAMPLE,
  crlf: "[default]\r\nregion = us-west-2\r\n",
  bareCr: "[default]\rregion = x\r\r[profile p]\ra = 1\r",
  emptyFile: "",
  commentsOnly: "# nothing yet\n; really\n",
  spacedHeaderAndKeys:
    "[  profile   dev  ]\n  region   =   eu-west-1  \ns3 =\n  Max_Concurrent_Requests = 20\n  multipart_threshold=64MB\n",
  continuation: "[default]\nca_bundle = first\n  second\n  third\n",
  continuationWithBlank: "[default]\nca_bundle = first\n\n  second\n\nregion = x\n",
  nestedWithBlank: "[default]\ns3 =\n\n  a = 1\n\n  b = 2\n",
  nestedColonInValue: "[default]\ns3 =\n  a: b = c\n",
  defaultsTwice: "[DEFAULT]\nregion = eu-west-1\n[profile a]\nx = 1\n[DEFAULT]\noutput = json\n",
  defaultsOnly: "[DEFAULT]\ns3 =\n  no equals sign\n",
  doubleSpaceProfile: "[profile  euw2]\nregion = eu-west-1\n\n[profile euw2]\nregion = eu-west-2\n",
  quotedProfile: '[profile "dev"]\nregion = eu-west-1\n',
  quotedAndPlain: "[profile dev]\nregion = a\n[profile 'dev']\nregion = b\n",
  quotedWithSpace: '[profile "my dev"]\nregion = eu-west-1\n',
  threeWordProfile: "[profile a b]\nregion = x\n",
  unbalancedQuote: '[profile "dev]\nregion = x\n',
  profilesPrefix: "[profiles x]\nregion = x\n[profilex]\nregion = y\n",
  defaultTwoWays: "[profile default]\nregion = a\n[default]\nregion = b\n",
  spacedDefault: "[ default ]\nregion = x\n",
  textAfterHeader: "[profile a] ; note\nregion = x\n[b] x ]\ny = 1\n",
  indentedHeaderIsContinuation: "[profile a]\nregion = x\n  [profile b]\n",
  indentedComment: "[profile a]\n  # note\nregion = x\n",
  inlineHash: "[profile a]\nregion = x # not a comment\n",
  unicodeSpaces: "[profile a]\nregion =\u00a0x\u00a0\n\u3000output = json\n",
  fileSeparatorIsSpace: "[profile a]\nregion = x\u001c\n",
  lineSeparatorInValue: "[profile a]\nnote = a\u2028b\n",
  noFinalNewline: "[default]\nregion = x",
  upperCaseKeys: "[profile a]\nRegion = x\n",
} as const;

/** Files botocore refuses; SSO Tray must refuse them too, naming the line. */
export const REFUSED = {
  bom: "\uFEFF[default]\r\nregion = us-west-2\r\n",
  bomBeforeComment: "\uFEFF# hello\n[default]\n",
  notASetting: "[default]\nregion = x\nthis is not a setting\n",
  keyBeforeSection: "region = x\n",
  sectionTwice: "[profile a]\nx = 1\n[profile a]\n",
  keyTwice: "[profile a]\nx = 1\nX = 2\n",
  keyTwiceInDefaults: "[DEFAULT]\nx = 1\n[DEFAULT]\nx = 2\n",
  defaultTwice: "[default]\nx = 1\n[default]\ny = 2\n",
  nestedWithoutEquals: "[default]\ns3 =\n  max_concurrent_requests 20\n",
  nestedWithColon: "[profile p]\nregion = x\ns3 =\n  addressing_style: path\n",
  inheritedNestedWithoutEquals: "[DEFAULT]\ns3 =\n  oops\n[profile a]\n",
  emptyKey: "[default]\n= x\n",
} as const;

/** Bytes that are not UTF-8 text, which botocore cannot decode. */
export const REFUSED_BYTES = {
  latin1Comment: Buffer.from("# caf\xe9\n[default]\nregion = x\n", "latin1"),
  utf16le: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("[default]\n", "utf16le")]),
  utf16be: Buffer.concat([
    Buffer.from([0xfe, 0xff]),
    Buffer.from("[default]\n", "utf16le").swap16(),
  ]),
  truncatedSequence: Buffer.concat([Buffer.from("[default]\nx = "), Buffer.from([0xe2, 0x82])]),
} as const;

// ---- random files botocore accepts ------------------------------------------------------------

export const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
export const value = fc.stringMatching(/^[A-Za-z0-9:/._@#;= -]{0,20}$/).map((v) => v.trim());
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
  word.map((w) => `profile  ${w}`),
  word.map((w) => `profile "${w}"`),
  word.map((w) => `sso-session ${w}`),
  word.map((w) => `services ${w}`),
  fc.constant("DEFAULT"),
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

/**
 * Random files botocore accepts: unique headers ([DEFAULT] may repeat, its keys may not), keys
 * unique per section, any line ending, with or without a final one.
 */
export const configFile = fc
  .tuple(
    fc.array(sectionGen, { maxLength: 6 }),
    fc.array(comment, { maxLength: 2 }),
    fc.constantFrom("\n", "\r\n", "\r"),
    fc.boolean(),
  )
  .map(([sections, preamble, eol, finalEol]) => {
    const seen = new Set<string>();
    const defaultKeys = new Set<string>();
    const lines: string[] = [...preamble];
    for (const [head, entries, trailer] of sections) {
      if (seen.has(head) && head !== "DEFAULT") continue;
      seen.add(head);
      lines.push(`[${head}]`);
      const keys = head === "DEFAULT" ? defaultKeys : new Set<string>();
      for (const entry of entries) {
        if (entry.key && keys.has(entry.key)) continue;
        if (entry.key) keys.add(entry.key);
        lines.push(...entry.text.split("\n"));
      }
      lines.push(...trailer);
    }
    return lines.join(eol) + (finalEol && lines.length ? eol : "");
  });
