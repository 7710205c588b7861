// The GitHub Actions workflows, checked here because no run of them can be tried before it is
// pushed: each passes @action-validator/cli (GitHub's workflow schema), pins every action to a
// full commit SHA with its version in a comment, grants least privilege at the top, and calls
// only npm scripts and scripts/ files that exist.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const folder = path.join(root, ".github", "workflows");
const validator = path.join(root, "node_modules", "@action-validator", "cli", "cli.mjs");
const scripts = Object.keys(
  (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: object })
    .scripts,
);
const workflows = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();
const scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-workflows-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isMap = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every value under a `uses` or `run` key, wherever it is (steps, jobs calling a workflow). */
function valuesOf(key: "uses" | "run", node: Json | undefined, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) valuesOf(key, item, found);
  else if (isMap(node))
    for (const [name, value] of Object.entries(node)) {
      if (name === key && typeof value === "string") found.push(value);
      else valuesOf(key, value, found);
    }
  return found;
}

/** What is wrong with a workflow's `uses:` lines: a ref that is not a commit, or no version comment. */
export function unpinned(text: string): string[] {
  const workflow = parse(text) as Json;
  const lines = text.split("\n").filter((line) => /^\s*(-\s+)?uses:/.test(line));
  const problems: string[] = [];
  // A `uses` the line scan missed (flow style, a key in quotes) would go unchecked.
  if (lines.length !== valuesOf("uses", workflow).length)
    problems.push("a `uses:` is not on a line of its own as `uses: owner/repo@sha # vX.Y.Z`");
  for (const line of lines) {
    if (/^\s*(-\s+)?uses:\s*\.\//.test(line)) continue;
    if (!/^\s*(-\s+)?uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+\s*$/.test(line))
      problems.push(`not pinned to a full commit SHA with a "# vX.Y.Z" comment: ${line.trim()}`);
  }
  return problems;
}

/** What is wrong with a workflow's top-level permissions: missing, or granting any write. */
export function broadPermissions(text: string): string[] {
  const workflow = parse(text) as Json;
  if (!isMap(workflow) || !("permissions" in workflow))
    return ["no top-level `permissions:` (every job would get the repository's default token)"];
  const permissions = workflow.permissions;
  if (isMap(permissions)) {
    const writes = Object.entries(permissions).filter(([, level]) => level === "write");
    return writes.map(
      ([scope]) => `top-level permissions grant ${scope}: write; grant it in the job that needs it`,
    );
  }
  return permissions === "read-all" || (isMap(permissions) && Object.keys(permissions).length === 0)
    ? []
    : [`top-level permissions are '${String(permissions)}': list the scopes, each read or none`];
}

/** `npm run X` and `node scripts/Y` in `run:` steps that name nothing in this repository. */
export function missingCommands(
  text: string,
  knownScripts: string[],
  exists: (file: string) => boolean,
): string[] {
  const problems: string[] = [];
  for (const command of valuesOf("run", parse(text) as Json)) {
    for (const [, script] of command.matchAll(/\bnpm run(?:\s+--?[\w-]+)*\s+([\w:.-]+)/g))
      if (!knownScripts.includes(script!))
        problems.push(`npm run ${script}: package.json has no such script`);
    for (const [, file] of command.matchAll(
      /\bnode\s+(?:--[\w-]+(?:[= ]\S+)?\s+)*(scripts\/[\w./-]+)/g,
    ))
      if (!exists(file!)) problems.push(`node ${file}: no such file`);
  }
  return problems;
}

/**
 * action-validator 0.6.0 (the newest on npm) carries a schema from before GitHub added the
 * `attestations` permission (mpalmer/action-validator#75), and refuses it. The copy it is shown
 * leaves that one key out, only where it holds a valid level; the rest of the file is validated as is.
 */
export function withoutAttestationsPermission(text: string): string {
  return text.replace(/^(\s+)attestations: (read|write|none)\s*(#.*)?\n/gm, "");
}

describe.each(workflows)(".github/workflows/%s", (name) => {
  const file = path.join(folder, name);
  const text = readFileSync(file, "utf8");

  it("passes @action-validator/cli", async () => {
    const copy = path.join(scratch, name);
    writeFileSync(copy, withoutAttestationsPermission(text));
    const result = await run(process.execPath, [validator, copy], { cwd: root }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(`${result.stdout}${result.stderr}`).toBe("");
  });

  it("pins every action to a full commit SHA with its version in a comment", () => {
    expect(unpinned(text)).toEqual([]);
  });

  it("grants least privilege at the top", () => {
    expect(broadPermissions(text)).toEqual([]);
  });

  it("calls only npm scripts and scripts/ files that exist", () => {
    expect(missingCommands(text, scripts, (f) => existsSync(path.join(root, f)))).toEqual([]);
  });
});

describe("the release workflow's uploads", () => {
  const release = parse(readFileSync(path.join(folder, "release.yml"), "utf8")) as Json;
  // Every `path:` of an upload-artifact step, one glob a line; only `*` is used in them.
  const globs = JSON.stringify(release)
    .match(/"path":"([^"]*)"/g)!
    .flatMap((m) => (JSON.parse(`{${m}}`) as { path: string }).path.split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("release/"));
  const uploaded = (file: string) =>
    globs.some((glob) =>
      new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`).test(
        file,
      ),
    );
  const v = "1.2.3";

  it("include every file the update feeds and the manifests name", () => {
    const files = [
      ...["x64", "arm64"].flatMap((arch) =>
        ["dmg", "zip"].flatMap((ext) => [
          `SSO-Tray-${v}-${arch}.${ext}`,
          `SSO-Tray-${v}-${arch}.${ext}.blockmap`,
        ]),
      ),
      `SSO-Tray-Setup-${v}.exe`,
      `SSO-Tray-Setup-${v}.exe.blockmap`,
      `SSO-Tray-${v}.AppImage`,
      `sso-tray_${v}_amd64.deb`,
      `sso-tray-${v}.x86_64.rpm`,
      "latest.yml",
      "latest-mac.yml",
      "latest-linux.yml",
    ].map((name) => `release/${name}`);
    const executables = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64"]
      .map((target) => `release/cli/ssotray-${target}`)
      .concat("release/cli/ssotray-win-x64.exe");
    expect([...files, ...executables].filter((file) => !uploaded(file))).toEqual([]);
  });
});

describe("the workflow checks themselves", () => {
  it("cover the CI and the release workflow", () => {
    expect(workflows).toEqual(expect.arrayContaining(["ci.yml", "release.yml"]));
  });

  const SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1";
  const steps = (...lines: string[]) =>
    [
      "on: push",
      "permissions:",
      "  contents: read",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      ...lines.map((l) => `      ${l}`),
      "",
    ].join("\n");

  it("catch a tag, a short SHA, a missing comment and a `uses` the line scan cannot see", () => {
    expect(unpinned(steps(`- uses: actions/checkout@${SHA} # v7.0.1`, "- uses: ./local"))).toEqual(
      [],
    );
    expect(unpinned(steps("- uses: actions/checkout@v7"))).toHaveLength(1);
    expect(unpinned(steps("- uses: actions/checkout@3d3c42e # v7.0.1"))).toHaveLength(1);
    expect(unpinned(steps(`- uses: actions/checkout@${SHA}`))).toHaveLength(1);
    expect(unpinned(steps(`- { uses: actions/checkout@v7 }`))).toEqual([
      expect.stringContaining("not on a line of its own"),
    ]);
  });

  it("catch missing and write permissions at the top", () => {
    expect(broadPermissions("on: push\njobs: {}\n")).toEqual([
      expect.stringContaining("no top-level"),
    ]);
    expect(broadPermissions("on: push\npermissions: write-all\njobs: {}\n")).toHaveLength(1);
    expect(broadPermissions("on: push\npermissions:\n  contents: write\njobs: {}\n")).toEqual([
      expect.stringContaining("contents: write"),
    ]);
  });

  it("catch an npm script or a scripts/ file that is not there", () => {
    const text = steps("- run: npm run --silent nope && node scripts/gone.mjs && npm run build");
    expect(missingCommands(text, ["build"], () => false)).toEqual([
      "npm run nope: package.json has no such script",
      "node scripts/gone.mjs: no such file",
    ]);
  });

  it("leave out only a valid attestations permission for the validator", () => {
    const text =
      "permissions:\n  contents: write\n  attestations: write # provenance\n  id-token: write\n";
    expect(withoutAttestationsPermission(text)).toBe(
      "permissions:\n  contents: write\n  id-token: write\n",
    );
    expect(withoutAttestationsPermission("  attestations: admin\n")).toBe(
      "  attestations: admin\n",
    );
  });
});
