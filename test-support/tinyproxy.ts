// Test support: Debian's tinyproxy, a real HTTP proxy, on a free loopback port with a config and
// log of its own in a temporary folder. Its log (LogLevel Connect) records every request it
// takes, so a test can prove which CONNECT tunnels went through it. Imported by tests only.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { requireTool } from "../simulator/tools.js";
import { linuxOnly } from "./platform-only.js";

/** The proxy tests run where Debian's tinyproxy does: Linux. */
export const tinyproxyGate = linuxOnly("they run Debian's tinyproxy");

/** The tinyproxy command, or undefined outside CI when it is not installed (`.ci/run` installs it). */
export const tinyproxyCommand = tinyproxyGate.probe(() =>
  requireTool("tinyproxy", {
    commands: ["tinyproxy", "/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"],
    args: ["-v"],
    install: "Debian's tinyproxy",
  }),
);

export interface Tinyproxy {
  /** http://127.0.0.1:PORT, without credentials */
  url: string;
  port: number;
  /** The requests tinyproxy logged, e.g. "CONNECT 127.0.0.1:4431 HTTP/1.1". */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface TinyproxyOptions {
  /** Require this user and password (tinyproxy answers 407 without them). */
  basicAuth?: { user: string; password: string };
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, log: () => Promise<string>) {
  for (let tries = 0; tries < 200; tries++) {
    if (child.exitCode !== null)
      throw new Error(`tinyproxy exited (${child.exitCode}): ${await log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`tinyproxy did not listen on 127.0.0.1:${port}: ${await log()}`);
}

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  if (!tinyproxyCommand) throw new Error("tinyproxy is not installed");
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-tinyproxy-"));
  const logFile = path.join(dir, "tinyproxy.log");
  const port = await freePort();
  const config = [
    `Port ${port}`,
    "Listen 127.0.0.1",
    "Timeout 30",
    `LogFile "${logFile}"`,
    "LogLevel Connect",
    "MaxClients 50",
    "Allow 127.0.0.1",
    // No ConnectPort lines: tunnels to any port (the simulator's is random).
    ...(options.basicAuth
      ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`]
      : []),
  ].join("\n");
  const configFile = path.join(dir, "tinyproxy.conf");
  await writeFile(configFile, `${config}\n`);
  const readLog = () => readFile(logFile, "utf8").catch(() => "");
  // -d: stay in the foreground, so the test owns the process and stops it by its id.
  const child = spawn(tinyproxyCommand, ["-d", "-c", configFile], { stdio: "ignore" });
  try {
    await waitForPort(port, child, readLog);
  } catch (error) {
    child.kill();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: async () =>
      [...(await readLog()).matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map(
        (m) => m[1] ?? "",
      ),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
