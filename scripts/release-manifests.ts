// `npm run release:manifests -- --version 1.4.0 --checksums SHA256SUMS --out DIR [--repo owner/name]`
// writes the package-manager manifests for a published release from its SHA256SUMS: the Homebrew
// tap (Casks/sso-tray.rb, Formula/ssotray.rb), the winget-pkgs manifests (manifests/s/SSOTray/…)
// and the Scoop manifest (scoop/ssotray.json), each naming the release's download URLs and hashes.
// The repository comes from package.json's `repository` unless --repo names another (a fork).
// --unsigned-macos leaves the cask out: Homebrew disables casks whose app fails Gatekeeper.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { releaseManifests } from "./manifests/channels.js";
import { parseChecksums } from "./manifests/checksums.js";
import { parseRepo, parseVersion, projectFacts } from "./manifests/release.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE =
  "usage: npm run release:manifests -- --version 1.4.0 --checksums SHA256SUMS --out DIR [--repo owner/name] [--unsigned-macos]";

/** Writes the manifests; resolves with the paths written, relative to --out. */
export async function writeReleaseManifests(args: string[]): Promise<string[]> {
  let values: Partial<Record<"version" | "checksums" | "out" | "repo", string>> & {
    "unsigned-macos"?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        version: { type: "string" },
        checksums: { type: "string" },
        out: { type: "string" },
        repo: { type: "string" },
        "unsigned-macos": { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message.split("\n")[0]}; ${USAGE}`);
  }
  const missing = (["version", "checksums", "out"] as const).filter((o) => !values[o]);
  if (missing.length > 0)
    throw new Error(`missing ${missing.map((o) => `--${o}`).join(", ")}; ${USAGE}`);
  const version = parseVersion(values.version!);
  const facts = projectFacts(JSON.parse(await readFile(path.join(root, "package.json"), "utf8")));
  const repo = values.repo === undefined ? facts.repo : parseRepo(values.repo);

  let text: string;
  try {
    text = await readFile(values.checksums!, "utf8");
  } catch (error) {
    throw new Error(
      `cannot read the checksums file ${values.checksums}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const source = path.basename(values.checksums!);
  const files = releaseManifests(
    { version, repo, license: facts.license },
    parseChecksums(text, source),
    { cask: !values["unsigned-macos"] },
    source,
  );
  const out = path.resolve(values.out!);
  for (const file of files) {
    const target = path.join(out, ...file.path.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
  return files.map((f) => f.path);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    const written = await writeReleaseManifests(args);
    for (const file of written) console.log(file);
  } catch (error) {
    console.error(`release:manifests: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
