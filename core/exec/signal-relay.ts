// Signals for a child that shares our process group (so it can read the terminal: a child in a
// group of its own would be stopped with SIGTTIN the moment it asked for input).
//
// Ctrl+C and Ctrl+\ make the terminal signal its whole foreground process group: the child has its
// SIGINT already, and relaying ours would give it a second one, which many tools take as "stop
// now, skip the clean-up" (terraform among them). So keyboard signals are relayed only when our
// group is not the terminal's foreground group, i.e. when someone signalled us alone (`kill -INT`,
// a process manager, a CI runner). SIGTERM and SIGHUP are always relayed: they are sent to one
// process, and a second SIGHUP after a hang-up is harmless.
import { spawnSync, type ChildProcess } from "node:child_process";
import type { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { constants } from "node:os";

export const RELAYED_SIGNALS = ["SIGINT", "SIGQUIT", "SIGTERM", "SIGHUP"] as const;
type Relayed = (typeof RELAYED_SIGNALS)[number];
const KEYBOARD: ReadonlySet<Relayed> = new Set(["SIGINT", "SIGQUIT"]);

/**
 * Whether our process group is the foreground group of a controlling terminal: /proc's stat
 * (pgrp is field 5, tpgid field 8; tpgid is -1 without a terminal), or `ps` where there is no /proc.
 */
export function inTerminalForeground(pid = process.pid): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pgrp = Number(fields[2]);
    const tpgid = Number(fields[5]);
    return tpgid > 0 && tpgid === pgrp;
  } catch {
    const ps = spawnSync("ps", ["-o", "pgid=,tpgid=", "-p", String(pid)], {
      encoding: "utf8",
      timeout: 2_000,
    });
    const [pgrp, tpgid] = (ps.stdout ?? "").trim().split(/\s+/).map(Number);
    return pgrp !== undefined && tpgid !== undefined && tpgid > 0 && tpgid === pgrp;
  }
}

/** Relays signals to the child until the returned function is called. */
export function relaySignals(
  child: ChildProcess,
  options: { foreground?: () => boolean; source?: EventEmitter } = {},
): () => void {
  const foreground = options.foreground ?? (() => inTerminalForeground());
  const source = options.source ?? process;
  const handlers = RELAYED_SIGNALS.map((signal) => {
    const handler = (): void => {
      if (KEYBOARD.has(signal) && foreground()) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    source.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) source.off(signal, handler);
  };
}

/**
 * Ends this process the way the child ended, so a shell sees "killed by SIGINT" and stops a script
 * (bash's wait-and-cooperative-exit); returns the conventional 128+n if we are still alive.
 */
export function reraise(signal: NodeJS.Signals): number {
  // Nothing is left to clean up: the child is gone, and so is the endpoint. Listeners that
  // libraries keep (signal-exit, for files being written) would turn the signal into an event.
  if (signal !== "SIGPIPE") {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  return 128 + signalNumber(signal);
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = constants.signals;
  return numbers[signal] ?? 0;
}
