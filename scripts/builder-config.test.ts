// electron-builder.yml names every installer the release publishes, and the package-manager
// manifests and the update feeds rely on those names: for a version, each target's artifactName
// must come out as the name the release promises. The config is read and validated by
// electron-builder's own loader; the arch names are electron-builder's, asserted here so that an
// upgrade that renames one (deb's amd64, rpm's x86_64) fails this test rather than a release.
import path from "node:path";
import { getConfig, validateConfiguration } from "app-builder-lib/out/util/config/config.js";
import type { Configuration } from "app-builder-lib";
import { DebugLogger } from "builder-util";
import { Arch, getArtifactArchName } from "builder-util/out/arch.js";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const VERSION = "1.2.3";

type PlatformKey = "linux" | "mac" | "win";
interface TargetEntry {
  target: string;
  arch?: string[];
}

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(root, path.join(root, "electron-builder.yml"), null);
  await validateConfiguration(config, new DebugLogger(false));
});

function targets(platform: PlatformKey): TargetEntry[] {
  const list = config[platform]?.target;
  return (Array.isArray(list) ? list : [list]).map((t) =>
    typeof t === "string" ? { target: t } : (t as TargetEntry),
  );
}

/** The pattern electron-builder takes: the target's own, else the platform's, else the top level. */
function pattern(platform: PlatformKey, target: string): string {
  // Each target reads the config section of its own name; AppImage's is spelt appImage.
  const section = target === "AppImage" ? "appImage" : target;
  const own = (config as Record<string, { artifactName?: string } | undefined>)[section];
  const found = own?.artifactName ?? config[platform]?.artifactName ?? config.artifactName;
  if (!found) throw new Error(`electron-builder.yml gives ${target} no artifactName`);
  return found;
}

/** ${version}, ${arch} and ${ext}; any other macro is a name the release cannot predict. */
function expand(template: string, arch: string, ext: string): string {
  return template.replace(/\$\{(\w+)\}/g, (_, macro: string) => {
    if (macro === "version") return VERSION;
    if (macro === "arch") return arch;
    if (macro === "ext") return ext;
    throw new Error(`artifactName ${template} uses \${${macro}}, whose value varies`);
  });
}

/** What electron-builder would name each file of `platform`'s targets for VERSION. */
function artifactNames(platform: PlatformKey): string[] {
  return targets(platform).flatMap(({ target, arch = ["x64"] }) => {
    const ext = target === "nsis" ? "exe" : target;
    return arch.map((a) =>
      expand(
        pattern(platform, target),
        getArtifactArchName(Arch[a as keyof typeof Arch], ext),
        ext,
      ),
    );
  });
}

describe("electron-builder.yml", () => {
  it("electron-builder names x64 amd64 for deb and x86_64 for rpm, and keeps x64/arm64 for dmg and zip", () => {
    expect(getArtifactArchName(Arch.x64, "deb")).toBe("amd64");
    expect(getArtifactArchName(Arch.x64, "rpm")).toBe("x86_64");
    expect(getArtifactArchName(Arch.x64, "dmg")).toBe("x64");
    expect(getArtifactArchName(Arch.arm64, "dmg")).toBe("arm64");
    expect(getArtifactArchName(Arch.x64, "zip")).toBe("x64");
    expect(getArtifactArchName(Arch.arm64, "zip")).toBe("arm64");
  });

  it("Linux: the AppImage, the deb and the rpm, for x64", () => {
    expect(artifactNames("linux")).toEqual([
      "SSO-Tray-1.2.3.AppImage",
      "sso-tray_1.2.3_amd64.deb",
      "sso-tray-1.2.3.x86_64.rpm",
    ]);
  });

  it("macOS: a dmg and a zip (what auto-update installs) for each of x64 and arm64", () => {
    expect(artifactNames("mac").sort()).toEqual([
      "SSO-Tray-1.2.3-arm64.dmg",
      "SSO-Tray-1.2.3-arm64.zip",
      "SSO-Tray-1.2.3-x64.dmg",
      "SSO-Tray-1.2.3-x64.zip",
    ]);
  });

  it("Windows: one NSIS installer", () => {
    expect(artifactNames("win")).toEqual(["SSO-Tray-Setup-1.2.3.exe"]);
  });

  it("carries the command-line executable that `npm run package:cli` writes", () => {
    expect(config.extraResources).toContainEqual({
      from: "release/cli",
      to: "cli",
      filter: ["ssotray", "ssotray.exe"],
    });
  });
});
