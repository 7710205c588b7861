// Which of this user's processes still know the address of `exec --ecs-server`'s endpoint.
//
// The pipe on fd 3 (cli/commands/exec.ts) follows every process that keeps inherited descriptors,
// but not one started without them: Python's subprocess.Popen closes them by default, and so do
// daemonising tools. Such a process still carries the endpoint's address and token in its
// environment. Were the port let go while it lives, another local user could bind it, receive the
// token and answer with keys of their choosing. So the endpoint also lives while any process of
// ours carries the token or the address in its environment.
import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { promisify } from "node:util";

/** The pids of processes that carry the endpoint; undefined when this platform cannot tell. */
export type HolderScan = () => Promise<number[] | undefined>;

/** /proc entries read at once: enough to be quick, few enough to leave descriptors spare. */
const PROC_BATCH = 32;

export interface ProcScanOptions {
  /** Only processes of this user: another user's environment is theirs (and, as root, readable). */
  uid: number;
  /** Our own process: its environment never carries the endpoint, but it is never a holder. */
  selfPid: number;
  procRoot?: string;
}

/** Linux: every process of `uid` whose /proc/PID/environ contains one of `needles`. */
export async function procEnvironHolders(
  needles: readonly string[],
  options: ProcScanOptions,
): Promise<number[]> {
  const root = options.procRoot ?? "/proc";
  const wanted = needles.map((n) => Buffer.from(n, "utf8"));
  const pids = (await readdir(root))
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== options.selfPid);
  const found: number[] = [];
  const check = async (pid: number): Promise<void> => {
    try {
      // The owner of /proc/PID is the process's effective user (root for one that is not
      // dumpable, whose environment another user could not read anyway).
      if ((await stat(`${root}/${pid}`)).uid !== options.uid) return;
      const environ = await readFile(`${root}/${pid}/environ`);
      if (wanted.some((needle) => environ.includes(needle))) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read: not a holder.
    }
  };
  for (let i = 0; i < pids.length; i += PROC_BATCH) {
    await Promise.all(pids.slice(i, i + PROC_BATCH).map(check));
  }
  return found.sort((a, b) => a - b);
}

/**
 * macOS: the output of `ps -E -ww -o pid=,command= -U UID`, one process a line: its pid, then its
 * command line followed by its environment (-E; macOS's `-e` means every process, as -A). Lines
 * that carry one of `needles` name holders. The environment and the arguments cannot be told
 * apart in this text, and need not be: a process given the token either way knows it. `ps` shows
 * the environment as it was at launch, and none for Apple's own hardened programs (/bin/bash).
 */
export function parsePsEnvironment(
  output: string,
  needles: readonly string[],
  selfPid: number,
): number[] {
  const found: number[] = [];
  for (const line of output.split("\n")) {
    const match = /^\s*(\d+)\s(.*)$/.exec(line);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === selfPid) continue;
    if (needles.some((needle) => match[2]!.includes(needle))) found.push(pid);
  }
  return found.sort((a, b) => a - b);
}

const run = promisify(execFile);

/**
 * The scan for this platform, or undefined where there is none. Windows keeps a process's
 * environment in its own memory (its PEB), readable only with ReadProcessMemory: no command or
 * Node API lists it, so there the pipe is all `exec` can follow.
 */
export function endpointHolderScan(
  needles: readonly string[],
  platform: NodeJS.Platform = process.platform,
): HolderScan | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const selfPid = process.pid;
  if (platform === "linux") return () => procEnvironHolders(needles, { uid, selfPid });
  if (platform === "darwin") {
    return async () => {
      // The needles are searched for here, never passed to ps: its arguments are public.
      const { stdout } = await run(
        "/bin/ps",
        ["-E", "-ww", "-o", "pid=,command=", "-U", String(uid)],
        { maxBuffer: 256 * 1024 * 1024, timeout: 10_000 },
      );
      return parsePsEnvironment(stdout, needles, selfPid);
    };
  }
  return undefined;
}

export interface HoldOptions {
  /** Settles when no process holds the pipe on fd 3 any more. */
  pipeReleased: Promise<void>;
  scan: HolderScan | undefined;
  /** Called once, when the command has ended and something still holds the endpoint. */
  onLinger: () => void;
  /** The scan could not run: the endpoint then ends with the pipe, as where there is no scan. */
  onScanFailed: (error: unknown) => void;
  /** How long the pipe may take to close after the command ends before onLinger. */
  graceMs?: number;
  /** Between scans while some process carries the endpoint. */
  intervalMs?: number;
  /** Between the two empty scans that end the wait. */
  confirmMs?: number;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once the command's processes can no longer reach the endpoint: the pipe is released
 * and two scans in a row, `confirmMs` apart, find no process carrying it. Two, because a process
 * that forks and exits while /proc is being read could be missed by one reading (the parent read
 * gone, the child listed after the reading passed its pid).
 */
export async function untilEndpointUnheld(options: HoldOptions): Promise<void> {
  const { graceMs = 100, intervalMs = 1_000, confirmMs = 100 } = options;
  let lingered = false;
  const linger = (): void => {
    if (!lingered) options.onLinger();
    lingered = true;
  };
  const pipeHeld = await Promise.race([
    options.pipeReleased.then(() => false),
    delay(graceMs).then(() => true),
  ]);
  if (pipeHeld) {
    linger();
    await options.pipeReleased;
  }
  if (!options.scan) return;
  for (let emptyInARow = 0; emptyInARow < 2;) {
    let holders: number[] | undefined;
    try {
      holders = await options.scan();
    } catch (error) {
      options.onScanFailed(error);
      return;
    }
    if (holders === undefined) return;
    if (holders.length > 0) {
      emptyInARow = 0;
      linger();
      await delay(intervalMs);
    } else if (++emptyInARow < 2) {
      await delay(confirmMs);
    }
  }
}
