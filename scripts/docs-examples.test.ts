// Every shell block in the README and docs/ that runs `ssotray` works as written against the
// simulator, which has the accounts, roles and account access tenant the pages name: a reader who
// pastes one after `npm run simulator`'s export line gets what the page says. A block that cannot
// run there (a browser the machine may lack, a profile the reader writes first) carries
// `<!-- not run: why -->` on the line before it. docs/cli.md is generated from the commands' own
// help and has its own test.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { split } from "shlex";
import { afterAll, describe, expect, it } from "vitest";
import { startSimulator } from "../simulator/index.js";
import { runSsotray } from "../test-support/run-ssotray.js";

const root = path.resolve(import.meta.dirname, "..");
const SHELLS = new Set(["sh", "bash", "zsh", "fish", "powershell", "pwsh", "bat"]);
const NOT_RUN = /^<!--\s*not run:(.*?)-->$/;

interface ShellBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lines: string[];
  /** The reason given by a `<!-- not run: … -->` mark, or undefined when the block runs. */
  notRun?: string;
}

/** The fenced shell blocks of a Markdown text, with the mark on the line before each. */
function shellBlocks(file: string, text: string): ShellBlock[] {
  const lines = text.split("\n");
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith("```"));
    if (end === -1) throw new Error(`${file}:${i + 1}: a code block that never closes`);
    if (SHELLS.has(fence[1]!)) {
      let before = i - 1;
      while (before >= 0 && lines[before]!.trim() === "") before--;
      const mark = before >= 0 ? NOT_RUN.exec(lines[before]!.trim()) : null;
      blocks.push({
        file,
        line: i + 1,
        lines: lines.slice(i + 1, end),
        ...(mark ? { notRun: mark[1]!.trim() } : {}),
      });
    }
    i = end;
  }
  return blocks;
}

