// `node scripts/release-version.mjs TAG`: prints `version=X.Y.Z` (for $GITHUB_OUTPUT) when the
// release tag is `v` and package.json's version, and fails naming both otherwise. The artifact
// names, the update feeds and the manifests all carry package.json's version, so a tag that
// says another would publish files under names the release does not expect.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Semantic Versioning's own grammar, less build metadata (electron-builder drops it from names).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;

/** The version a release tag names, checked against package.json's. */
export function releaseVersion(/** @type {string} */ tag, /** @type {string} */ packageVersion) {
  if (!tag.startsWith("v") || !SEMVER.test(tag.slice(1)))
    throw new Error(
      `A release tag is v and a version, e.g. v1.2.3 or v1.2.3-beta.1 (got '${tag}')`,
    );
  const version = tag.slice(1);
  if (version !== packageVersion)
    throw new Error(
      `The tag ${tag} does not match package.json's version ${packageVersion}: set "version": "${version}" in package.json, commit, and tag that commit`,
    );
  return version;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    console.log(`version=${releaseVersion(process.argv[2] ?? "", String(pkg.version))}`);
  } catch (error) {
    console.error(`::error::${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
