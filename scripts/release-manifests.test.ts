// `npm run release:manifests` on a release's SHA256SUMS writes a Homebrew tap, winget-pkgs
// manifests and a Scoop manifest that name that release's URLs and hashes. The Ruby is checked by
// Ruby itself (`ruby -c`) and evaluated against the part of Homebrew's language it uses
// (test-support/homebrew-dsl.rb), for each system and processor; the YAML and JSON are parsed
// and held to the shapes winget and Scoop require.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { requireTool } from "../simulator/tools.js";
import { parseChecksums } from "./manifests/checksums.js";
import { cask } from "./manifests/homebrew.js";
import { CLI_TARGETS, artifactNames } from "./manifests/release.js";
import { writeReleaseManifests } from "./release-manifests.js";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const stubDsl = path.join(root, "test-support", "homebrew-dsl.rb");
// Ruby 3.1 or later: the DSL stub uses Class#subclasses.
const ruby = requireTool("Ruby 3.1 or later", {
  commands: ["ruby"],
  args: ["-e", "puts RUBY_VERSION"],
  prints: /^(3\.[1-9]|[4-9]\.)/m,
  install: "Debian's ruby",
});

const VERSION = "1.4.0";
const RELEASE = `https://github.com/sso-tray/sso-tray/releases/download/v${VERSION}`;

/** A release folder as the workflow leaves it: every artifact, and SHA256SUMS from sha256sum. */
function releaseFolder(version: string, omit: string[] = []): { dir: string; sums: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-release-"));
  const names = artifactNames(version);
  const files = [
    names.dmg.arm64,
    names.dmg.x64,
    names.dmg.arm64.replace(/\.dmg$/, ".zip"),
    names.dmg.x64.replace(/\.dmg$/, ".zip"),
    names.nsis,
    `SSO-Tray-${version}.AppImage`,
    `sso-tray_${version}_amd64.deb`,
    `sso-tray-${version}.x86_64.rpm`,
    ...CLI_TARGETS.map(names.cli),
  ].filter((f) => !omit.includes(f));
  const lines = files.map((file, i) => {
    writeFileSync(path.join(dir, file), `contents of ${file}\n`);
    const hash = createHash("sha256").update(`contents of ${file}\n`).digest("hex");
    // sha256sum's text and binary modes both occur; so does a digest in upper case.
    return i % 3 === 0
      ? `${hash} *${file}`
      : i % 3 === 1
        ? `${hash.toUpperCase()}  ${file}`
        : `${hash}  ${file}`;
  });
  const sums = path.join(dir, "SHA256SUMS");
  writeFileSync(sums, `${lines.join("\n")}\n\n`);
  return { dir, sums };
}

const sha256Of = (dir: string, file: string) =>
  createHash("sha256")
    .update(readFileSync(path.join(dir, file)))
    .digest("hex");

let release: { dir: string; sums: string };
let out: string;
let printed: string[];
beforeAll(async () => {
  release = releaseFolder(VERSION);
  out = path.join(release.dir, "channels");
  // The command as the release workflow runs it, `v` and all.
  const { stdout } = await run(
    path.join(root, "node_modules", ".bin", "tsx"),
    [
      "scripts/release-manifests.ts",
      "--version",
      `v${VERSION}`,
      "--checksums",
      release.sums,
      "--out",
      out,
    ],
    { cwd: root },
  );
  printed = stdout.trim().split("\n");
}, 60_000);

const read = (file: string) => readFileSync(path.join(out, file), "utf8");

