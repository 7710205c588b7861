// `ssotray completion SHELL` in the real shells: bash (its completion function called as bash
// calls it, with COMP_WORDS and COMP_CWORD), zsh (the function called with `words` and CURRENT,
// `compadd` caught), fish (`complete -C`), against the built command, with account names from a
// cache the simulator filled. PowerShell is not installed here: its script's shape is checked.
import { execFile } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { requireTool } from "../simulator/testing.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { cliHome, removeCliHomes } from "../test-support/cli-home.js";
import { runSsotray } from "../test-support/run-ssotray.js";
import { CREDENTIAL_FORMATS } from "../shared/model.js";
import { buildProgram } from "./program.js";
import { CliContext } from "./context.js";
import { resolveLocations } from "../core/locations.js";
import { completionSpec } from "./completion/spec.js";
import { accountCacheFile } from "../core/portal/account-cache-file.js";

const run = promisify(execFile);
const zsh = requireTool("zsh");
const fish = requireTool("fish");

let sim: Simulator;
let scratch: string;
let env: Record<string, string>;
let account: { accountId: string; accountName: string; roles: string[] };

/** Writes `ssotray` (the built command) into a folder of its own and puts it first on PATH. */
function ssotrayOnPath(dist: string, folder: string, base: Record<string, string>) {
  mkdirSync(folder, { recursive: true });
  const wrapper = path.join(folder, "ssotray");
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(dist, "ssotray.mjs"))} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return { ...base, PATH: `${folder}:${base.PATH}` };
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-completion-"));
  const dist = path.join(scratch, "dist");
  await buildCli({ quiet: true, outdir: dist });
  sim = await startSimulator({ accounts: 4, rolesPerAccount: 2, seed: 36 });
  account = sim.accounts()[1]! as typeof account;
  const home = cliHome(sim, {
    config: `[profile deploy]\nsso_session = acme\nsso_account_id = ${account.accountId}\nsso_role_name = ${account.roles[0]}\n`,
  });
  // The account list, cached as any command that lists it leaves it.
  const listed = await runSsotray(home.env, ["accounts"]);
  expect(listed.code, listed.stderr).toBe(0);
  env = {
    ...ssotrayOnPath(dist, path.join(scratch, "bin"), home.env),
    XDG_CONFIG_HOME: path.join(home.dir, ".config"),
    XDG_DATA_HOME: path.join(home.dir, ".local", "share"),
  };
}, 120_000);