/** The arguments of the `ssotray` a shell line runs, with any `VAR=value` set before it. */
function ssotrayCall(line: string): { env: Record<string, string>; args: string[] } | null {
  const text = line.replace(/\s+#.*$/, "");
  const at = /(?:^|[\s("<])ssotray\s/.exec(text);
  if (!at) return null;
  const start = at.index + at[0].indexOf("ssotray");
  // What follows the call in the shell's own syntax (a pipe, a redirection, the end of `$(…)` or
  // `(…)`, a second command) is not ssotray's: cut at the first such character outside quotes.
  let quote = "";
  let end = text.length;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if ("|>);&".includes(c)) {
      end = i;
      break;
    }
  }
  const env: Record<string, string> = {};
  for (const word of split(text.slice(0, start).replace(/^.*[("]/, ""))) {
    const assignment = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(word);
    if (assignment) env[assignment[1]!] = assignment[2]!;
  }
  return { env, args: split(text.slice(start, end)).slice(1) };
}

function pages(): Array<[string, string]> {
  const docs = readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md") && f !== "cli.md")
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs].map((f) => [f, readFileSync(path.join(root, f), "utf8")]);
}

/** A stand-in browser that asks for the page it is given, as a real one does, and ends. */
function fetchingBrowser(dir: string): string {
  const file = path.join(dir, "browser");
  writeFileSync(
    file,
    `#!/bin/sh\nexec "${process.execPath}" -e 'fetch(process.argv[1], { redirect: "manual" }).catch(() => {})' "$1"\n`,
    { mode: 0o755 },
  );
  return file;
}

/** What the test runs for a documented call: no browser to wait on, no question to answer. */
function runnable(args: string[]): string[] {
  if (args[0] === "login" && !args.includes("--no-browser")) return [...args, "--no-browser"];
  if (args[0] === "exec") {
    // The command after `--` may not be installed here (the AWS CLI, terraform); what `exec`
    // promises is that the command gets the role, which this one checks.
    const dash = args.indexOf("--");
    return [
      ...args.slice(0, dash + 1),
      process.execPath,
      "-e",
      "process.exit(process.env.AWS_SESSION_TOKEN || process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI ? 0 : 3)",
    ];
  }
  if (args[0] === "session" && args[1] === "remove" && !args.includes("--yes"))
    return [...args, "--yes"];
  return args;
}

describe("the ssotray call on a documented shell line", () => {
  it("is what each shell's way of loading or piping it runs", () => {
    const args = ["creds", "--account", "payments-prod"];
    expect(ssotrayCall('eval "$(ssotray creds --account payments-prod)"   # bash')?.args).toEqual(
      args,
    );
    expect(ssotrayCall("eval (ssotray creds --account payments-prod)")?.args).toEqual(args);
    expect(ssotrayCall("ssotray creds --account payments-prod | source")?.args).toEqual(args);
    expect(ssotrayCall("ssotray creds --account payments-prod > .env")?.args).toEqual(args);
    expect(ssotrayCall("source <(ssotray completion zsh)     # after compinit")?.args).toEqual([
      "completion",
      "zsh",
    ]);
    expect(ssotrayCall("ssotray config populate --profile-name '{a}|{b}'")?.args).toEqual([
      "config",
      "populate",
      "--profile-name",
      "{a}|{b}",
    ]);
    expect(ssotrayCall("NO_COLOR=1 ssotray status")).toEqual({
      env: { NO_COLOR: "1" },
      args: ["status"],
    });
    // Not a call: a package named after it, or a file.
    expect(ssotrayCall("brew install sso-tray/tap/ssotray")).toBeNull();
    expect(ssotrayCall("xattr -d com.apple.quarantine ssotray-darwin-arm64")).toBeNull();
  });
});

describe("shell blocks in the README and docs/", () => {
  it("are found, and every `not run` mark says why", () => {
    const blocks = pages().flatMap(([file, text]) => shellBlocks(file, text));
    expect(blocks.filter((b) => b.file === "README.md").length).toBeGreaterThan(0);
    for (const block of blocks.filter((b) => b.notRun !== undefined))
      expect(
        block.notRun!.split(/\s+/).length,
        `${block.file}:${block.line}: "<!-- not run: … -->" needs a reason`,
      ).toBeGreaterThanOrEqual(3);
    // A mark before anything but a shell block is a reason for nothing.
    for (const [file, text] of pages()) {
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        if (!NOT_RUN.test(line.trim())) return;
        const next = lines.slice(i + 1).find((l) => l.trim() !== "") ?? "";
        const fence = /^```(\S*)\s*$/.exec(next)?.[1] ?? "";
        expect(
          SHELLS.has(fence),
          `${file}:${i + 1}: a "not run" mark with no shell block after it`,
        ).toBe(true);
      });
    }
  });

  const sim = startSimulator({
    accounts: 20,
    exampleAccounts: true,
    // The tenant the pages name, as `npm run simulator -- --account-access-tenant aa-example`.
    accountAccessTenant: "aa-example",
  });
  afterAll(async () => (await sim).close());

  it("run as written against the simulator, each page in a throwaway HOME", async () => {
    const s = await sim;
    let ran = 0;
    for (const [file, text] of pages()) {
      const calls = shellBlocks(file, text)
        .filter((b) => b.notRun === undefined)
        .flatMap((b) =>
          b.lines.flatMap((line, i) => {
            const call = ssotrayCall(line);
            return call ? [{ ...call, where: `${file}:${b.line + 1 + i}` }] : [];
          }),
        );
      if (calls.length === 0) continue;
      // Removals and sign-outs go last, so every other example has its session to run on.
      const ends = (a: string[]) => a.includes("remove") || a[0] === "logout";
      const ordered = [...calls.filter((c) => !ends(c.args)), ...calls.filter((c) => ends(c.args))];
      const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-docs-"));
      try {
        const env: Record<string, string> = {
          PATH: process.env.PATH ?? "",
          HOME: dir,
          SSOTRAY_HOME: path.join(dir, "ssotray"),
          // The console lines open a browser, and ssotray waits until the browser has asked for
          // the one-time address it hands over (handoff.ts).
          SSOTRAY_BROWSER: fetchingBrowser(dir),
          ...s.env,
        };
        // A page that starts past the sign-in (doctor, completion) is read after one.
        if (ordered[0]!.args[0] !== "login") {
          const login = await runSsotray(env, [
            "login",
            "--start-url",
            "https://acme.awsapps.com/start",
            "--region",
            "eu-west-1",
            "--no-browser",
          ]);
          expect(login.code, login.stderr).toBe(0);
        }
        for (const call of ordered) {
          const args = runnable(call.args);
          const result = await runSsotray({ ...env, ...call.env }, args);
          expect(result.code, `${call.where}: ssotray ${args.join(" ")}\n${result.stderr}`).toBe(0);
          ran += 1;
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(ran).toBeGreaterThanOrEqual(20);
  }, 90_000);
});