describe("npm run release:manifests", () => {
  it("writes a tap, the winget-pkgs manifests and a Scoop manifest, and lists them", () => {
    const app = `manifests/s/SSOTray/SSOTray/${VERSION}/SSOTray.SSOTray`;
    const cli = `manifests/s/SSOTray/ssotray/${VERSION}/SSOTray.ssotray`;
    const expected = [
      "Casks/sso-tray.rb",
      "Formula/ssotray.rb",
      ...[app, cli].flatMap((p) => [`${p}.yaml`, `${p}.installer.yaml`, `${p}.locale.en-US.yaml`]),
      "scoop/ssotray.json",
    ];
    expect(printed).toEqual(expected);
    for (const file of expected) expect(existsSync(path.join(out, file)), file).toBe(true);
  });

  describe.skipIf(!ruby)("the Homebrew tap", () => {
    it("is Ruby that parses", async () => {
      for (const file of ["Casks/sso-tray.rb", "Formula/ssotray.rb"]) {
        const { stdout } = await run(ruby!, ["-c", path.join(out, file)]);
        expect(stdout.trim(), file).toBe("Syntax OK");
      }
    });

    it("has a cask that installs the dmg for the Mac's processor, with its hash", async () => {
      for (const [cpu, arch] of [
        ["arm", "arm64"],
        ["intel", "x64"],
      ] as const) {
        const { stdout } = await run(ruby!, [
          stubDsl,
          "cask",
          path.join(out, "Casks/sso-tray.rb"),
          cpu,
        ]);
        const dmg = `SSO-Tray-${VERSION}-${arch}.dmg`;
        expect(JSON.parse(stdout)).toMatchObject({
          token: ["sso-tray"],
          url: [`${RELEASE}/${dmg}`],
          sha256: [sha256Of(release.dir, dmg)],
          app: ["SSO Tray.app"],
          binary: ["/Applications/SSO Tray.app/Contents/Resources/cli/ssotray"],
          livecheck_strategy: ["github_latest"],
          depends_on_macos: [">= :monterey"],
          zap_trash: expect.arrayContaining(["~/Library/Application Support/SSO Tray"]),
        });
      }
      expect(read("Casks/sso-tray.rb")).toMatch(/Gatekeeper/);
    });

    it("has a formula that installs the executable for each system and processor as ssotray, and tests it with --version", async () => {
      for (const [system, cpu, target] of [
        ["macos", "arm", "darwin-arm64"],
        ["macos", "intel", "darwin-x64"],
        ["linux", "arm", "linux-arm64"],
        ["linux", "intel", "linux-x64"],
      ] as const) {
        // What brew stages: the one download, here a script answering --version as ssotray does.
        const staging = mkdtempSync(path.join(os.tmpdir(), "ssotray-brew-"));
        const download = `ssotray-${target}`;
        writeFileSync(path.join(staging, download), `#!/bin/sh\necho ${VERSION}\n`, {
          mode: 0o755,
        });
        const bin = path.join(staging, "bin");
        const { stdout } = await run(ruby!, [
          stubDsl,
          "formula",
          path.join(out, "Formula/ssotray.rb"),
          system,
          cpu,
          staging,
          bin,
        ]);
        expect(JSON.parse(stdout), target).toMatchObject({
          class: ["Ssotray"],
          url: [`${RELEASE}/${download}`],
          sha256: [sha256Of(release.dir, download)],
          license: ["MIT"],
          installed: [{ from: download, to: "ssotray" }],
          shell_output: [`${bin}/ssotray --version`],
          assertions: [VERSION],
        });
        expect(existsSync(path.join(bin, "ssotray"))).toBe(true);
      }
    });
  });

  describe("the winget manifests", () => {
    const Common = {
      PackageVersion: z.literal(VERSION),
      ManifestVersion: z.literal("1.12.0"),
    };
    const Version = z.object({
      ...Common,
      PackageIdentifier: z.string(),
      DefaultLocale: z.literal("en-US"),
      ManifestType: z.literal("version"),
    });
    const Installer = z.object({
      ...Common,
      PackageIdentifier: z.string(),
      InstallerType: z.enum(["nullsoft", "portable"]),
      Installers: z
        .array(
          z.object({
            Architecture: z.literal("x64"),
            InstallerUrl: z.string().startsWith(`${RELEASE}/`),
            InstallerSha256: z.string().regex(/^[0-9A-F]{64}$/),
          }),
        )
        .length(1),
      ManifestType: z.literal("installer"),
    });
    const DefaultLocale = z.object({
      ...Common,
      PackageIdentifier: z.string(),
      PackageLocale: z.literal("en-US"),
      Publisher: z.string().min(2).max(256),
      PackageName: z.string().min(2).max(256),
      License: z.literal("MIT"),
      ShortDescription: z.string().min(3).max(256),
      Tags: z.array(z.string().regex(/^\S{1,40}$/)).max(16),
      ReleaseNotesUrl: z.literal(`https://github.com/sso-tray/sso-tray/releases/tag/v${VERSION}`),
      ManifestType: z.literal("defaultLocale"),
    });

    /** A manifest's YAML, after checking its schema header names its type and version. */
    function manifest(file: string, type: string): unknown {
      const text = read(file);
      expect(text).toContain(
        `# yaml-language-server: $schema=https://aka.ms/winget-manifest.${type}.1.12.0.schema.json\n`,
      );
      return parseYaml(text);
    }

    it.each([
      ["SSOTray.SSOTray", `SSO-Tray-Setup-${VERSION}.exe`, "nullsoft"],
      ["SSOTray.ssotray", "ssotray-win-x64.exe", "portable"],
    ])("describe %s, installing %s", (id, file, type) => {
      const folder = `manifests/s/SSOTray/${id.split(".")[1]}/${VERSION}`;
      const version = Version.parse(manifest(`${folder}/${id}.yaml`, "version"));
      const installer = Installer.parse(manifest(`${folder}/${id}.installer.yaml`, "installer"));
      const locale = DefaultLocale.parse(
        manifest(`${folder}/${id}.locale.en-US.yaml`, "defaultLocale"),
      );
      for (const m of [version, installer, locale]) expect(m.PackageIdentifier).toBe(id);
      expect(installer.InstallerType).toBe(type);
      expect(installer.Installers[0]).toEqual({
        Architecture: "x64",
        InstallerUrl: `${RELEASE}/${file}`,
        InstallerSha256: sha256Of(release.dir, file).toUpperCase(),
      });
    });

    it("install the app for the user alone, and link the portable ssotray as the ssotray command", () => {
      const folder = `manifests/s/SSOTray`;
      expect(
        parseYaml(read(`${folder}/SSOTray/${VERSION}/SSOTray.SSOTray.installer.yaml`)),
      ).toMatchObject({ Scope: "user" });
      expect(
        parseYaml(read(`${folder}/ssotray/${VERSION}/SSOTray.ssotray.installer.yaml`)),
      ).toMatchObject({ Commands: ["ssotray"] });
    });
  });

  it("writes a Scoop manifest for ssotray.exe whose autoupdate gives this release's URL for this version", () => {
    const file = "ssotray-win-x64.exe";
    const Scoop = z.object({
      version: z.literal(VERSION),
      description: z.string().min(1),
      homepage: z.literal("https://github.com/sso-tray/sso-tray"),
      license: z.literal("MIT"),
      architecture: z.object({
        "64bit": z.object({ url: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
      }),
      bin: z.literal("ssotray.exe"),
      checkver: z.literal("github"),
      autoupdate: z.object({
        architecture: z.object({ "64bit": z.object({ url: z.string() }) }),
        hash: z.object({ url: z.literal("$baseurl/SHA256SUMS") }),
      }),
    });
    const scoop = Scoop.parse(JSON.parse(read("scoop/ssotray.json")));
    expect(scoop.architecture["64bit"]).toEqual({
      url: `${RELEASE}/${file}#/ssotray.exe`,
      hash: sha256Of(release.dir, file),
    });
    expect(scoop.autoupdate.architecture["64bit"].url.replaceAll("$version", VERSION)).toBe(
      scoop.architecture["64bit"].url,
    );
  });

  it("names a pre-release's files by its version", async () => {
    const pre = releaseFolder("2.0.0-beta.1");
    const outPre = path.join(pre.dir, "channels");
    await writeReleaseManifests([
      "--version",
      "2.0.0-beta.1",
      "--checksums",
      pre.sums,
      "--out",
      outPre,
    ]);
    const installer = parseYaml(
      readFileSync(
        path.join(
          outPre,
          "manifests/s/SSOTray/SSOTray/2.0.0-beta.1/SSOTray.SSOTray.installer.yaml",
        ),
        "utf8",
      ),
    ) as { Installers: Array<{ InstallerUrl: string }> };
    expect(installer.Installers[0]!.InstallerUrl).toBe(
      "https://github.com/sso-tray/sso-tray/releases/download/v2.0.0-beta.1/SSO-Tray-Setup-2.0.0-beta.1.exe",
    );
  });

  it("leaves the cask out of an unsigned macOS build, needing no dmg", async () => {
    const unsigned = releaseFolder(VERSION, [
      `SSO-Tray-${VERSION}-arm64.dmg`,
      `SSO-Tray-${VERSION}-x64.dmg`,
    ]);
    const outUnsigned = path.join(unsigned.dir, "channels");
    const written = await writeReleaseManifests([
      "--version",
      VERSION,
      "--checksums",
      unsigned.sums,
      "--out",
      outUnsigned,
      "--unsigned-macos",
    ]);
    expect(written).toEqual(printed.filter((f) => f !== "Casks/sso-tray.rb"));
    expect(existsSync(path.join(outUnsigned, "Casks"))).toBe(false);
  });

  it("takes another repository from --repo", async () => {
    const outFork = path.join(release.dir, "fork");
    await writeReleaseManifests([
      "--version",
      VERSION,
      "--checksums",
      release.sums,
      "--out",
      outFork,
      "--repo",
      "example/sso-tray-fork",
    ]);
    expect(readFileSync(path.join(outFork, "Formula/ssotray.rb"), "utf8")).toContain(
      `url "https://github.com/example/sso-tray-fork/releases/download/v${VERSION}/ssotray-linux-x64"`,
    );
  });
});

describe("npm run release:manifests refuses", () => {
  const attempt = (args: string[]) => writeReleaseManifests(args);
  const outside = () => path.join(mkdtempSync(path.join(os.tmpdir(), "ssotray-refused-")), "out");

  it("a release whose SHA256SUMS lacks a file a manifest names, naming it and what needs it, and writes nothing", async () => {
    const partial = releaseFolder(VERSION, [
      `SSO-Tray-${VERSION}-arm64.dmg`,
      "ssotray-win-x64.exe",
    ]);
    const target = outside();
    await expect(
      attempt(["--version", VERSION, "--checksums", partial.sums, "--out", target]),
    ).rejects.toThrow(
      `SHA256SUMS has no checksum for SSO-Tray-${VERSION}-arm64.dmg (Homebrew cask), ssotray-win-x64.exe (winget, Scoop)`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("checksums for another version's files", async () => {
    await expect(
      attempt(["--version", "1.4.1", "--checksums", release.sums, "--out", outside()]),
    ).rejects.toThrow(/no checksum for SSO-Tray-1\.4\.1-arm64\.dmg/);
  });

  it.each([
    [
      "not a digest",
      "e3b0c442  SSO-Tray-1.4.0-arm64.dmg",
      "SHA256SUMS line 2 is not '<sha256>  <file name>' as sha256sum writes it (got 'e3b0c442  SSO-Tray-1.4.0-arm64.dmg')",
    ],
    ["one space only", `${"a".repeat(64)} SSO-Tray-1.4.0-arm64.dmg`, /line 2 is not/],
    [
      "a name that would close a Ruby string",
      `${"a".repeat(64)}  SSO-Tray-1.4.0-arm64.dmg"; system("id"); "`,
      /line 2 names 'SSO-Tray-1.4.0-arm64.dmg\\"; system\(\\"id\\"\); \\"', which is not a release file's name/,
    ],
    ["a path", `${"a".repeat(64)}  ../SSO-Tray-1.4.0-arm64.dmg`, /line 2 names '\.\.\/SSO-Tray/],
    ["a space in the name", `${"a".repeat(64)}  SSO Tray.dmg`, /line 2 names 'SSO Tray\.dmg'/],
    ["a line separator in the name", `${"a".repeat(64)}  a\u2028b`, /line 2 is not .*a\\u2028b/],
  ])("a SHA256SUMS line with %s, by its number", async (_, line, message) => {
    const sums = path.join(mkdtempSync(path.join(os.tmpdir(), "ssotray-sums-")), "SHA256SUMS");
    writeFileSync(sums, `${"b".repeat(64)}  SSO-Tray-1.4.0-x64.dmg\n${line}\n`);
    await expect(
      attempt(["--version", VERSION, "--checksums", sums, "--out", outside()]),
    ).rejects.toThrow(message);
  });

  it("two different checksums for one file", () => {
    expect(() =>
      parseChecksums(
        `${"a".repeat(64)}  ssotray-linux-x64\n${"b".repeat(64)}  ssotray-linux-x64\n`,
      ),
    ).toThrow("SHA256SUMS line 2 gives ssotray-linux-x64 a second, different checksum");
  });

  it("an empty SHA256SUMS", () => {
    expect(() => parseChecksums("\n\n")).toThrow("SHA256SUMS lists no files");
  });

  it.each(["1.4", "1.4.0.1", "01.4.0", "1.4.0+build.7", "latest", "1.4.0\n", '1.4.0"'])(
    "--version %j",
    async (version) => {
      await expect(
        attempt(["--version", version, "--checksums", release.sums, "--out", outside()]),
      ).rejects.toThrow(
        `--version must be a release version like 1.4.0 or 1.4.0-beta.1 (got '${JSON.stringify(version).slice(1, -1)}')`,
      );
    },
  );

  it.each(["sso-tray", "sso-tray/sso-tray/extra", "-sso/tray", "sso/.."])(
    "--repo=%s",
    async (repo) => {
      await expect(
        attempt([
          "--version",
          VERSION,
          "--checksums",
          release.sums,
          "--out",
          outside(),
          `--repo=${repo}`,
        ]),
      ).rejects.toThrow(`--repo must be a GitHub repository as owner/name (got '${repo}')`);
    },
  );

  it("a missing option, saying how to call it", async () => {
    await expect(attempt(["--version", VERSION, "--checksums", release.sums])).rejects.toThrow(
      "missing --out; usage: npm run release:manifests -- --version 1.4.0 --checksums SHA256SUMS --out DIR [--repo owner/name] [--unsigned-macos]",
    );
  });

  it("an option it does not know, saying how to call it", async () => {
    await expect(attempt(["--versoin", VERSION])).rejects.toThrow(
      /^Unknown option '--versoin'.*; usage: npm run release:manifests -- --version 1\.4\.0/,
    );
  });

  it("a checksums file that is not there", async () => {
    await expect(
      attempt([
        "--version",
        VERSION,
        "--checksums",
        path.join(release.dir, "nope"),
        "--out",
        outside(),
      ]),
    ).rejects.toThrow(/cannot read the checksums file .*nope: ENOENT/);
  });

  it("prints one line and exits 1 when run", async () => {
    const failed = await run(
      path.join(root, "node_modules", ".bin", "tsx"),
      [
        "scripts/release-manifests.ts",
        "--version",
        "1.4",
        "--checksums",
        release.sums,
        "--out",
        outside(),
      ],
      { cwd: root },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr.trim().split("\n")).toEqual([
      "release:manifests: --version must be a release version like 1.4.0 or 1.4.0-beta.1 (got '1.4'): the tag's name without the leading v, and without build metadata",
    ]);
  });

  it("a value outside the shapes the Ruby is written from, even when handed past the checks", () => {
    expect(() =>
      cask({ version: '1.4.0" + `id` + "', repo: "sso-tray/sso-tray", license: "MIT" }, () =>
        "a".repeat(64),
      ),
    ).toThrow(/refusing to write .* into a Homebrew file/);
  });
});
