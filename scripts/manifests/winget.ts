// winget manifests in the layout of microsoft/winget-pkgs: for each package a version, an
// installer and a default-locale file under manifests/<first letter>/<Publisher>/<Name>/<version>/.
// Two packages: the app (electron-builder's per-user NSIS installer) and the `ssotray`
// executable alone (a portable package, which winget links onto PATH under its command name).
import { stringify } from "yaml";
import {
  artifactNames,
  downloadUrl,
  homepage,
  releaseTag,
  type ManifestFile,
  type Release,
} from "./release.js";

/** The winget-pkgs manifest schema these files follow. */
export const WINGET_MANIFEST_VERSION = "1.12.0";
export const APP_PACKAGE = "SSOTray.SSOTray";
export const CLI_PACKAGE = "SSOTray.ssotray";
const LOCALE = "en-US";

interface Package {
  identifier: string;
  name: string;
  moniker: string;
  shortDescription: string;
  installer: Record<string, unknown>;
}

export function wingetManifests(
  release: Release,
  sha256: (file: string) => string,
): ManifestFile[] {
  const names = artifactNames(release.version);
  const installer = (file: string) => ({
    Architecture: "x64",
    InstallerUrl: downloadUrl(release, file),
    // winget-pkgs writes digests in upper case.
    InstallerSha256: sha256(file).toUpperCase(),
  });
  const packages: Package[] = [
    {
      identifier: APP_PACKAGE,
      name: "SSO Tray",
      moniker: "sso-tray",
      shortDescription:
        "One click from the tray to any AWS account and role that IAM Identity Center assigns you.",
      installer: {
        InstallerType: "nullsoft",
        // electron-builder.yml: a one-click installer into the user's own profile, no elevation.
        Scope: "user",
        UpgradeBehavior: "install",
        Installers: [installer(names.nsis)],
      },
    },
    {
      identifier: CLI_PACKAGE,
      name: "ssotray",
      moniker: "ssotray",
      shortDescription:
        "SSO Tray's command line: short-lived AWS credentials from IAM Identity Center, with Node.js inside.",
      installer: {
        InstallerType: "portable",
        // For a portable package the first command is the name winget links onto PATH.
        Commands: ["ssotray"],
        Installers: [installer(names.cli("win-x64"))],
      },
    },
  ];
  return packages.flatMap((pkg) => packageFiles(release, pkg));
}

function packageFiles(release: Release, pkg: Package): ManifestFile[] {
  const [publisher, name] = pkg.identifier.split(".") as [string, string];
  const folder = `manifests/${publisher[0]!.toLowerCase()}/${publisher}/${name}/${release.version}`;
  const common = { PackageIdentifier: pkg.identifier, PackageVersion: release.version };
  const file = (suffix: string, schema: string, body: Record<string, unknown>): ManifestFile => ({
    path: `${folder}/${pkg.identifier}${suffix}.yaml`,
    text:
      `# Written by \`npm run release:manifests\`.\n` +
      `# yaml-language-server: $schema=https://aka.ms/winget-manifest.${schema}.${WINGET_MANIFEST_VERSION}.schema.json\n` +
      stringify(
        { ...common, ...body, ManifestType: schema, ManifestVersion: WINGET_MANIFEST_VERSION },
        { lineWidth: 0 },
      ),
  });
  const site = homepage(release);
  return [
    file("", "version", { DefaultLocale: LOCALE }),
    file(".installer", "installer", {
      InstallerLocale: LOCALE,
      Platform: ["Windows.Desktop"],
      // Electron 45 runs on Windows 10 and later.
      MinimumOSVersion: "10.0.0.0",
      ...pkg.installer,
    }),
    file(`.locale.${LOCALE}`, "defaultLocale", {
      PackageLocale: LOCALE,
      Publisher: "SSO Tray contributors",
      PublisherUrl: site,
      PublisherSupportUrl: `${site}/issues`,
      PackageName: pkg.name,
      PackageUrl: site,
      License: release.license,
      ShortDescription: pkg.shortDescription,
      Moniker: pkg.moniker,
      Tags: ["aws", "aws-sso", "credentials", "iam-identity-center", "sso"],
      ReleaseNotesUrl: `${site}/releases/tag/${releaseTag(release)}`,
    }),
  ];
}
