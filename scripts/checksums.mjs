// `node scripts/checksums.mjs DIR [--out FILE]`: the SHA-256 of every file in DIR, one line each
// in the format `sha256sum` writes and `sha256sum --check` (or `shasum -a 256 --check`) reads:
// the digest, two spaces, the file name. Sorted by name, so the same files give the same text.
// The release workflow attaches it as SHA256SUMS; the package-manager manifests read their
// hashes from it.
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * One line of the file. `sha256sum` escapes a name holding a newline or a backslash, which the
 * manifests would then have to undo: release files are never named so, and such a name is refused.
 */
export function checksumLine(/** @type {string} */ digest, /** @type {string} */ name) {
  if (!/^[0-9a-f]{64}$/.test(digest))
    throw new Error(`A SHA-256 digest is 64 lowercase hex digits (got '${digest}')`);
  if (/[\n\r\\]/.test(name) || name === "")
    throw new Error(
      `Release file names may not hold a newline or a backslash (got ${JSON.stringify(name)}): rename the file`,
    );
  return `${digest}  ${name}\n`;
}

/** @returns {Promise<string>} the digest of one file, hex */
export function sha256File(/** @type {string} */ file) {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("error", reject)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/**
 * The SHA256SUMS text for the files directly in `dir` (folders are not descended into), leaving
 * out the names in `exclude`, such as the sums file itself.
 * @param {string} dir
 * @param {{ exclude?: string[] }} [options]
 */
export async function checksums(dir, { exclude = [] } = {}) {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !exclude.includes(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0)
    throw new Error(`No files to sum in ${dir}: download the release files there first`);
  let text = "";
  for (const name of names) text += checksumLine(await sha256File(path.join(dir, name)), name);
  return text;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, flag, out] = process.argv.slice(2);
  if (!dir || (flag !== undefined && (flag !== "--out" || !out))) {
    console.error("Usage: node scripts/checksums.mjs DIR [--out FILE]");
    process.exit(2);
  }
  try {
    const text = await checksums(dir, { exclude: out ? [path.basename(out)] : [] });
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
  } catch (error) {
    console.error(`checksums: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
