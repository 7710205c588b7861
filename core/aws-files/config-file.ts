// ~/.aws/config as text: a parser that accepts exactly what botocore accepts and editors that
// change only the lines they must, so every comment, blank line, ordering and line ending the user
// wrote survives. botocore reads the file with Python's configparser (strict mode: a repeated
// [section] header or key is an error, except that [DEFAULT] may appear again and is inherited by
// every section; '#' and ';' comments on their own lines; '=' or ':' between key and value;
// indented lines continue a value), then names profiles by splitting the header as a shell would
// (`[profile "dev"]` and `[profile  dev]` are both the profile dev, and the last one wins), and
// reads a value that starts on the next line (`s3 =`) as nested `key = value` lines.
import { split as shellSplit } from "shlex";

export type SectionKind =
  | "default"
  | "profile"
  | "sso-session"
  | "services"
  /** configparser's [DEFAULT]: its keys are inherited by every other section. */
  | "defaults"
  | "other";

export interface ConfigSection {
  kind: SectionKind;
  name: string;
  /** What is between the brackets, as written: what tells two sections apart. */
  header: string;
  values: Record<string, string>;
  nested: Record<string, Record<string, string>>;
  /** 1-based line of the [header]. */
  line: number;
}

export class ConfigSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
    readonly source?: string,
    fix = "Fix or remove that line",
  ) {
    super(
      `${source ?? "The AWS config file"} line ${line}: ${problem}. ${fix}; SSO Tray has not changed the file.`,
    );
    this.name = "ConfigSyntaxError";
  }
}

/** What SSO Tray refuses to write: a value that would change the file's shape when read back. */
export class ConfigValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigValueError";
  }
}

interface Line {
  text: string;
  eol: string;
}

interface KeyEntry {
  key: string;
  /** Index of the key's line. */
  line: number;
  /** Index after its last continuation line. */
  end: number;
  value: string;
  /** The continuation lines, stripped; '' for a blank line between two of them. */
  continuation: string[];
  /** Index of each continuation line ('' entries included). */
  continuationLines: number[];
}

interface RawSection {
  kind: SectionKind;
  name: string;
  header: string;
  /** Index of the [header] line. */
  headerLine: number;
  /** Index after the last key or continuation line (comments and blanks after it excluded). */
  contentEnd: number;
  keys: KeyEntry[];
}

const BOM = "\uFEFF";
/** configparser's name for the section whose keys every other section inherits. */
const DEFAULTS_HEADER = "DEFAULT";

// Python's whitespace (str.strip(), str.isspace() and \s in its regular expressions), which
// configparser uses: unlike JavaScript's it includes U+001C–U+001F and U+0085 and excludes U+FEFF.
const PY_SPACE =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
const PY_RSTRIP = new RegExp(`[${PY_SPACE}]+$`);
const PY_NONSPACE = new RegExp(`[^${PY_SPACE}]`);
/** configparser's OPTCRE: the key is everything before the first '=' or ':'. */
const OPTION = new RegExp(`^(.*?)[${PY_SPACE}]*([=:])[${PY_SPACE}]*(.*)$`, "s");
/** configparser's SECTCRE, matched at the start of the stripped line: up to the last ']'. */
const SECTION = /^\[(.+)\]/s;

const PY_SPACE_CHAR = new RegExp(`[${PY_SPACE}]`);

function pyStrip(text: string): string {
  // Most lines have nothing to strip: answer those without a replace.
  if (text === "") return text;
  if (
    !PY_SPACE_CHAR.test(text[0] as string) &&
    !PY_SPACE_CHAR.test(text[text.length - 1] as string)
  )
    return text;
  return text.replace(PY_STRIP, "");
}

function splitLines(text: string): Line[] {
  // By hand rather than with a global regular expression: one match array fewer per line, which
  // for a 50,000-line file was a fifth of a populate's plan.
  const lines: Line[] = [];
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = start;
    let code = 0;
    while (end < length && (code = text.charCodeAt(end)) !== 10 && code !== 13) end++;
    if (end >= length) {
      lines.push({ text: text.slice(start), eol: "" });
      break;
    }
    const eolLength = code === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1;
    lines.push({ text: text.slice(start, end), eol: text.slice(end, end + eolLength) });
    start = end + eolLength;
  }
  return lines;
}

