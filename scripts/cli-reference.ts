// `npm run docs:cli` writes docs/cli.md, the reference of every `ssotray` command and option, from
// the commander definitions the command runs with; scripts/cli-reference.test.ts fails when the
// file and the definitions part. The program is built with a placeholder home and Linux's
// locations, and whatever depends on the machine is replaced, so every machine writes the same file.
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import * as prettier from "prettier";
import { CliContext, type Env } from "../cli/context.js";
import { buildProgram } from "../cli/program.js";
import { resolveLocations } from "../core/locations.js";
import { cliReferenceMarkdown, type Stand } from "./cli-reference/markdown.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_REFERENCE = path.join(root, "docs", "cli.md");

/** A home no machine has: where it shows in the help, the page says `~`. */
const PLACEHOLDER_HOME = "/nonexistent/ssotray-reference-home";

/** The `ssotray` program as it runs, built without running anything; close() when done. */
export function referenceProgram(): { program: Command; close: () => void } {
  const env: Env = { HOME: PLACEHOLDER_HOME };
  const ctx = new CliContext(
    env,
    { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stdoutIsTTY: false },
    resolveLocations(env, "linux"),
  );
  return { program: buildProgram(ctx), close: () => ctx.close() };
}

/** The reference page of a program, formatted as the project's prettier formats docs/cli.md. */
export async function cliReferenceOf(program: Command): Promise<string> {
  const paths: Stand[] = [
    [PLACEHOLDER_HOME, "~"],
    [root, "<repository>"],
    [os.homedir(), "~"],
    [process.execPath, "node"],
  ];
  const stands = paths.filter(([found]) => !isFilesystemRoot(found));
  const version = program.version();
  if (version) stands.push([version, "<version>"]);
  const markdown = cliReferenceMarkdown(program, stands);
  const options = (await prettier.resolveConfig(CLI_REFERENCE)) ?? {};
  return prettier.format(markdown, { ...options, filepath: CLI_REFERENCE });
}

/** A home of "/" (some containers) must not turn every slash of the page into `~`. */
function isFilesystemRoot(dir: string): boolean {
  return path.parse(dir).root === dir;
}

/** docs/cli.md as it should read now. */
export async function cliReference(): Promise<string> {
  const { program, close } = referenceProgram();
  try {
    return await cliReferenceOf(program);
  } finally {
    close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await writeFile(CLI_REFERENCE, await cliReference());
    console.log(path.relative(process.cwd(), CLI_REFERENCE));
  } catch (error) {
    console.error(`docs:cli: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
