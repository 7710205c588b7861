// docs/cli.md is the reference `npm run docs:cli` makes from the command definitions: it must say
// what the commands say now, cover every command, option and added help text, and stay a page
// whose tables and paths read the same on every machine.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_REFERENCE, cliReference, cliReferenceOf, referenceProgram } from "./cli-reference.js";

const { program, close } = referenceProgram();
afterAll(close);

/** The page's sections by heading ("ssotray session list"). */
function sections(page: string): Map<string, string> {
  const bySection = new Map<string, string>();
  for (const part of page.split(/^## /m).slice(1)) {
    const [heading = "", ...body] = part.split("\n");
    bySection.set(heading, body.join("\n"));
  }
  return bySection;
}

/** Every command, ssotray itself first, with the words that name it; commander's `help` aside. */
function commandsOf(command: Command, words: string[] = [command.name()]): [string, Command][] {
  return [
    [words.join(" "), command],
    ...command.commands
      .filter((c) => c.name() !== "help")
      .flatMap((c) => commandsOf(c, [...words, c.name()])),
  ];
}

describe("the CLI reference", () => {
  it("docs/cli.md says what the command definitions say now", async () => {
    const written = readFileSync(CLI_REFERENCE, "utf8");
    expect(
      written,
      "docs/cli.md differs from the command definitions: run `npm run docs:cli` and commit docs/cli.md",
    ).toBe(await cliReference());
  });

  it("has a section for every command, with its usage, options and the text added to its help", async () => {
    const page = sections(await cliReferenceOf(program));
    const commands = commandsOf(program);
    expect([...page.keys()]).toEqual(commands.map(([words]) => words));
    expect(commands.map(([words]) => words)).toEqual(
      expect.arrayContaining(["ssotray creds", "ssotray session list", "ssotray config populate"]),
    );
    for (const [words, command] of commands) {
      const body = page.get(words)!;
      expect(body, words).toContain(`\n${words} `);
      for (const option of command.options)
        expect(body, words).toContain(`\`${option.flags.replace(/\|/g, "\\|")}\``);
      for (const arg of command.registeredArguments) expect(body, words).toContain(arg.name());
    }
    // Text from addHelpText, as --help prints it.
    expect(page.get("ssotray creds")).toContain("ssotray creds --format fish ARGS | source");
    expect(page.get("ssotray login")).toContain("SSOTRAY_BROWSER");
    expect(page.get("ssotray completion")).toContain("source <(ssotray completion bash)");
    // A default is shown as the option has it.
    expect(page.get("ssotray creds")).toMatch(/`--format <format>` .*\| `bash` +\|/);
  });

  it("keeps every table row to its columns, even where a flag has a pipe in it", async () => {
    const page = await cliReferenceOf(program);
    expect(page).toContain("`--account <id\\|name>`");
    const cells = (row: string) => row.split(/(?<!\\)\|/).length;
    let columns = 0;
    for (const line of page.split("\n")) {
      if (!line.startsWith("|")) {
        columns = 0;
        continue;
      }
      columns ||= cells(line);
      expect(cells(line), line).toBe(columns);
    }
  });

  it("shows a command added later, with this machine's home and the version stood in for", async () => {
    const { program: grown, close: closeGrown } = referenceProgram();
    try {
      const newcomer = grown
        .command("newcomer")
        .description("A command the page has no list for")
        .option("--cache <dir>", "where it keeps things", path.join(os.homedir(), ".newcomer"))
        .addHelpText("after", `Made by ssotray ${grown.version()} in ${os.homedir()}/work.`);
      newcomer.command("inner").command("innermost").description("Three words down");
      const page = await cliReferenceOf(grown);
      expect(page).toContain(
        "\n    - [ssotray newcomer inner innermost](#ssotray-newcomer-inner-innermost)\n",
      );
      expect(sections(page).get("ssotray newcomer inner innermost")).toContain("Three words down");
      const section = sections(page).get("ssotray newcomer");
      expect(section).toBeDefined();
      expect(section).toContain("A command the page has no list for");
      expect(section).toContain("`~/.newcomer`");
      expect(section).toContain("Made by ssotray <version> in ~/work.");
      expect(section).not.toContain(os.homedir());
    } finally {
      closeGrown();
    }
  });

  it("reads the same when the home is the filesystem root, as in some containers", async () => {
    const expected = await cliReferenceOf(program);
    const home = process.env.HOME;
    process.env.HOME = "/";
    try {
      expect(os.homedir()).toBe("/");
      expect(await cliReferenceOf(program)).toBe(expected);
    } finally {
      process.env.HOME = home;
    }
  });
});
