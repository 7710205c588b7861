// ~/.aws/config as text: a parser that accepts what botocore accepts (it reads the file with
// Python's configparser: '#' and ';' comments on their own lines, '=' or ':' between key and
// value, indented continuation lines that make nested blocks such as `s3 =`, duplicate sections
// or keys as errors) and editors that change only the lines they must, so every comment, blank
// line, ordering, BOM and line ending the user wrote survives.

export type SectionKind = "default" | "profile" | "sso-session" | "services" | "other";

export interface ConfigSection {
  kind: SectionKind;
  name: string;
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
  ) {
    super(
      `${source ?? "The AWS config file"} line ${line}: ${problem}. Fix or remove that line; SSO Tray has not changed the file.`,
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
  continuation: string[];
}

interface RawSection {
  kind: SectionKind;
  name: string;
  header: number;
  /** Index after the last key or continuation line (comments and blanks after it excluded). */
  contentEnd: number;
  keys: KeyEntry[];
}

const BOM = "\uFEFF";

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const [whole, content = "", eol = ""] = match;
    if (whole === "") break;
    lines.push({ text: content, eol });
  }
  return lines;
}

function joinLines(lines: Line[]): string {
  return lines.map((line) => line.text + line.eol).join("");
}

function classify(header: string): { kind: SectionKind; name: string } {
  if (header === "default") return { kind: "default", name: "default" };
  const match = /^(profile|sso-session|services)\s+(.+)$/.exec(header);
  if (match) return { kind: match[1] as SectionKind, name: (match[2] ?? "").trim() };
  return { kind: "other", name: header };
}

function sectionId(kind: SectionKind, name: string): string {
  return `${kind}\u0000${name}`;
}

function isBlank(text: string): boolean {
  return text.trim() === "";
}

function isComment(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith("#") || trimmed.startsWith(";");
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

function scan(text: string, source?: string): { lines: Line[]; sections: RawSection[] } {
  const lines = splitLines(text);
  const sections: RawSection[] = [];
  const seen = new Set<string>();
  let section: RawSection | undefined;
  let key: (KeyEntry & { indent: number }) | undefined;
  let seenKeys = new Set<string>();

  lines.forEach((line, index) => {
    const raw = index === 0 && line.text.startsWith(BOM) ? line.text.slice(1) : line.text;
    const lineNo = index + 1;
    if (isBlank(raw)) return;
    if (isComment(raw)) return;
    const indent = indentOf(raw);
    if (key && section && indent > key.indent) {
      key.continuation.push(raw.trim());
      key.end = index + 1;
      section.contentEnd = index + 1;
      return;
    }
    const trimmed = raw.trim();
    const header = /^\[(.+)\]/.exec(trimmed);
    if (header) {
      const { kind, name } = classify((header[1] ?? "").trim());
      const id = sectionId(kind, name);
      if (seen.has(id))
        throw new ConfigSyntaxError(
          lineNo,
          `the section [${header[1]}] appears twice (the AWS CLI refuses such a file)`,
          source,
        );
      seen.add(id);
      section = { kind, name, header: index, contentEnd: index + 1, keys: [] };
      sections.push(section);
      key = undefined;
      seenKeys = new Set();
      return;
    }
    const option = /^(.*?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!option || !option[1]) {
      throw new ConfigSyntaxError(
        lineNo,
        `expected 'key = value' or a [section] header, got '${trimmed.slice(0, 80)}'`,
        source,
      );
    }
    if (!section)
      throw new ConfigSyntaxError(
        lineNo,
        `'${trimmed.slice(0, 80)}' comes before any [section] header`,
        source,
      );
    const name = option[1].toLowerCase();
    if (seenKeys.has(name))
      throw new ConfigSyntaxError(
        lineNo,
        `the key '${name}' appears twice in [${section.kind === "other" || section.kind === "default" ? section.name : `${section.kind} ${section.name}`}]`,
        source,
      );
    seenKeys.add(name);
    key = {
      key: name,
      line: index,
      end: index + 1,
      value: option[2] ?? "",
      continuation: [],
      indent,
    };
    section.keys.push(key);
    section.contentEnd = index + 1;
  });
  return { lines, sections };
}

function toSection(raw: RawSection): ConfigSection {
  const values: Record<string, string> = {};
  const nested: Record<string, Record<string, string>> = {};
  for (const entry of raw.keys) {
    if (entry.value === "" && entry.continuation.length > 0) {
      const block: Record<string, string> = {};
      for (const inner of entry.continuation) {
        const match = /^(.*?)\s*[=:]\s*(.*)$/.exec(inner);
        if (match?.[1]) block[match[1].toLowerCase()] = match[2] ?? "";
      }
      nested[entry.key] = block;
      values[entry.key] = entry.continuation.join("\n");
    } else {
      values[entry.key] = [entry.value, ...entry.continuation].join("\n");
    }
  }
  return { kind: raw.kind, name: raw.name, values, nested, line: raw.header + 1 };
}

export function parseConfig(text: string, source?: string): ConfigSection[] {
  return scan(text, source).sections.map(toSection);
}

/** Sections an edit may write: the config's, and the credentials file's plain `[name]` ones. */
export type EditableKind = "profile" | "sso-session" | "other" | "default";

function headerText(kind: EditableKind, name: string): string {
  return kind === "other" || kind === "default" ? `[${name}]` : `[${kind} ${name}]`;
}

/** The file's own line ending: whichever of CRLF and LF it uses most; LF for a new file. */
function dominantEol(lines: Line[]): string {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === "\r\n") crlf += 1;
    else if (line.eol === "\n") lf += 1;
  }
  return crlf > lf ? "\r\n" : "\n";
}

export interface UpsertOptions {
  /** Remove keys of the section that are not in `values` (comments stay). */
  exact?: boolean;
}

export type SectionEdit =
  | {
      kind: EditableKind;
      name: string;
      values: Record<string, string>;
      exact?: boolean;
    }
  | { kind: EditableKind; name: string; remove: true };

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
  const { lines, sections } = scan(text);
  if (edits.length === 0) return text;
  const eol = dominantEol(lines);
  const byId = new Map(sections.map((section) => [sectionId(section.kind, section.name), section]));
  /** Line index → what replaces it ([] removes it). */
  const replaced = new Map<number, Line[]>();
  /** Line index → lines inserted after it. */
  const insertedAfter = new Map<number, Line[]>();
  const appended: SectionEdit[] = [];

  for (const edit of edits) {
    const section = byId.get(sectionId(edit.kind, edit.name));
    if (!section) {
      if (!("remove" in edit)) appended.push(edit);
      continue;
    }
    if ("remove" in edit) {
      let start = section.header;
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

  const result: Line[] = [];
  lines.forEach((line, index) => {
    const replacement = replaced.get(index);
    result.push(...(replacement ?? [{ ...line }]));
    const extra = insertedAfter.get(index);
    if (extra) {
      const last = result[result.length - 1];
      if (last && last.eol === "") {
        // The section ended the file without a final line break: keep that after the new keys.
        last.eol = eol;
        extra[extra.length - 1] = { text: (extra[extra.length - 1] as Line).text, eol: "" };
      }
      result.push(...extra);
    }
  });
  // The file's last line was removed: the new last line ends as the old one did.
  const originalLast = lines[lines.length - 1];
  if (originalLast && replaced.get(lines.length - 1)?.length === 0 && result.length > 0) {
    (result[result.length - 1] as Line).eol = originalLast.eol;
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
    if (last.eol === "") last.eol = eol;
    result.push({ text: "", eol }, ...added);
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
