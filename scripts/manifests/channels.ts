// Every package-manager manifest for one release, from its checksums: the Homebrew tap (cask and
// formula), the winget-pkgs manifests and the Scoop manifest. Nothing is produced unless every
// file they name has a checksum, so no manifest ever carries an empty hash.
import { requireChecksums, type Checksums } from "./checksums.js";
import { CASK_PATH, FORMULA_PATH, cask, formula } from "./homebrew.js";
import { artifactNames, type ManifestFile, type Release } from "./release.js";
import { scoopManifest } from "./scoop.js";
import { wingetManifests } from "./winget.js";

export interface ChannelOptions {
  /**
   * Whether to write the cask: only for a Developer ID signed, notarised app, since Homebrew
   * disables casks whose app fails Gatekeeper (from September 2026).
   */
  readonly cask: boolean;
}

/** The release files each channel names, with the channel, for the message when one is missing. */
export function neededFiles(
  version: string,
  { cask }: ChannelOptions,
): Array<{ file: string; for: string }> {
  const names = artifactNames(version);
  return [
    ...(cask
      ? [
          { file: names.dmg.arm64, for: "Homebrew cask" },
          { file: names.dmg.x64, for: "Homebrew cask" },
        ]
      : []),
    { file: names.cli("darwin-arm64"), for: "Homebrew formula" },
    { file: names.cli("darwin-x64"), for: "Homebrew formula" },
    { file: names.cli("linux-arm64"), for: "Homebrew formula" },
    { file: names.cli("linux-x64"), for: "Homebrew formula" },
    { file: names.nsis, for: "winget" },
    { file: names.cli("win-x64"), for: "winget" },
    { file: names.cli("win-x64"), for: "Scoop" },
  ];
}

export function releaseManifests(
  release: Release,
  sums: Checksums,
  options: ChannelOptions,
  source?: string,
): ManifestFile[] {
  const sha256 = requireChecksums(sums, neededFiles(release.version, options), source);
  return [
    ...(options.cask ? [{ path: CASK_PATH, text: cask(release, sha256) }] : []),
    { path: FORMULA_PATH, text: formula(release, sha256) },
    ...wingetManifests(release, sha256),
    scoopManifest(release, sha256),
  ];
}
