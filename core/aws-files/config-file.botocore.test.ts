// Parity with botocore: every file the parser tests read (config-cases.ts), many random ones, and
// what our editor writes into each, read by botocore's own configloader (raw_config_parse, then
// build_profile_map, as load_config does) and by ours. Both must accept and refuse the same files
// and see the same sections, keys, values, profiles, sso-sessions and services.
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { botocorePython } from "../../simulator/tools.js";
import { ACCEPTED, configFile, REFUSED, REFUSED_BYTES } from "../../test-support/config-cases.js";
import { decodeConfigBytes } from "./config-encoding.js";
import {
  applySectionEdits,
  effectiveSections,
  parseConfig,
  type ConfigSection,
} from "./config-file.js";

const python = botocorePython();

type Value = string | Record<string, string>;
type Pairs = Array<[string, Record<string, Value>]>;
type View =
  { ok: true; raw: Pairs; profiles: Pairs; sso_sessions: Pairs; services: Pairs } | { ok: false };

const READ_WITH_BOTOCORE = `
import base64, json, os, sys, tempfile
from botocore import configloader
folder = tempfile.mkdtemp()
path = os.path.join(folder, "config")
out = []
for encoded in json.load(sys.stdin):
    with open(path, "wb") as f:
        f.write(base64.b64decode(encoded))
    try:
        raw = configloader.raw_config_parse(path)
        built = configloader.build_profile_map(raw)
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__ + ": " + str(e)})
        continue
    pairs = lambda d: [[k, v] for k, v in d.items()]
    out.append({"ok": True, "raw": pairs(raw), "profiles": pairs(built["profiles"]),
                "sso_sessions": pairs(built["sso_sessions"]), "services": pairs(built["services"])})
os.remove(path)
os.rmdir(folder)
json.dump(out, sys.stdout)
`;

function botocoreViews(files: readonly Uint8Array[]): Array<View & { error?: string }> {
  const run = spawnSync(python as string, ["-c", READ_WITH_BOTOCORE], {
    input: JSON.stringify(files.map((bytes) => Buffer.from(bytes).toString("base64"))),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    // botocore decodes with the locale's encoding; UTF-8 is what the AWS CLI v2 and every
    // current system use.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", PYTHONUTF8: "1" },
  });
  if (run.status !== 0) throw new Error(`botocore's parser did not run: ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<View & { error?: string }>;
}

/** What botocore would return, computed from our parse: [DEFAULT]'s keys go into every section. */
function ourView(bytes: Uint8Array): View {
  let sections: ConfigSection[];
  try {
    sections = parseConfig(decodeConfigBytes(bytes, "config"));
  } catch {
    return { ok: false };
  }
  const valuesOf = (section: ConfigSection): Record<string, Value> =>
    Object.fromEntries(
      Object.entries(section.values).map(([k, v]) => [k, section.nested[k] ?? v] as const),
    );
  const defaults: Record<string, Value> = {};
  for (const s of sections) if (s.kind === "defaults") Object.assign(defaults, valuesOf(s));
  const raw = new Map<string, Record<string, Value>>();
  for (const s of sections)
    if (s.kind !== "defaults") raw.set(s.header, { ...defaults, ...valuesOf(s) });
  const named = (kinds: string[]): Pairs =>
    effectiveSections(sections)
      .filter((s) => kinds.includes(s.kind))
      .map((s) => [s.name, raw.get(s.header) ?? {}]);
  return {
    ok: true,
    raw: [...raw],
    profiles: named(["profile", "default"]),
    sso_sessions: named(["sso-session"]),
    services: named(["services"]),
  };
}

/** A generated profile added to a file botocore reads: it must read it, and nothing else changed. */
function withGenerated(text: string): string {
  return applySectionEdits(text, [
    { kind: "profile", name: "ssotray-gen", values: { sso_session: "acme", region: "eu-west-1" } },
  ]);
}

const utf8 = (text: string) => Buffer.from(text, "utf8");

describe.skipIf(!python)("the parser and botocore's configloader", () => {
  it("accept, refuse and read every case the parser tests use the same way", () => {
    const cases: Array<[string, Uint8Array]> = [
      ...Object.entries(ACCEPTED).map(([name, text]) => [name, utf8(text)] as [string, Uint8Array]),
      ...Object.entries(REFUSED).map(([name, text]) => [name, utf8(text)] as [string, Uint8Array]),
      ...Object.entries(REFUSED_BYTES),
    ];
    const theirs = botocoreViews(cases.map(([, bytes]) => bytes));
    cases.forEach(([name, bytes], i) => {
      const { error: _error, ...view } = theirs[i] as View & { error?: string };
      expect({ name, ...ourView(bytes) }).toEqual({ name, ...view });
    });
    // The lists say which side each case falls on, and botocore agrees with them.
    expect(theirs.map((v) => v.ok)).toEqual(cases.map(([name]) => name in ACCEPTED));
  });

  it("read random files, and the same files with a generated profile added, the same way", () => {
    const files = fc.sample(configFile, { numRuns: 400, seed: 20_261_126 });
    const edited = files.filter((text) => !text.includes("ssotray-gen")).map(withGenerated);
    const all = [...files, ...edited].map(utf8);
    const theirs = botocoreViews(all);
    all.forEach((bytes, i) => {
      const { error: _error, ...view } = theirs[i] as View & { error?: string };
      expect(ourView(bytes), new TextDecoder().decode(bytes)).toEqual(view);
    });
    for (const view of theirs.slice(files.length)) {
      expect(view.ok).toBe(true);
      if (view.ok)
        expect(view.profiles.find(([name]) => name === "ssotray-gen")?.[1]).toMatchObject({
          sso_session: "acme",
          region: "eu-west-1",
        });
    }
  });

  it("see the generated profile in every accepted case once it is added", () => {
    const edited = Object.values(ACCEPTED).map((text) => utf8(withGenerated(text)));
    const theirs = botocoreViews(edited);
    edited.forEach((bytes, i) => {
      const { error: _error, ...view } = theirs[i] as View & { error?: string };
      expect(ourView(bytes), new TextDecoder().decode(bytes)).toEqual(view);
    });
  });
});