function joinLines(lines: Line[]): string {
  let text = "";
  for (const line of lines) text += line.text + line.eol;
  return text;
}

/** Text in which shlex finds no quote or escape: only words and its whitespace. */
const PLAIN_WORDS = /^[^'"\\]*$/;
/** shlex's whitespace (Python's shlex.whitespace). */
const SHELL_SPACE = /[ \t\r\n]+/;

/** The profile, sso-session or services name botocore gives a header, as build_profile_map does. */
function classify(header: string): { kind: SectionKind; name: string } {
  if (header === "default") return { kind: "default", name: "default" };
  if (header === DEFAULTS_HEADER) return { kind: "defaults", name: DEFAULTS_HEADER };
  for (const kind of ["profile", "sso-session", "services"] as const) {
    if (!header.startsWith(kind)) continue;
    let parts: string[];
    if (PLAIN_WORDS.test(header)) {
      // No quote and no backslash: a shell splits at whitespace and nowhere else. Most headers
      // are like this, and shlex's tokenizer costs ~20 µs each (a third of a 50,000-line plan).
      parts = header.split(SHELL_SPACE).filter((part) => part !== "");
    } else {
      try {
        parts = shellSplit(header);
      } catch {
        break; // an unbalanced quote: botocore skips the section
      }
    }
    // `[profile a b]` has no name for botocore, and `[profiles x]` is still the profile x.
    if (parts.length === 2) return { kind, name: parts[1] as string };
    break;
  }
  return { kind: "other", name: header };
}

function sectionId(kind: SectionKind, name: string): string {
  return `${kind}\u0000${name}`;
}

function isBlank(text: string): boolean {
  return pyStrip(text) === "";
}

function indentOf(text: string): number {
  if (text !== "" && !PY_SPACE_CHAR.test(text[0] as string)) return 0;
  const first = PY_NONSPACE.exec(text);
  return first ? first.index : 0;
}

function shownSection(section: RawSection): string {
  return `[${section.header}]`;
}

/** botocore's _parse_nested: every non-blank line of a value that starts on the next line. */
function parseNested(
  entry: KeyEntry,
  source: string | undefined,
): Record<string, string> | undefined {
  if (entry.value !== "" || entry.continuation.length === 0) return undefined;
  const block: Record<string, string> = {};
  entry.continuation.forEach((inner, i) => {
    if (inner === "") return;
    const at = inner.indexOf("=");
    if (at < 0)
      throw new ConfigSyntaxError(
        (entry.continuationLines[i] as number) + 1,
        `'${inner.slice(0, 80)}' is inside the nested '${entry.key} =' block, where every line must be 'key = value' with '=' (the AWS CLI refuses this file)`,
        source,
      );
    block[pyStrip(inner.slice(0, at))] = pyStrip(inner.slice(at + 1));
  });
  return block;
}

function scan(text: string, source?: string): { lines: Line[]; sections: RawSection[] } {
  if (text.startsWith(BOM))
    throw new ConfigSyntaxError(
      1,
      "the file starts with a byte order mark (BOM), which the AWS CLI cannot read",
      source,
      "Save the file as UTF-8 without a BOM",
    );
  const lines = splitLines(text);
  const sections: RawSection[] = [];
  /** Keys seen per header: all [DEFAULT] blocks share one set, as in configparser. */
  const keysByHeader = new Map<string, Set<string>>();
  let section: RawSection | undefined;
  let key: (KeyEntry & { indent: number }) | undefined;
  /** Blank lines after a value, which become part of it if another continuation line follows. */
  let blanks: number[] = [];

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as Line;
    const lineNo = index + 1;
    const trimmed = pyStrip(line.text);
    if (trimmed === "") {
      if (key) blanks.push(index);
      continue;
    }
    if (trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const indent = indentOf(line.text);
    if (key && section && indent > key.indent) {
      for (const blank of blanks) {
        key.continuation.push("");
        key.continuationLines.push(blank);
      }
      blanks = [];
      key.continuation.push(trimmed);
      key.continuationLines.push(index);
      key.end = index + 1;
      section.contentEnd = index + 1;
      continue;
    }
    blanks = [];
    const header = trimmed.startsWith("[") ? SECTION.exec(trimmed) : null;
    if (header) {
      const raw = header[1] as string;
      if (raw !== DEFAULTS_HEADER && keysByHeader.has(raw))
        throw new ConfigSyntaxError(
          lineNo,
          `the section [${raw}] appears twice (the AWS CLI refuses such a file)`,
          source,
        );
      if (!keysByHeader.has(raw)) keysByHeader.set(raw, new Set());
      const { kind, name } = classify(raw);
      section = { kind, name, header: raw, headerLine: index, contentEnd: index + 1, keys: [] };
      sections.push(section);
      key = undefined;
      continue;
    }
    if (!section)
      throw new ConfigSyntaxError(
        lineNo,
        `'${trimmed.slice(0, 80)}' comes before any [section] header`,
        source,
      );
    const option = OPTION.exec(trimmed);
    if (!option || !option[1]) {
      throw new ConfigSyntaxError(
        lineNo,
        `expected 'key = value' or a [section] header, got '${trimmed.slice(0, 80)}'`,
        source,
      );
    }
    const name = option[1].toLowerCase();
    const seenKeys = keysByHeader.get(section.header) as Set<string>;
    if (seenKeys.has(name))
      throw new ConfigSyntaxError(
        lineNo,
        `the key '${name}' appears twice in ${shownSection(section)}`,
        source,
      );
    seenKeys.add(name);
    key = {
      key: name,
      line: index,
      end: index + 1,
      value: option[3] ?? "",
      continuation: [],
      continuationLines: [],
      indent,
    };
    section.keys.push(key);
    section.contentEnd = index + 1;
  }

  // botocore parses nested blocks in every section it returns; [DEFAULT]'s are inherited by them.
  const hasSections = sections.some((s) => s.kind !== "defaults");
  for (const raw of sections) {
    if (raw.kind === "defaults" && !hasSections) continue;
    for (const entry of raw.keys) parseNested(entry, source);
  }
  return { lines, sections };
}

function toSection(raw: RawSection): ConfigSection {
  const values: Record<string, string> = {};
  const nested: Record<string, Record<string, string>> = {};
  for (const entry of raw.keys) {
    let block: Record<string, string> | undefined;
    try {
      block = parseNested(entry, undefined);
    } catch {
      // A [DEFAULT] block botocore never parses (no section inherits it); scan() refused the rest.
      block = undefined;
    }
    if (block) {
      nested[entry.key] = block;
      values[entry.key] = entry.continuation.filter((line) => line !== "").join("\n");
    } else {
      values[entry.key] = [entry.value, ...entry.continuation].join("\n").replace(PY_RSTRIP, "");
    }
  }
  return {
    kind: raw.kind,
    name: raw.name,
    header: raw.header,
    values,
    nested,
    line: raw.headerLine + 1,
  };
}

export function parseConfig(text: string, source?: string): ConfigSection[] {
  return scan(text, source).sections.map(toSection);
}

/**
 * One section per profile, sso-session and services name, as botocore reads the file: when two
 * headers name the same one (`[profile dev]` and `[profile "dev"]`), the later section is used.
 * [DEFAULT] and sections botocore does not name are left out.
 */
export function effectiveSections(sections: readonly ConfigSection[]): ConfigSection[] {
  const byId = new Map<string, ConfigSection>();
  for (const section of sections) {
    if (section.kind === "defaults" || section.kind === "other") continue;
    // [default] and [profile default] are the same profile to botocore.
    const kind = section.kind === "default" ? "profile" : section.kind;
    // The first header fixes the order (a dict keeps its first key), the last one the content.
    byId.set(sectionId(kind, section.name), section);
  }
  return [...byId.values()];
}

/** Sections an edit may write: the config's, and the credentials file's plain `[name]` ones. */
export type EditableKind = "profile" | "sso-session" | "other" | "default";

function headerText(kind: EditableKind, name: string): string {
  return kind === "other" || kind === "default" ? `[${name}]` : `[${kind} ${name}]`;
}

/** The file's own line ending: whichever of LF, CRLF and CR it uses most; LF on a tie or a new file. */
function dominantEol(lines: Line[]): string {
  const counts = new Map<string, number>([
    ["\n", 0],
    ["\r\n", 0],
    ["\r", 0],
  ]);
  for (const line of lines) {
    const count = counts.get(line.eol);
    if (count !== undefined) counts.set(line.eol, count + 1);
  }
  let best = "\n";
  for (const [eol, count] of counts) if (count > (counts.get(best) as number)) best = eol;
  return best;
}

export interface UpsertOptions {
  /** Remove keys of the section that are not in `values` (comments stay). */
  exact?: boolean;
}

/**
 * An edit finds its section by kind and name, as botocore does (the last of several headers that
 * name it), or by `header` (the text between the brackets) to reach one of them in particular.
 */
export type SectionEdit =
  | {
      kind: EditableKind;
      name: string;
      header?: string;
      values: Record<string, string>;
      exact?: boolean;
    }
  | { kind: EditableKind; name: string; header?: string; remove: true };

// A line break would start a new key or [section] (configparser reads lines, as botocore does);
// other controls are never meant, and some terminals act on them when the file is shown.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** configparser reads up to the first '=' or ':' as the key, and '[' starts a section. */
const KEY = /^[A-Za-z0-9_.-]+$/;

function visible(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

/** Every name, key and value an edit would write must read back as itself. */
function checkEdit(edit: SectionEdit): void {
  const where = `[${edit.kind} ${edit.name.replace(/[\p{Cc}]/gu, "?")}]`;
  if (CONTROL.test(edit.name) || edit.name.trim() !== edit.name || edit.name === "") {
    throw new ConfigValueError(
      `SSO Tray will not write the section name ${visible(edit.name)} to the AWS config file: it holds a line break, a control character or surrounding spaces that would change the file's meaning. Nothing was written.`,
    );
  }
  if (edit.kind === "profile" || edit.kind === "sso-session") {
    // botocore splits the header as a shell would: a quote, a backslash or a space in the name
    // would make it another name, or none.
    const read = classify(headerText(edit.kind, edit.name).slice(1, -1));
    if (read.kind !== edit.kind || read.name !== edit.name)
      throw new ConfigValueError(
        `SSO Tray will not write the section [${edit.kind} ${edit.name}]: the AWS CLI would not read it as the ${edit.kind} ${visible(edit.name)} (quotes, backslashes and spaces change how it splits the name). Nothing was written.`,
      );
  }
  if ("remove" in edit) return;
  for (const [key, value] of Object.entries(edit.values)) {
    if (!KEY.test(key)) {
      throw new ConfigValueError(
        `SSO Tray will not write the key ${visible(key)} in ${where}: keys are letters, digits, '_', '.' and '-'. Nothing was written.`,
      );
    }
    if (CONTROL.test(value)) {
      throw new ConfigValueError(
        `SSO Tray will not write ${key} = ${visible(value)} in ${where}: the value holds a line break or control character that would change the file's meaning. Nothing was written.`,
      );
    }
  }
}

/**
 * Applies many section edits in one pass over the text (a 50,000-line file with thousands of
 * generated profiles stays fast). Existing keys get their new value in place (spacing kept),
 * missing keys go after the section's last key, new sections are appended after one blank line,
 * and a removed section takes the one blank line before it along, so that adding then removing
 * gives back the original bytes.
 */
export function applySectionEdits(text: string, edits: readonly SectionEdit[]): string {
  for (const edit of edits) checkEdit(edit);
  return applyToScanned(text, scan(text), edits);
}

/** The text read once, for a caller that reads its sections and then edits it. */
export interface EditableConfig {
  sections: ConfigSection[];
  /** applySectionEdits on the same text, without reading it again. */
  apply(edits: readonly SectionEdit[]): string;
}

export function parseForEdits(text: string): EditableConfig {
  const scanned = scan(text);
  return {
    sections: scanned.sections.map(toSection),
    apply(edits) {
      for (const edit of edits) checkEdit(edit);
      return applyToScanned(text, scanned, edits);
    },
  };
}

/** Refuses text the AWS CLI could not read, as parseConfig does, without building the sections. */
export function checkConfig(text: string, source?: string): void {
  scan(text, source);
}

function applyToScanned(
  text: string,
  { lines, sections }: { lines: Line[]; sections: RawSection[] },
  edits: readonly SectionEdit[],
): string {
  if (edits.length === 0) return text;
  const eol = dominantEol(lines);
  // Later sections overwrite earlier ones of the same name: the one botocore reads.
  const byId = new Map(sections.map((section) => [sectionId(section.kind, section.name), section]));
  const byHeader = new Map(sections.map((section) => [section.header, section]));
  /** Line index → what replaces it ([] removes it). */
  const replaced = new Map<number, Line[]>();
  /** Line index → lines inserted after it. */
  const insertedAfter = new Map<number, Line[]>();
  const appended: SectionEdit[] = [];

  for (const edit of edits) {
    const section =
      edit.header !== undefined
        ? byHeader.get(edit.header)
        : byId.get(sectionId(edit.kind, edit.name));
    if (!section) {
      if (!("remove" in edit)) appended.push(edit);
      continue;
    }
    if ("remove" in edit) {
      let start = section.headerLine;
      if (start > 0 && isBlank((lines[start - 1] as Line).text)) start -= 1;
      for (let i = start; i < section.contentEnd; i++) replaced.set(i, []);
      continue;
    }
    const remaining = new Map(Object.entries(edit.values));
    for (const entry of section.keys) {
      const wanted = remaining.get(entry.key);
      const original = lines[entry.line] as Line;
      if (wanted !== undefined) {
        remaining.delete(entry.key);
        if ([entry.value, ...entry.continuation].join("\n") === wanted) continue;
        const prefix = /^(.*?\s*[=:]\s*)/.exec(original.text)?.[1] ?? `${entry.key} = `;
        replaced.set(entry.line, [{ text: prefix + wanted, eol: original.eol }]);
        for (let i = entry.line + 1; i < entry.end; i++) replaced.set(i, []);
      } else if (edit.exact) {
        for (let i = entry.line; i < entry.end; i++) replaced.set(i, []);
      }
    }
    if (remaining.size > 0) {
      insertedAfter.set(
        section.contentEnd - 1,
        [...remaining].map(([k, v]) => ({ text: `${k} = ${v}`, eol })),
      );
    }
  }

  // The scanned lines themselves go into the result (no copy per line); the few whose line ending
  // changes below are replaced by a copy first.
  const result: Line[] = [];
  for (let index = 0; index < lines.length; index++) {
    const replacement = replaced.get(index);
    if (replacement) for (const line of replacement) result.push(line);
    else result.push(lines[index] as Line);
    const extra = insertedAfter.get(index);
    if (extra) {
      const last = result[result.length - 1];
      if (last && last.eol === "") {
        // The section ended the file without a final line break: keep that after the new keys.
        result[result.length - 1] = { text: last.text, eol };
        extra[extra.length - 1] = { text: (extra[extra.length - 1] as Line).text, eol: "" };
      }
      for (const line of extra) result.push(line);
    }
  }
  // The file's last line was removed: the new last line ends as the old one did.
  const originalLast = lines[lines.length - 1];
  if (originalLast && replaced.get(lines.length - 1)?.length === 0 && result.length > 0) {
    const last = result[result.length - 1] as Line;
    result[result.length - 1] = { text: last.text, eol: originalLast.eol };
  }

  for (const edit of appended) {
    if ("remove" in edit) continue;
    const added = [
      headerText(edit.kind, edit.name),
      ...Object.entries(edit.values).map(([k, v]) => `${k} = ${v}`),
    ].map((t) => ({ text: t, eol }));
    if (result.length === 0) {
      result.push(...added);
      continue;
    }
    const last = result[result.length - 1] as Line;
    const finalEol = last.eol;
    // A file without a final line break keeps that style: the break moves before the new lines.
    if (last.eol === "") result[result.length - 1] = { text: last.text, eol };
    result.push({ text: "", eol });
    for (const line of added) result.push(line);
    (result[result.length - 1] as Line).eol = finalEol;
  }
  return joinLines(result);
}

/** Sets keys in `[kind name]`, adding the section when it is missing. */
export function upsertSection(
  text: string,
  kind: "profile" | "sso-session",
  name: string,
  values: Record<string, string>,
  options: UpsertOptions = {},
): string {
  return applySectionEdits(text, [{ kind, name, values, exact: options.exact }]);
}

/** Removes `[kind name]` with its keys and the blank line before it. */
export function removeSection(text: string, kind: "profile" | "sso-session", name: string): string {
  return applySectionEdits(text, [{ kind, name, remove: true }]);
}

/** Whether the text has `[kind name]`. */
export function hasSection(text: string, kind: SectionKind, name: string): boolean {
  return parseConfig(text).some((s) => s.kind === kind && s.name === name);
}
