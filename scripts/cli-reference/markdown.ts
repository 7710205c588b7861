// The CLI reference as Markdown, read from the commander definitions (never a list kept by hand):
// one section per visible command and subcommand, in the order `--help` lists them, each with its
// usage, description, arguments, options and the text the command adds to its help.
import { stripVTControlCharacters } from "node:util";
import type { Argument, Command, Help, Option } from "commander";

/** Literal text that depends on the machine that ran the generator, and what stands for it. */
export type Stand = readonly [found: string, shown: string];

const INTRO = `Every command and option of \`ssotray\`, as its \`--help\` gives them. Every command also
takes \`-h, --help\`; \`ssotray help COMMAND\` prints the same.`;

export function cliReferenceMarkdown(program: Command, stands: readonly Stand[] = []): string {
  const help = program.createHelp();
  const sections: string[] = [];
  const toc: string[] = [];
  const walk = (command: Command, words: string[]) => {
    sections.push(commandSection(command, words, help));
    // The contents list the commands under ssotray, indented by depth.
    if (words.length > 1)
      toc.push(`${"  ".repeat(words.length - 2)}- [${words.join(" ")}](#${anchor(words)})`);
    for (const sub of subcommandsOf(command, help)) walk(sub, [...words, sub.name()]);
  };
  walk(program, [program.name()]);
  const page = [
    "<!-- Made by `npm run docs:cli` from the command definitions in cli/; change those, then run it again. -->",
    "",
    "# Command-line reference",
    "",
    INTRO,
    "",
    ...toc,
    "",
    ...sections,
  ].join("\n");
  return standIn(page, stands);
}

/** `help` is commander's own; the intro names it once rather than as a section of its own. */
function subcommandsOf(command: Command, help: Help): Command[] {
  return help.visibleCommands(command).filter((c) => c.name() !== "help");
}

function commandSection(command: Command, words: string[], help: Help): string {
  const lines = [`## ${words.join(" ")}`, ""];
  const description = help.commandDescription(command);
  if (description) lines.push(text(description), "");
  const { before, after } = addedHelpText(command);
  if (before) lines.push(fenced(before), "");
  lines.push("Usage:", "", fenced(usageOf(command, words, help)), "");

  const subs = subcommandsOf(command, help);
  if (subs.length > 0) {
    lines.push("Commands:", "");
    for (const sub of subs) {
      const path = [...words, sub.name()];
      lines.push(
        `- [\`${sub.name()}\`](#${anchor(path)}): ${text(help.subcommandDescription(sub))}`,
      );
    }
    lines.push("");
  }

  const args = help.visibleArguments(command);
  if (args.length > 0) {
    lines.push("Arguments:", "", "| Argument | Description |", "| --- | --- |");
    for (const arg of args) lines.push(`| ${code(argumentTerm(arg))} | ${argumentText(arg)} |`);
    lines.push("");
  }

  const options = help.visibleOptions(command).filter((o) => o.long !== "--help");
  if (options.length > 0) {
    lines.push("Options:", "", "| Option | Description | Default |", "| --- | --- | --- |");
    for (const option of options)
      lines.push(`| ${code(option.flags)} | ${optionText(option)} | ${defaultOf(option)} |`);
    lines.push("");
  }

  if (after) lines.push(fenced(after), "");
  return lines.join("\n");
}

/** The full words, as the user types them, whatever width the terminal has. */
function usageOf(command: Command, words: string[], help: Help): string {
  const own = help.commandUsage(command).split(" ").slice(words.length).join(" ");
  return [...words, own].filter(Boolean).join(" ");
}

/**
 * What addHelpText put before and after the generated help, taken from the help as `--help`
 * prints it (commander keeps that text only as listeners of its help events).
 */
function addedHelpText(command: Command): { before: string; after: string } {
  let printed = "";
  const keep = command.configureOutput();
  command.configureOutput({ ...keep, writeOut: (t) => void (printed += t) });
  try {
    command.outputHelp();
  } finally {
    command.configureOutput(keep);
  }
  const generated = command.helpInformation();
  const at = printed.indexOf(generated);
  if (at < 0)
    throw new Error(
      `The help of '${command.name()}' no longer contains commander's generated help, so the text added with addHelpText cannot be told apart; check how commander prints help.`,
    );
  return {
    before: trimBlankLines(printed.slice(0, at)),
    after: trimBlankLines(printed.slice(at + generated.length)),
  };
}

function argumentTerm(arg: Argument): string {
  const name = arg.name() + (arg.variadic ? "..." : "");
  return arg.required ? `<${name}>` : `[${name}]`;
}

function argumentText(arg: Argument): string {
  const parts = [text(arg.description)];
  if (arg.argChoices) parts.push(`(one of ${arg.argChoices.map(code).join(", ")})`);
  if (arg.defaultValue !== undefined)
    parts.push(`(default: ${code(arg.defaultValueDescription ?? String(arg.defaultValue))})`);
  return parts.filter(Boolean).join(" ");
}

function optionText(option: Option): string {
  const parts = [text(option.description)];
  if (option.argChoices) parts.push(`(one of ${option.argChoices.map(code).join(", ")})`);
  if (option.envVar) parts.push(`(also read from ${code(option.envVar)})`);
  return parts.filter(Boolean).join(" ");
}

function defaultOf(option: Option): string {
  if (option.defaultValue === undefined) return "";
  const shown =
    option.defaultValueDescription ??
    (typeof option.defaultValue === "string"
      ? option.defaultValue
      : JSON.stringify(option.defaultValue));
  return code(shown);
}

/** GitHub's heading anchor for these headings (lower-case words, spaces to hyphens). */
function anchor(words: string[]): string {
  return words.join(" ").toLowerCase().replace(/ /g, "-");
}

/**
 * Plain text in a table cell or paragraph: nothing in it becomes markup. An underscore inside a
 * word (use_fips_endpoint) is no emphasis in GitHub's Markdown, so it stays as it reads.
 */
function text(value: string): string {
  return value
    .replace(/[\\`*[\]<>|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`)
    .replace(/\s*\n\s*/g, " ");
}

/** An inline code span; a pipe is escaped even there, or it would end the table cell. */
function code(value: string): string {
  return `\`${value.replace(/\|/g, "\\|")}\``;
}

/** Text as the terminal shows it, in a fence longer than any run of backticks inside it. */
function fenced(value: string): string {
  const longest = Math.max(2, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${stripVTControlCharacters(value)}\n${fence}`;
}

function trimBlankLines(value: string): string {
  return value.replace(/^(\s*\n)+/, "").trimEnd();
}

/** Replaces what the generating machine put in the text (paths, the version) with what stands for it. */
function standIn(page: string, stands: readonly Stand[]): string {
  const longestFirst = [...stands]
    .filter(([found]) => found.length > 0)
    .sort((a, b) => b[0].length - a[0].length);
  let out = page;
  for (const [found, shown] of longestFirst) out = out.split(found).join(shown);
  return out;
}
