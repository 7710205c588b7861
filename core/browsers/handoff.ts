// A console sign-in link carries a SigninToken: whoever opens it is signed in as the role. Given to
// a browser as an argument, it sits in the browser's command line, which every local user reads
// (`ps`, /proc/PID/cmdline), for as long as the browser runs. So the browser gets a loopback
// address instead, `http://127.0.0.1:PORT/<random>`, that answers once with a redirect to the
// link and then closes. On Linux it answers only a connection from a process of this user (the
// socket's owner in /proc/net/tcp): another user who reads the address from `ps` gets 403, and
// the address stays good for the browser. The address works through the Firefox container
// add-on (an `ext+container:` link carries it, not the token) and in browsers confined by snap
// or flatpak, which cannot read files in hidden folders such as ~/.config.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How long the address waits for the browser: a cold start of a browser takes seconds. */
export const HANDOFF_LIFETIME_MS = 60_000;

export interface Handoff {
  /** What the browser is given. */
  url: string;
  /** Whether the browser fetched it (false: closed or timed out first). */
  served: Promise<boolean>;
  close(): void;
}

export interface HandoffOptions {
  lifetimeMs?: number;
  /**
   * Whether the waiting address alone keeps the process running (default). Off where the process
   * has other work that decides when it ends (a sign-in waiting for its callback).
   */
  keepAlive?: boolean;
}

/** `127.0.0.1:port` as /proc/net/tcp writes it: the address's bytes in host order, then the port. */
function procAddress(ip: string, port: number): string {
  const bytes = ip.split(".").map((b) => Number(b).toString(16).toUpperCase().padStart(2, "0"));
  return `${bytes.reverse().join("")}:${port.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * The uid that owns the other end of a loopback connection, from /proc/net/tcp (Linux), or
 * undefined where that cannot be told.
 */
export async function loopbackPeerUid(
  peer: { address: string; port: number },
  localPort: number,
): Promise<number | undefined> {
  const ip = peer.address.replace(/^::ffff:/, "");
  if (!/^127\.\d+\.\d+\.\d+$/.test(ip)) return undefined;
  const text = await readFile("/proc/net/tcp", "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const local = procAddress(ip, peer.port);
  const remote = procAddress("127.0.0.1", localPort);
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local && f[2] === remote) return Number(f[7]);
  }
  return undefined;
}

function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    ...headers,
  });
  res.end();
}

/** Serves `target` once, by redirect, from a loopback address with a path nobody can guess. */
export async function startHandoff(
  target: string,
  options: HandoffOptions & { platform?: NodeJS.Platform } = {},
): Promise<Handoff> {
  const secretPath = `/${randomBytes(24).toString("base64url")}`;
  const platform = options.platform ?? process.platform;
  const uid = process.getuid?.();
  let settle: (served: boolean) => void = () => undefined;
  const served = new Promise<boolean>((resolve) => (settle = resolve));
  let done = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (done || req.method !== "GET" || req.url !== secretPath) return answer(res, 404);
      if (platform === "linux" && uid !== undefined) {
        const owner = await loopbackPeerUid(
          { address: req.socket.remoteAddress ?? "", port: req.socket.remotePort ?? 0 },
          (server.address() as AddressInfo).port,
        );
        // Another user's request does not use the address up: the browser still gets it.
        if (owner !== uid) return answer(res, 403);
      }
      if (done) return answer(res, 404);
      answer(res, 303, { location: target });
      finish(true);
    })();
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const timer = setTimeout(() => finish(false), options.lifetimeMs ?? HANDOFF_LIFETIME_MS);
  if (options.keepAlive === false) {
    server.unref();
    timer.unref();
  }
  function finish(ok: boolean): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
    settle(ok);
  }
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${secretPath}`, served, close: () => finish(false) };
}

/**
 * Opens `target` by handing `open` the loopback address instead; rejects (and closes the address)
 * when `open` does. The caller waits for `served` where it must stay up meanwhile (the CLI).
 */
export async function openThroughHandoff(
  target: string,
  open: (url: string) => Promise<void>,
  options: HandoffOptions = {},
): Promise<Handoff> {
  const handoff = await startHandoff(target, options);
  try {
    await open(handoff.url);
  } catch (error) {
    handoff.close();
    throw error;
  }
  return handoff;
}
