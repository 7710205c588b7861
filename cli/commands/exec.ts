import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { Command } from "commander";
import { childEnvironment, nestedCredentialMarker } from "../../core/exec/child-environment.js";
import {
  startEcsCredentialsServer,
  type EcsCredentialsServer,
} from "../../core/exec/ecs-credentials-server.js";
import { endpointHolderScan, untilEndpointUnheld } from "../../core/exec/endpoint-holders.js";
import { relaySignals, reraise } from "../../core/exec/signal-relay.js";
import { CliError, EXIT_USAGE, ExitStatus } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { roleTarget, type TargetOptions } from "../role-target.js";
import { withRoleOptions } from "../role-options.js";
import { checkRegion } from "./creds.js";
import { regionForTarget } from "../role-region.js";
import { nestedMessage } from "../nested-credentials-message.js";

type Outcome = { code: number; signal?: undefined } | { code?: undefined; signal: NodeJS.Signals };

/**
 * Runs the command from an argv array (never a shell line) with our stdio, until it ends.
 *
 * With `holders`, the child also inherits one end of a pipe as its fd 3, and so does every process
 * it starts that keeps its descriptors (a background job, a tmux server, an editor whose launcher
 * returns at once). The returned `held` settles when the last of them has exited and the pipe is
 * closed: until then some process may still hold the endpoint's address, and a port we let go
 * could be bound by another local user who then answers with credentials of their choosing.
 * Processes started without inherited descriptors are found by their environment instead
 * (core/exec/endpoint-holders.ts).
 */
function runChild(
  command: string,
  args: string[],
  env: Record<string, string>,
  holders = false,
): Promise<Outcome & { held: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: holders ? ["inherit", "inherit", "inherit", "pipe"] : "inherit",
      env,
    });
    // "close" comes once every stdio stream of the child has ended: here, the inherited pipe,
    // which ends only when no process holds it any more.
    const held = new Promise<void>((done) => child.once("close", () => done()));
    (child.stdio[3] as Readable | null)?.resume();
    const stopRelay = relaySignals(child);
    child.once("error", (error: NodeJS.ErrnoException) => {
      stopRelay();
      // The shells' conventions: 127 for a command not found, 126 for one that cannot run.
      const notFound = error.code === "ENOENT";
      reject(
        new CliError(
          notFound
            ? `Could not run '${command}': no such command on PATH`
            : `Could not run '${command}': ${error.message}`,
          notFound ? 127 : 126,
        ),
      );
    });
    child.once("exit", (code, signal) => {
      stopRelay();
      resolve(signal ? { signal, held } : { code: code ?? 1, held });
    });
  });
}

export function registerExec(program: Command, ctx: CliContext): void {
  withRoleOptions(
    program
      .command("exec")
      .description("Run a command with an account and role's credentials in its environment")
      .usage(
        "(--account <id|name> --role <role> | --profile <name> | --role-arn <arn>) [options] -- <command> [args...]",
      )
      .passThroughOptions()
      .argument("<command>", "the command to run (after --)")
      .argument("[args...]", "its arguments, passed as they are"),
  )
    .option(
      "--region <region>",
      "set AWS_REGION and AWS_DEFAULT_REGION (default: Settings, else the session's region unless your environment or [default] sets one)",
    )
    .option(
      "--ecs-server",
      "serve credentials that renew themselves from a loopback endpoint instead of fixed keys",
    )
    .option("--allow-nested", "run even when AWS credentials are already in the environment")
    .action(
      async (
        command: string,
        args: string[],
        options: TargetOptions & {
          region?: string;
          ecsServer?: boolean;
          allowNested?: boolean;
        },
      ) => {
        const marker = nestedCredentialMarker(ctx.env);
        if (marker && !options.allowNested) {
          throw new CliError(nestedMessage(marker), EXIT_USAGE);
        }
        const warn = (message: string): void =>
          ctx.io.stderr(`${ctx.paint.stderr("yellow", "ssotray exec:")} ${message}\n`);
        // A typo in --region is a usage error before any portal call is spent on the role.
        const typedRegion = checkRegion(options.region);
        const target = await roleTarget(ctx, options);
        const region = await regionForTarget(ctx, target, typedRegion, warn);
        const credentials = await target.credentials();
        let server: EcsCredentialsServer | undefined;
        if (options.ecsServer) {
          server = await startEcsCredentialsServer({
            initial: credentials,
            fetch: () => target.credentials({ forceRefresh: true }),
            warn,
          });
        }
        const env = childEnvironment(
          ctx.env,
          server
            ? { kind: "endpoint", url: server.url, authorizationToken: server.authorizationToken }
            : { kind: "keys", credentials },
          region,
        );
        let outcome: Outcome;
        try {
          const ran = await runChild(command, args, env, server !== undefined);
          outcome = ran;
          if (server) {
            await untilEndpointUnheld({
              pipeReleased: ran.held,
              // The token, and the address for a process given only that: either is enough
              // for another user's server on the freed port to be asked.
              scan: endpointHolderScan([server.authorizationToken, server.url]),
              onLinger: () =>
                warn(
                  "the command ended, but processes it started still hold the credentials endpoint; serving it until they end (Ctrl+C stops it now)",
                ),
              onScanFailed: (error) =>
                warn(
                  `could not look for processes that still hold the credentials endpoint (${error instanceof Error ? error.message : String(error)}); it ends now`,
                ),
            });
          }
        } finally {
          await server?.close();
        }
        if (outcome.signal) {
          ctx.close();
          throw new ExitStatus(reraise(outcome.signal));
        }
        if (outcome.code !== 0) throw new ExitStatus(outcome.code);
      },
    );
}
