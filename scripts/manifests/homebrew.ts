// The Homebrew tap: a cask for the app (the dmg for the Mac's architecture) and a formula for the
// `ssotray` executable alone, on macOS and Linux. Written as text in the layout of a tap
// repository (Casks/, Formula/); `brew tap sso-tray/tap` reads them from sso-tray/homebrew-tap.
import { artifactNames, downloadUrl, homepage, type Release } from "./release.js";

export const CASK_PATH = "Casks/sso-tray.rb";
export const FORMULA_PATH = "Formula/ssotray.rb";

/** electron-builder.yml's appId: macOS names the app's preferences, caches and saved state by it. */
const APP_ID = "dev.ssotray.app";
/** Electron 38 and later need macOS 12. */
const MACOS = ">= :monterey";

/**
 * A value for inside a Ruby string literal. Everything the manifests put in one was shape-checked
 * already (the version, the repository, hex digests); this refuses anything else, so no quote,
 * backslash or `#{` can ever reach the Ruby.
 */
function safe(value: string): string {
  if (!/^[A-Za-z0-9 ._:/@+>=-]*$/.test(value))
    throw new Error(`refusing to write '${value}' into a Homebrew file: unexpected characters`);
  return value;
}

const rb = (value: string) => `"${safe(value)}"`;

export function cask(release: Release, sha256: (file: string) => string): string {
  const names = artifactNames(release.version);
  return `# SSO Tray ${safe(release.version)}: written by \`npm run release:manifests\`; edit the script, not this file.
# Publish this cask only for a build signed with a Developer ID and notarised: since September
# 2026 Homebrew disables casks whose app fails Gatekeeper.
cask "sso-tray" do
  arch arm: "arm64", intel: "x64"

  version ${rb(release.version)}
  sha256 arm:   ${rb(sha256(names.dmg.arm64))},
         intel: ${rb(sha256(names.dmg.x64))}

  url "${safe(homepage(release))}/releases/download/v#{version}/SSO-Tray-#{version}-#{arch}.dmg"
  name "SSO Tray"
  desc "Tray app for short-lived access to AWS IAM Identity Center accounts"
  homepage ${rb(homepage(release))}

  livecheck do
    url :url
    strategy :github_latest
  end

  # The app updates itself from the GitHub release (electron-updater).
  auto_updates true
  depends_on macos: ${rb(MACOS)}

  app "SSO Tray.app"
  # The command line the app carries; the link keeps its path across updates.
  binary "#{appdir}/SSO Tray.app/Contents/Resources/cli/ssotray"

  uninstall quit: ${rb(APP_ID)}

  zap trash: [
    "~/Library/Application Support/SSO Tray",
    "~/Library/Caches/${APP_ID}",
    "~/Library/Caches/${APP_ID}.ShipIt",
    "~/Library/Caches/sso-tray-updater",
    "~/Library/HTTPStorages/${APP_ID}",
    "~/Library/Logs/SSO Tray",
    "~/Library/Preferences/${APP_ID}.plist",
    "~/Library/Saved Application State/${APP_ID}.savedState",
  ]
end
`;
}

export function formula(release: Release, sha256: (file: string) => string): string {
  const names = artifactNames(release.version);
  const download = (target: Parameters<typeof names.cli>[0]) => {
    const file = names.cli(target);
    return `      url ${rb(downloadUrl(release, file))}
      sha256 ${rb(sha256(file))}`;
  };
  return `# SSO Tray's command line ${safe(release.version)}: written by \`npm run release:manifests\`; edit the
# script, not this file. One executable per system and processor, with Node.js inside it.
class Ssotray < Formula
  desc "Short-lived credentials for AWS IAM Identity Center accounts and roles"
  homepage ${rb(homepage(release))}
  version ${rb(release.version)}
  license ${rb(release.license)}

  livecheck do
    url :stable
    strategy :github_latest
  end

  on_macos do
    on_arm do
${download("darwin-arm64")}
    end
    on_intel do
${download("darwin-x64")}
    end
  end

  on_linux do
    on_arm do
${download("linux-arm64")}
    end
    on_intel do
${download("linux-x64")}
    end
  end

  def install
    os = OS.mac? ? "darwin" : "linux"
    cpu = Hardware::CPU.arm? ? "arm64" : "x64"
    bin.install "ssotray-#{os}-#{cpu}" => "ssotray"
  end

  def caveats
    <<~EOS
      The sso-tray cask links the same command from inside the app: install one of the two.
    EOS
  end

  test do
    assert_equal version.to_s, shell_output("#{bin}/ssotray --version").strip
  end
end
`;
}
