// What one release is for the package-manager manifests: its version, the GitHub repository that
// hosts its downloads, and the exact names of the files the manifests point at. Every value is
// checked against its shape here, before any of it is written into Ruby, YAML or JSON.
import { z } from "zod";

/** A release's version as its tag names it, without the `v`: MAJOR.MINOR.PATCH[-prerelease]. */
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
/** GitHub's rules for an owner (39 characters, no leading hyphen) and a repository name. */
const REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;
const LICENSE = /^[A-Za-z0-9.+-]+$/;

/** Text from the command line or a file, quoted in an error without its control characters. */
export function printable(text: string): string {
  const clipped = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  // JSON escapes control characters but keeps line separators and bidi overrides; those too.
  return JSON.stringify(clipped)
    .slice(1, -1)
    .replace(
      /[\p{Cf}\p{Zl}\p{Zp}]/gu,
      (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`,
    );
}

export interface Release {
  /** Checked against VERSION. */
  readonly version: string;
  /** owner/name, checked against REPO. */
  readonly repo: string;
  /** An SPDX identifier, checked against LICENSE. */
  readonly license: string;
}

export function parseVersion(raw: string): string {
  const version = raw.startsWith("v") ? raw.slice(1) : raw;
  if (!VERSION.test(version))
    throw new Error(
      `--version must be a release version like 1.4.0 or 1.4.0-beta.1 (got '${printable(raw)}'): the tag's name without the leading v, and without build metadata`,
    );
  return version;
}

export function parseRepo(raw: string): string {
  if (!REPO.test(raw) || raw.split("/")[1]!.startsWith("."))
    throw new Error(`--repo must be a GitHub repository as owner/name (got '${printable(raw)}')`);
  return raw;
}

const PackageJson = z.object({
  repository: z.union([z.string(), z.object({ url: z.string() })]),
  license: z.string(),
});

/**
 * The repository and licence package.json names. `repository` may be npm's shorthand
 * (`github:owner/name`, `owner/name`) or a git URL on github.com.
 */
export function projectFacts(packageJson: unknown): { repo: string; license: string } {
  const parsed = PackageJson.safeParse(packageJson);
  if (!parsed.success)
    throw new Error(
      "package.json must name the GitHub repository (`repository`) and the licence (`license`): the manifests link to both",
    );
  const { repository, license } = parsed.data;
  const url = typeof repository === "string" ? repository : repository.url;
  const match =
    /^(?:github:)?([^/:]+\/[^/:]+)$/.exec(url) ??
    /^(?:git\+)?(?:https|git|ssh):\/\/(?:git@)?github\.com\/([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  if (!match)
    throw new Error(
      `package.json's repository must be on github.com (got '${printable(url)}'); pass --repo owner/name otherwise`,
    );
  if (!LICENSE.test(license))
    throw new Error(
      `package.json's license must be one SPDX identifier such as MIT (got '${printable(license)}')`,
    );
  return { repo: parseRepo(match[1]!), license };
}

/** The single-executable targets, as `ssotray-<target>[.exe]` names them. */
export const CLI_TARGETS = [
  "darwin-arm64",
  "darwin-x64",
  "linux-arm64",
  "linux-x64",
  "win-x64",
] as const;
export type CliTarget = (typeof CLI_TARGETS)[number];

/** The file names the release workflow gives its artifacts (electron-builder.yml's artifactName). */
export const artifactNames = (version: string) => ({
  dmg: {
    arm64: `SSO-Tray-${version}-arm64.dmg`,
    x64: `SSO-Tray-${version}-x64.dmg`,
  },
  nsis: `SSO-Tray-Setup-${version}.exe`,
  cli: (target: CliTarget) => `ssotray-${target}${target.startsWith("win-") ? ".exe" : ""}`,
});

export const homepage = (release: Release) => `https://github.com/${release.repo}`;
export const releaseTag = (release: Release) => `v${release.version}`;
export const downloadUrl = (release: Release, file: string) =>
  `${homepage(release)}/releases/download/${releaseTag(release)}/${file}`;

/** One file the script writes: its path under --out (with / separators) and its text. */
export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}
