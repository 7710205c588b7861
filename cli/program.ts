// The full `ssotray` command line (commander), loaded only when the fast path does not answer.
import { Command, CommanderError } from "commander";
import { CliError, EXIT_USAGE, ExitStatus, oneLine } from "./cli-error.js";
import { CliContext, type Env } from "./context.js";
import type { Io } from "./terminal-io.js";
import { sessionPairs } from "./session-pairs.js";
import { registerAccounts } from "./commands/accounts.js";
import { registerConsole } from "./commands/console.js";
import { registerCredentialProcess } from "./commands/credential-process.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerCreds } from "./commands/creds.js";
import { registerExec } from "./commands/exec.js";
import { registerLogin } from "./commands/login.js";
import { registerLogout } from "./commands/logout.js";
import { registerSession } from "./commands/session.js";
import { registerStatus } from "./commands/status.js";
import { registerConfigCommands } from "./commands/config.js";
import { selfCommand } from "./self-command.js";
import { registerCompletion } from "./commands/completion.js";
import { aliasesOf, loadSettings } from "../core/settings/settings-store.js";
import { resolveLocations } from "../core/locations.js";
import { sweepLeftovers } from "../core/files/leftover-sweep.js";

const VERSION = "0.1.0";

export function buildProgram(ctx: CliContext): Command {
  const program = new Command("ssotray")
    .description(
      "Short-lived AWS credentials and console sign-in for every account IAM Identity Center gives you",
    )
    .version(VERSION, "-v, --version", "print the version")
    .showSuggestionAfterError(true)
    // Lets `exec` pass everything after its command through untouched (`-- ` optional).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
      // Usage errors are reported once, as one line, by runCli.
      outputError: () => undefined,
    });
  registerLogin(program, ctx);
  registerLogout(program, ctx);
  registerStatus(program, ctx);
  registerSession(program, ctx);
  registerAccounts(program, ctx);
  registerCreds(program, ctx);
  registerCredentialProcess(program, ctx);
  registerConsole(program, ctx);
  registerExec(program, ctx);
  registerDoctor(program, ctx, VERSION);
  // Aliases set in the app name the generated profiles too.
  registerConfigCommands(program, {
    locations: ctx.locations,
    selfCommand: () =>
      selfCommand(
        process,
        undefined,
        process.platform === "win32" ? ctx.locations.cliLink : undefined,
      ),
    sessionNames: async () => (await ctx.sessions.list()).map((s) => s.name),
    loadPairs: (session?: string) => sessionPairs(ctx, session),
    loadAliases: async () => aliasesOf(await loadSettings(ctx.locations, (m) => ctx.warn(m))),
    out: ctx.io,
    warn: (message) => ctx.warn(message),
  });
  registerCompletion(program, ctx);
  for (const command of program.commands) {
    command.exitOverride().showSuggestionAfterError(true);
    unknownOptionsFirst(command);
  }
  return program;
}

/**
 * Commander reports a missing required option before an unknown one, so `creds --acount x` said
 * "required option '--account' not specified" where the slip was the spelling. The required
 * options are checked here instead, after commander has named any unknown option (with the
 * closest known one), with commander's own message and code.
 */
function unknownOptionsFirst(command: Command): void {
  for (const sub of command.commands) unknownOptionsFirst(sub);
  const required = command.options.filter((option) => option.mandatory);
  if (required.length === 0) return;
  for (const option of required) option.makeOptionMandatory(false);
  command.hook("preAction", (cmd) => {
    const missing = required.find(
      (option) => cmd.getOptionValue(option.attributeName()) === undefined,
    );
    if (missing) {
      cmd.error(`required option '${missing.flags}' not specified`, {
        code: "commander.missingMandatoryOptionValue",
        exitCode: EXIT_USAGE,
      });
    }
  });
}

export async function runCli(
  args: readonly string[],
  env: Env = process.env,
  io: Io = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: askOnTerminal } : {}),
  },
): Promise<number> {
  const ctx = new CliContext(env, io, resolveLocations(env));
  const errorPrefix = ctx.paint.stderr(["bold", "red"], "ssotray:");
  // Alongside the command: it removes only temporary files older than a minute, never one of
  // this run's writes.
  const sweeping = sweepLeftovers(ctx.locations).catch(() => []);
  try {
    await buildProgram(ctx).parseAsync([...args], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (error.exitCode === 0) return 0;
      // A command that needs a subcommand (`ssotray`, `ssotray config`) has printed its help
      // already: a usage error, with nothing more to say.
      if (error.code === "commander.help") return EXIT_USAGE;
      io.stderr(`${errorPrefix} ${oneLine(error.message.replace(/^error: /, ""))}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ExitStatus) return error.exitCode;
    io.stderr(`${errorPrefix} ${oneLine(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  } finally {
    ctx.close();
    await sweeping;
  }
}

/** A yes/no question on stderr, answered on stdin: only "y" or "yes" is a yes. */
async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
