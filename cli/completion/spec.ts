// What shell completion knows, read from the commander definitions themselves (never a list kept
// by hand): each command's subcommands and options, which options take a value, and where their
// values come from. The scripts (scripts.ts) carry this as data; values that live in the user's
// files (sessions, profiles, accounts, roles) are asked of `ssotray __complete` (values.ts).
import type { Command } from "commander";
import { CREDENTIAL_FORMATS } from "../../shared/model.js";
import { AWS_REGIONS } from "../../shared/regions.js";
import type { DynamicKind } from "./values.js";
import { BROWSER_CHOICES } from "../console-browser-options.js";

export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

/** Fixed words, or a kind of name read from the user's files when the shell asks. */
export type ValueSource = { words: readonly string[] } | { dynamic: DynamicKind };

export interface CommandSpec {
  /** "" for ssotray itself, else the words that name the command ("config populate"). */
  path: string;
  subcommands: string[];
  /** Every spelling: "--format", "-h". */
  options: string[];
  /** The options that take a value (the next word is that value). */
  valued: string[];
  /** What the first positional argument is, when it is known. */
  positional?: ValueSource;
}

export interface CompletionSpec {
  commands: CommandSpec[];
  /** Values by option spelling, the same in every command that has the option. */
  values: Record<string, ValueSource>;
}

/**
 * Where an option's values come from, by its long name; commander's own .choices() win. The
 * formats and regions are the lists the commands check against.
 */
const OPTION_VALUES: Record<string, ValueSource> = {
  "--format": { words: CREDENTIAL_FORMATS },
  "--region": { words: AWS_REGIONS },
  "--session": { dynamic: "sessions" },
  "--profile": { dynamic: "profiles" },
  "--account": { dynamic: "accounts" },
  "--role": { dynamic: "roles" },
  "--browser": { words: BROWSER_CHOICES },
};

/** Positional arguments by their name in the definitions. */
const ARGUMENT_VALUES: Record<string, ValueSource> = {
  name: { dynamic: "sessions" },
  shell: { words: SHELLS },
};

export function completionSpec(program: Command): CompletionSpec {
  const help = program.createHelp();
  const commands: CommandSpec[] = [];
  const values: Record<string, ValueSource> = {};
  const walk = (command: Command, path: string) => {
    const subs = help.visibleCommands(command).filter((c) => c.name() !== "help");
    const spec: CommandSpec = {
      path,
      subcommands: subs.map((c) => c.name()),
      options: [],
      valued: [],
    };
    for (const option of help.visibleOptions(command)) {
      const spellings = [option.long, option.short].filter((s): s is string => s !== undefined);
      spec.options.push(...spellings);
      if (!(option.required || option.optional)) continue;
      spec.valued.push(...spellings);
      const source = option.argChoices
        ? { words: option.argChoices }
        : option.long
          ? OPTION_VALUES[option.long]
          : undefined;
      if (source) for (const s of spellings) values[s] = source;
    }
    const first = command.registeredArguments[0];
    const positional = first
      ? first.argChoices
        ? { words: first.argChoices }
        : ARGUMENT_VALUES[first.name()]
      : undefined;
    if (positional) spec.positional = positional;
    commands.push(spec);
    for (const sub of subs) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, "");
  return { commands, values };
}
