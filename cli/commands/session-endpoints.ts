// `ssotray session endpoints <name> [--fips|--no-fips] [--dualstack|--no-dualstack]`: shows or
// sets a session's FIPS and dual-stack choice, in its [sso-session] where the AWS CLI reads it too.
import type { Command } from "commander";
import {
  sessionEndpointSettings,
  setSessionEndpointSettings,
} from "../../core/sessions/endpoint-settings.js";
import { SessionConfigError } from "../../core/sessions/session-errors.js";
import { printable } from "../../core/portal/portal-shapes.js";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import type { CliContext } from "../context.js";

export const onOff = (on: boolean) => (on ? "on" : "off");

/** Said when AWS_USE_FIPS_ENDPOINT or AWS_USE_DUALSTACK_ENDPOINT overrides what the session says. */
export function environmentWinsNote(
  env: Record<string, string | undefined>,
  session: string,
): string | undefined {
  const overridden = ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"].filter(
    (v) => env[v] !== undefined,
  );
  if (overridden.length === 0) return undefined;
  return `${overridden.join(" and ")} ${overridden.length > 1 ? "are" : "is"} set here and wins over the session's setting; \`ssotray doctor --endpoints\` shows the hosts '${printable(session)}' calls`;
}

export function registerSessionEndpoints(session: Command, ctx: CliContext): void {
  session
    .command("endpoints")
    .description(
      "Show or set whether a session calls FIPS and dual-stack endpoints (use_fips_endpoint, use_dualstack_endpoint)",
    )
    .argument("<name>", "the session")
    .option("--fips", "call FIPS endpoints")
    .option("--no-fips", "call standard endpoints")
    .option("--dualstack", "call dual-stack (IPv4 and IPv6) endpoints")
    .option("--no-dualstack", "call IPv4 endpoints")
    .action(async (name: string, options: { fips?: boolean; dualstack?: boolean }) => {
      try {
        const wanted = {
          ...(options.fips !== undefined ? { fips: options.fips } : {}),
          ...(options.dualstack !== undefined ? { dualStack: options.dualstack } : {}),
        };
        const now =
          Object.keys(wanted).length === 0
            ? await sessionEndpointSettings(ctx.locations, name)
            : await setSessionEndpointSettings(ctx.locations, name, wanted);
        ctx.io.stdout(`FIPS ${onOff(now.fips)}, dual-stack ${onOff(now.dualStack)}\n`);
        const note = environmentWinsNote(ctx.env, name);
        if (note) ctx.io.stderr(`${note}\n`);
      } catch (error) {
        if (error instanceof SessionConfigError) throw new CliError(error.message, EXIT_USAGE);
        throw error;
      }
    });
}