afterAll(async () => {
  await sim?.close();
  removeCliHomes();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The cases every shell answers: the words typed (the last one being completed) and the answer. */
function cases(): Array<[string[], string[]]> {
  const accountNames = sim
    .accounts()
    .map((a) => a.accountName)
    .sort();
  return [
    [
      ["ssotray", "cr"],
      ["credential-process", "creds"],
    ],
    [["ssotray", "creds", "--fo"], ["--format"]],
    [["ssotray", "creds", "--format", ""], [...CREDENTIAL_FORMATS]],
    [["ssotray", "creds", "--format", "f"], ["fish"]],
    [
      ["ssotray", "exec", "--region", "eu-west-"],
      ["eu-west-1", "eu-west-2", "eu-west-3"],
    ],
    [["ssotray", "config", "p"], ["populate"]],
    [["ssotray", "config", "populate", "--dr"], ["--dry-run"]],
    [
      ["ssotray", "completion", ""],
      ["bash", "zsh", "fish", "powershell"],
    ],
    [["ssotray", "login", "--session", ""], ["acme"]],
    [["ssotray", "session", "remove", ""], ["acme"]],
    [["ssotray", "creds", "--profile", "de"], ["deploy"]],
    [["ssotray", "creds", "--session", "acme", "--account", ""], accountNames],
    [
      ["ssotray", "console", "--account", account.accountName, "--role", ""],
      [...account.roles].sort(),
    ],
    [["ssotray", "exec", "--account", account.accountName, "--", "ech"], []],
  ];
}

const sorted = (line: string) => line.split(" ").filter(Boolean).sort();

describe("shell completion", () => {
  it("is generated from the command definitions: every visible command and option is in it", async () => {
    const ctx = new CliContext(
      env,
      { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false },
      resolveLocations(env),
    );
    const program = buildProgram(ctx);
    const spec = completionSpec(program);
    ctx.close();
    const script = (await runSsotray(env, ["completion", "bash"])).stdout;
    for (const command of program.commands.filter((c) => c.name() !== "help")) {
      expect(spec.commands.map((c) => c.path)).toContain(command.name());
      for (const option of command.options)
        if (option.long) expect(script).toContain(` ${option.long}`);
    }
    // A command added later is in the next script with no list to update.
    program.command("newcomer").option("--brand-new <value>");
    const grown = completionSpec(program);
    expect(grown.commands.find((c) => c.path === "newcomer")?.valued).toEqual(["--brand-new"]);
    expect(grown.commands.find((c) => c.path === "")?.subcommands).toContain("newcomer");
  });

  it("bash: registers _ssotray and completes commands, options and values", async () => {
    const all = cases();
    const script = [
      "source <(ssotray completion bash)",
      "complete -p ssotray",
      'comp() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _ssotray; echo "${COMPREPLY[*]}"; }',
      ...all.map(([words]) => `comp ${words.map((w) => `'${w}'`).join(" ")}`),
    ].join("\n");
    const { stdout } = await run("bash", ["--noprofile", "--norc", "-c", script], {
      env,
      encoding: "utf8",
    });
    const [registered, ...answers] = stdout.split("\n");
    expect(registered).toBe("complete -o default -F _ssotray ssotray");
    all.forEach(([words, expected], i) =>
      expect([words, sorted(answers[i]!)]).toEqual([words, [...expected].sort()]),
    );
  });

  it.skipIf(!zsh)("zsh: the function offers the same, through compadd", async () => {
    const all = cases();
    const script = [
      "source <(ssotray completion zsh)",
      // Outside a completion widget compadd is not there: this one prints what it was given.
      'compadd() { [[ $1 == -- ]] && shift; got+=("$@"); }',
      'comp() { local -a got; words=("$@"); CURRENT=$#; _ssotray; print -r -- "${got[*]}"; }',
      ...all.map(([words]) => `comp ${words.map((w) => `'${w}'`).join(" ")}`),
    ].join("\n");
    const { stdout } = await run(zsh!, ["--no-rcs", "--no-globalrcs", "-c", script], {
      env,
      encoding: "utf8",
    });
    const answers = stdout.split("\n");
    all.forEach(([words, expected], i) =>
      expect([words, sorted(answers[i]!)]).toEqual([words, [...expected].sort()]),
    );
  });

  it.skipIf(!fish)("fish: complete -C answers the same", async () => {
    const all = cases().filter(([words]) => !words.includes("--"));
    const script = [
      "ssotray completion fish | source",
      ...all.map(
        ([words]) => `echo (complete -C ${fishQuoted(words.join(" "))} | string join ' ')`,
      ),
    ].join("\n");
    const { stdout } = await run(fish!, ["--no-config", "--private", "-c", script], {
      env,
      encoding: "utf8",
    });
    const answers = stdout.split("\n");
    all.forEach(([words, expected], i) =>
      expect([words, sorted(answers[i]!)]).toEqual([words, [...expected].sort()]),
    );
  });

  it("PowerShell: a native argument completer with the same data (no pwsh here to run it)", async () => {
    const script = (await runSsotray(env, ["completion", "powershell"])).stdout;
    expect(script).toContain(
      "Register-ArgumentCompleter -Native -CommandName ssotray -ScriptBlock {",
    );
    expect(script).toContain(`'' = @('login', 'logout', 'status', 'session', 'accounts', 'creds'`);
    expect(script).toContain(
      `'--format' = @(${CREDENTIAL_FORMATS.map((f) => `'${f}'`).join(", ")})`,
    );
    expect(script).toContain(`'--session' = '@sessions'`);
    expect(script).toContain("& ssotray __complete $candidates.Substring(1) @typed");
    // Balanced braces and parentheses: a slip in the generator shows here first.
    for (const [open, close] of [
      ["{", "}"],
      ["(", ")"],
    ] as const)
      expect(script.split(open).length).toBe(script.split(close).length);
  });

  it("__complete reads the cache without commander or the AWS SDK, and offers only plain names", async () => {
    // A copy of the command without the modules that hold commander and the SDK (program.mjs
    // and any chunk of theirs): still answers.
    const light = path.join(scratch, "light");
    cpSync(path.join(scratch, "dist"), light, { recursive: true });
    let removed = 0;
    const modules = [
      path.join(light, "program.mjs"),
      ...readdirSync(path.join(light, "chunks")).map((chunk) => path.join(light, "chunks", chunk)),
    ];
    for (const file of modules) {
      if (/class CommanderError|@aws-sdk\/|SSOOIDCClient/.test(readFileSync(file, "utf8"))) {
        rmSync(file);
        removed += 1;
      }
    }
    expect(removed).toBeGreaterThan(0);
    const lightEnv = ssotrayOnPath(light, path.join(scratch, "light-bin"), env);
    const { stdout } = await run(
      "ssotray",
      ["__complete", "accounts", "creds", "--session", "acme"],
      { env: lightEnv, encoding: "utf8" },
    );
    expect(stdout.trim().split("\n").sort()).toEqual(
      sim
        .accounts()
        .map((a) => a.accountName)
        .sort(),
    );

    // A name a shell would give a meaning to is never offered: an account by its id instead.
    const config = path.join(path.dirname(env.AWS_CONFIG_FILE!), "config");
    writeFileSync(
      config,
      readFileSync(config, "utf8") +
        "\n[profile $(touch pwned)]\nregion = us-east-1\n[profile `x`]\nregion = us-east-1\n",
    );
    const cacheFile = accountCacheFile(resolveLocations(env).cache, "acme");
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as {
      accounts: Array<{ accountId: string; accountName: string }>;
    };
    cached.accounts[0]!.accountName = "Pay $(touch pwned) Prod";
    writeFileSync(cacheFile, JSON.stringify(cached));
    const accounts = await run("ssotray", ["__complete", "accounts"], {
      env: lightEnv,
      encoding: "utf8",
    });
    expect(accounts.stdout).toContain(`${cached.accounts[0]!.accountId}\n`);
    expect(accounts.stdout).not.toContain("touch");
    const profiles = await run("ssotray", ["__complete", "profiles"], {
      env: lightEnv,
      encoding: "utf8",
    });
    expect(profiles.stdout).toBe("deploy\n");
  });
});

function fishQuoted(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
