// SHA256SUMS as `sha256sum` writes it: one `<64 hex digits>  <file name>` line per file, or
// `<hex> *<name>` in its binary mode. The names and hashes end up in Ruby, YAML and JSON, so a
// line of any other shape is refused with its number rather than skipped.
import { printable } from "./release.js";

/** The release's own file names: letters, digits, dots, dashes, underscores and plus signs. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const LINE = /^([0-9A-Fa-f]{64}) [ *](.+)$/;

/** File name to its SHA-256 in lower case. */
export type Checksums = ReadonlyMap<string, string>;

export function parseChecksums(text: string, source = "SHA256SUMS"): Checksums {
  const sums = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${source} line ${index + 1}`;
    const match = LINE.exec(line);
    if (!match)
      throw new Error(
        `${where} is not '<sha256>  <file name>' as sha256sum writes it (got '${printable(line)}')`,
      );
    const [, hash, name] = match as unknown as [string, string, string];
    if (!FILE_NAME.test(name))
      throw new Error(
        `${where} names '${printable(name)}', which is not a release file's name (letters, digits, . _ + - only)`,
      );
    const previous = sums.get(name);
    if (previous !== undefined && previous !== hash.toLowerCase())
      throw new Error(`${where} gives ${name} a second, different checksum`);
    sums.set(name, hash.toLowerCase());
  });
  if (sums.size === 0) throw new Error(`${source} lists no files`);
  return sums;
}

/**
 * Each needed file's checksum; one error naming every file that has none and what needs it, so a
 * release with a missing build says so at once rather than one file per run.
 */
export function requireChecksums(
  sums: Checksums,
  needed: ReadonlyArray<{ file: string; for: string }>,
  source = "SHA256SUMS",
): (file: string) => string {
  const missing = new Map<string, string[]>();
  for (const { file, for: user } of needed)
    if (!sums.has(file)) missing.set(file, [...(missing.get(file) ?? []), user]);
  if (missing.size > 0)
    throw new Error(
      `${source} has no checksum for ${[...missing].map(([file, users]) => `${file} (${[...new Set(users)].join(", ")})`).join(", ")}: ` +
        "was that build skipped or renamed? No manifest was written",
    );
  return (file) => {
    const hash = sums.get(file);
    if (hash === undefined) throw new Error(`${source} has no checksum for ${file}`);
    return hash;
  };
}
