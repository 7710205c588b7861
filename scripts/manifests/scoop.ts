// A Scoop manifest for the `ssotray` executable, for a bucket (sso-tray/scoop-bucket, or a pull
// request to a community bucket). `checkver` and `autoupdate` let a bucket's own job pick up later
// releases from GitHub, taking each hash from the release's SHA256SUMS.
import {
  artifactNames,
  downloadUrl,
  homepage,
  type ManifestFile,
  type Release,
} from "./release.js";

export const SCOOP_PATH = "scoop/ssotray.json";

export function scoopManifest(release: Release, sha256: (file: string) => string): ManifestFile {
  const file = artifactNames(release.version).cli("win-x64");
  // `#/ssotray.exe` saves the download under the name the command is known by.
  const rename = "#/ssotray.exe";
  const manifest = {
    version: release.version,
    description: "SSO Tray's command line: short-lived AWS credentials from IAM Identity Center",
    homepage: homepage(release),
    license: release.license,
    architecture: {
      "64bit": { url: `${downloadUrl(release, file)}${rename}`, hash: sha256(file) },
    },
    bin: "ssotray.exe",
    checkver: "github",
    autoupdate: {
      architecture: {
        "64bit": {
          url: `${homepage(release)}/releases/download/v$version/${artifactNames("$version").cli("win-x64")}${rename}`,
        },
      },
      // Scoop finds the line naming the file in a sha256sum-style list.
      hash: { url: "$baseurl/SHA256SUMS" },
    },
  };
  return { path: SCOOP_PATH, text: `${JSON.stringify(manifest, null, 4)}\n` };
}
