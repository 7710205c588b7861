import { Argument, type Command } from "commander";
import type { CliContext } from "../context.js";
import { completionSpec, SHELLS, type Shell } from "../completion/spec.js";
import { completionScript } from "../completion/scripts.js";

/** `ssotray completion SHELL`: the script, made from the program as it is now defined. */
export function registerCompletion(program: Command, ctx: CliContext): void {
  program
    .command("completion")
    .description("Print the shell completion script for bash, zsh, fish or PowerShell")
    .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
    .addHelpText(
      "after",
      `
Loading it:
  bash         source <(ssotray completion bash)
  zsh          source <(ssotray completion zsh)      (after compinit)
  fish         ssotray completion fish | source
  PowerShell   ssotray completion powershell | Out-String | Invoke-Expression
Each script's first lines say how to load it in every new shell.`,
    )
    .action((shell: Shell) => {
      ctx.io.stdout(completionScript(shell, completionSpec(program)));
    });
}
