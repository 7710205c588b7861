// `ssotray doctor`: what on this machine stops sign-in or credentials, and what to do about it;
// `--endpoints`: the endpoints each session would call, worked out without calling them.
import type { Command } from "commander";
import {
  sessionEndpoints,
  type SessionEndpoints,
} from "../../core/diagnostics/session-endpoints.js";
import { printable } from "../../core/portal/portal-shapes.js";
import { EXIT_FAILURE, ExitStatus } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { table } from "../format-time.js";

interface DoctorOptions {
  endpoints?: boolean;
  json?: boolean;
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command("doctor")
    .description("Check this machine for what stops sign-in or credentials, and say what to do")
    .option("--endpoints", "print the endpoints each session would call, without calling them")
    .option("--json", "print JSON")
    .action(async (options: DoctorOptions) => {
      if (options.endpoints) return printEndpoints(ctx, options.json === true);
    });
}

const ROWS: Array<[keyof SessionEndpoints["endpoints"], string]> = [
  ["oidc", "sign-in (OIDC)"],
  ["portal", "portal"],
  ["sts", "STS"],
  ["accountAccess", "account access"],
  ["federation", "console sign-in"],
  ["console", "console"],
];

async function printEndpoints(ctx: CliContext, json: boolean): Promise<void> {
  const { sessions, problems } = await sessionEndpoints(ctx.env, ctx.locations);
  for (const { session, problem } of problems)
    ctx.io.stderr(`${session ? `${printable(session)}: ` : ""}${printable(problem)}\n`);
  if (json) {
    ctx.io.stdout(JSON.stringify(sessions, null, 2) + "\n");
  } else {
    for (const s of sessions) {
      const variant = [s.fips ? "FIPS" : "", s.dualStack ? "dual-stack" : ""].filter(Boolean);
      ctx.io.stdout(
        `${printable(s.session)}  ${s.region}  ${s.partition}${variant.length ? `  (${variant.join(", ")})` : ""}\n`,
      );
      const rows = table(ROWS.map(([key, label]) => [label, s.endpoints[key]]));
      ctx.io.stdout(rows.replace(/^/gm, "  ").trimEnd() + "\n");
    }
  }
  // A session whose endpoints cannot be worked out cannot sign in either.
  if (problems.some((p) => p.session !== "")) throw new ExitStatus(EXIT_FAILURE);
}
