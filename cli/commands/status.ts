import { NO_SESSION } from "../resolve.js";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { printable } from "../../core/portal/portal-shapes.js";
import { table, timeLeft } from "../format-time.js";
import { stateStyle } from "../terminal-colour.js";
import type { SessionStatus } from "../../shared/model.js";

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command("status")
    .description("Show every session and how long its sign-in lasts")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const sessions = await ctx.sessions.list();
      const now = Date.now();
      if (options.json) {
        const rows = sessions.map((s) => ({
          ...s,
          secondsLeft: s.expiresAt
            ? Math.max(0, Math.floor((Date.parse(s.expiresAt) - now) / 1000))
            : null,
        }));
        ctx.io.stdout(JSON.stringify(rows, null, 2) + "\n");
        return;
      }
      if (sessions.length === 0) {
        ctx.io.stderr(`${NO_SESSION}\n`);
        return;
      }
      // The tenant column only where some session names one: most never will.
      const tenants = sessions.some((s) => s.accountAccessTenant !== undefined);
      const rows = [
        ["SESSION", "STATE", "TIME LEFT", "REGION", ...(tenants ? ["TENANT"] : []), "START URL"],
      ];
      for (const s of sessions) {
        rows.push([
          s.name,
          s.state,
          signInLeft(s, now),
          s.region,
          ...(tenants ? [s.accountAccessTenant ?? "-"] : []),
          s.startUrl,
        ]);
      }
      // The state stays one word so the columns stay columns; why goes on a line of its own.
      const lines = table(rows, (cell, row, column) =>
        row > 0 && column === 1
          ? ctx.paint.stdout(stateStyle(sessions[row - 1]!.state), cell)
          : cell,
      )
        .trimEnd()
        .split("\n");
      let out = `${lines[0]}\n`;
      sessions.forEach((s, i) => {
        out += `${lines[i + 1]}\n`;
        if (s.problem) out += `  ${printable(s.problem)}\n`;
      });
      ctx.io.stdout(out);
    });
}

/**
 * What the TIME LEFT column says: whether the user has anything to do. A token that refreshes
 * itself has no time left worth showing (an expired one is renewed at the next use), while one
 * that cannot says how long until the user must sign in again.
 */
export function signInLeft(s: SessionStatus, now: number): string {
  if (s.canRefresh) return "refreshes by itself";
  if (!s.expiresAt) return "-";
  const left = timeLeft(s.expiresAt, now);
  return left === "expired" || s.state === "sign-in-needed"
    ? "sign in again"
    : `${left}, then sign in again`;
}
