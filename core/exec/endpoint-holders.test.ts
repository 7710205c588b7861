// Finding the processes that still know exec's credentials endpoint: this user's processes by
// their environment (Linux: /proc, read here for real; macOS: `ps -E` output, parsed from a
// sample of its shape), and the wait that ends only when none is left.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  parsePsEnvironment,
  procEnvironHolders,
  untilEndpointUnheld,
  type HolderScan,
} from "./endpoint-holders.js";
import { linuxOnly } from "../../test-support/platform-only.js";

const procfs = linuxOnly("a process's environment is read from /proc");
const otherUser = linuxOnly("another local user is played by nobody through setpriv");
const onLinux = procfs.runs;
// setpriv needs root to become `nobody`.
const asRoot = otherUser.runs && process.getuid?.() === 0;
const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** A process that sleeps with `env` as its whole environment, once it is running. */
async function sleeper(env: Record<string, string>, prefix: string[] = []): Promise<number> {
  const [command, ...args] = [...prefix, "sleep", "30"];
  const child = spawn(command!, args, { env: { PATH: process.env.PATH ?? "", ...env } });
  children.push(child);
  await new Promise((resolve, reject) => child.once("spawn", resolve).once("error", reject));
  // setpriv execs sleep in the same process: wait until it has, so /proc shows sleep's environment.
  for (;;) {
    const comm = await readFile(`/proc/${child.pid}/comm`, "utf8").catch(() => "");
    if (comm.trim() === "sleep") return child.pid!;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("processes that carry the endpoint in their environment", () => {
  it.skipIf(!onLinux)(
    procfs.title("finds this user's processes by the token or the address"),
    async () => {
      const token = randomBytes(32).toString("base64url");
      const url = `http://127.0.0.1:4567/${randomBytes(16).toString("base64url")}`;
      const withToken = await sleeper({ AWS_CONTAINER_AUTHORIZATION_TOKEN: token });
      const withUrl = await sleeper({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url });
      const unrelated = await sleeper({ AWS_CONTAINER_AUTHORIZATION_TOKEN: "another-run" });
      const found = await procEnvironHolders([token, url], {
        uid: process.getuid!(),
        selfPid: process.pid,
      });
      expect(found).toContain(withToken);
      expect(found).toContain(withUrl);
      expect(found).not.toContain(unrelated);
    },
  );

  it.skipIf(!asRoot)(
    otherUser.title("leaves out another user's processes, even when it could read them"),
    async () => {
      const token = randomBytes(32).toString("base64url");
      const theirs = await sleeper({ AWS_CONTAINER_AUTHORIZATION_TOKEN: token }, [
        "setpriv",
        ...NOBODY,
      ]);
      const ours = await sleeper({ AWS_CONTAINER_AUTHORIZATION_TOKEN: token });
      const found = await procEnvironHolders([token], { uid: 0, selfPid: process.pid });
      expect(found).toEqual([ours]);
      expect(found).not.toContain(theirs);
    },
  );

  it("reads macOS's `ps -E -ww -o pid=,command= -U UID` output", () => {
    const token = "q3Jx0pZ8mYk2bV4nT6rW1sD9fG5hJ7lK0aC3eI8uO2y";
    const url = "http://127.0.0.1:52814/Zk1vQ3BxR2xtV0t0U2RmRw";
    // The shape macOS prints (written here, not captured on a Mac): a right-aligned pid, the
    // command line, then the environment (-E).
    const sample = [
      "  412 /System/Library/CoreServices/Finder.app/Contents/MacOS/Finder HOME=/Users/jane SHELL=/bin/zsh",
      `  977 -zsh TERM=xterm-256color AWS_CONTAINER_AUTHORIZATION_TOKEN=other HOME=/Users/jane`,
      `12045 /opt/homebrew/bin/python3 job.py AWS_CONTAINER_CREDENTIALS_FULL_URI=${url} AWS_CONTAINER_AUTHORIZATION_TOKEN=${token} PATH=/usr/bin:/bin`,
      `12046 curl -s ${url} PATH=/usr/bin:/bin`,
      `12050 /usr/local/bin/ssotray exec --ecs-server -- python3 job.py AWS_CONTAINER_AUTHORIZATION_TOKEN=${token}`,
      "",
    ].join("\n");
    expect(parsePsEnvironment(sample, [token, url], 12050)).toEqual([12045, 12046]);
    expect(parsePsEnvironment("", [token], 1)).toEqual([]);
  });
});

describe("the wait for the endpoint to be let go", () => {
  /** A scan that answers from a script, then with nobody. */
  function scripted(answers: Array<number[] | undefined | Error>): HolderScan & { calls: number } {
    const scan = Object.assign(
      async () => {
        const next = answers[scan.calls++] ?? [];
        if (next instanceof Error) throw next;
        return next;
      },
      { calls: 0 },
    );
    return scan;
  }
  const fast = { graceMs: 1, intervalMs: 1, confirmMs: 1 };

  it("ends after two empty scans in a row, saying once that the endpoint is still held", async () => {
    const scan = scripted([[41], [], [41, 42], [], []]);
    const lingered: string[] = [];
    await untilEndpointUnheld({
      ...fast,
      pipeReleased: Promise.resolve(),
      scan,
      onLinger: () => lingered.push("held"),
      onScanFailed: () => lingered.push("failed"),
    });
    expect(scan.calls).toBe(5);
    expect(lingered).toEqual(["held"]);
  });

  it("scans only once the pipe is released", async () => {
    let release!: () => void;
    const pipeReleased = new Promise<void>((r) => (release = r));
    const scan = scripted([]);
    const lingered: string[] = [];
    const done = untilEndpointUnheld({
      ...fast,
      pipeReleased,
      scan,
      onLinger: () => lingered.push("held"),
      onScanFailed: () => undefined,
    });
    while (lingered.length === 0) await new Promise((r) => setTimeout(r, 1));
    expect(scan.calls).toBe(0);
    release();
    await done;
    expect(scan.calls).toBe(2);
    expect(lingered).toEqual(["held"]);
  });

  it("ends with the pipe where there is no scan, and says so when a scan fails", async () => {
    await untilEndpointUnheld({
      pipeReleased: Promise.resolve(),
      scan: undefined,
      onLinger: () => expect.unreachable(),
      onScanFailed: () => expect.unreachable(),
    });
    const failures: unknown[] = [];
    await untilEndpointUnheld({
      ...fast,
      pipeReleased: Promise.resolve(),
      scan: scripted([new Error("ps: not found")]),
      onLinger: () => undefined,
      onScanFailed: (e) => failures.push(e),
    });
    expect(failures).toEqual([new Error("ps: not found")]);
  });
});
