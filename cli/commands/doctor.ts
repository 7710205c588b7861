// `ssotray doctor`: what on this machine stops sign-in or credentials, and what to do about it;
// `--endpoints`: the endpoints each session would call, worked out without calling them.
import type { Command } from "commander";
import path from "node:path";
import type { Finding } from "../../core/diagnostics/finding.js";
import { endpointsText } from "../../core/diagnostics/endpoints-text.js";
import { doctorReport } from "../../core/diagnostics/doctor-report.js";
import { runChecks } from "../../core/diagnostics/run-checks.js";
import { sessionEndpoints } from "../../core/diagnostics/session-endpoints.js";
import { writeFileAtomically } from "../../core/files/atomic-write.js";
import { selfCommand } from "../self-command.js";
import { printable } from "../../core/portal/portal-shapes.js";
import { CliError, EXIT_FAILURE, EXIT_USAGE, ExitStatus } from "../cli-error.js";
import type { CliContext } from "../context.js";
import type { Paint } from "../terminal-colour.js";
import { displayPath } from "../../core/locations.js";

interface DoctorOptions {
  endpoints?: boolean;
  json?: boolean;
  report?: string;
}

export function registerDoctor(program: Command, ctx: CliContext, version: string): void {
  program
    .command("doctor")
    .description("Check this machine for what stops sign-in or credentials, and say what to do")
    .option("--endpoints", "print the endpoints each session would call, without calling them")
    .option("--json", "print JSON")
    .option(
      "--report <file>",
      "also write a report for a bug report: versions, OS, checks, config and last errors, with secrets and account ids masked",
    )
    .action(async (options: DoctorOptions) => {
      if (options.endpoints && options.report)
        throw new CliError(
          "--report writes the whole report, endpoints included; give --endpoints or --report",
          EXIT_USAGE,
        );
      if (options.endpoints) return printEndpoints(ctx, options.json === true);
      const input = {
        env: ctx.env,
        locations: ctx.locations,
        sessions: () => ctx.sessions.list(),
        self: selfCommand().at(-1) ?? process.execPath,
      };
      const findings = await runChecks(input);
      if (options.json) ctx.io.stdout(JSON.stringify(findings, null, 2) + "\n");
      else ctx.io.stdout(findingLines(findings, ctx.paint.stdout));
      if (options.report) {
        const file = path.resolve(options.report);
        const report = await doctorReport(input, version, findings);
        await writeFileAtomically(file, report, { mode: 0o600 });
        ctx.io.stderr(
          `Report written to ${displayPath(file, ctx.locations)}; read it before you attach it\n`,
        );
      }
      // Warnings (no ssotray on PATH, a session to sign in to) leave the status at 0.
      if (findings.some((f) => f.severity === "error")) throw new ExitStatus(EXIT_FAILURE);
    });
}

const MARK: Record<Finding["severity"], string> = { ok: "ok", warning: "warning", error: "ERROR" };
const MARK_STYLE = { ok: "green", warning: "yellow", error: "red" } as const;

function findingLines(findings: readonly Finding[], paint: Paint): string {
  return findings
    .map(
      (f) =>
        `${paint(MARK_STYLE[f.severity], MARK[f.severity].padEnd(7))}  ${f.check.padEnd(9)}  ${printable(f.message)}\n`,
    )
    .join("");
}

async function printEndpoints(ctx: CliContext, json: boolean): Promise<void> {
  const { sessions, problems } = await sessionEndpoints(ctx.env, ctx.locations);
  for (const { session, problem } of problems)
    ctx.io.stderr(`${session ? `${printable(session)}: ` : ""}${printable(problem)}\n`);
  if (json) ctx.io.stdout(JSON.stringify(sessions, null, 2) + "\n");
  else for (const s of sessions) ctx.io.stdout(endpointsText(s));
  // A session whose endpoints cannot be worked out cannot sign in either.
  if (problems.some((p) => p.session !== "")) throw new ExitStatus(EXIT_FAILURE);
}
