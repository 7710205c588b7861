// The console link's token never reaches a browser's command line: the browser gets a loopback
// address that only this user's processes can use, once. "Another user" is `nobody`, through
// setpriv (util-linux), which needs root; elsewhere those steps are skipped.
import { execFile, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { loopbackPeerUid, openThroughHandoff, startHandoff, type Handoff } from "./handoff.js";
import { linuxOnly } from "../../test-support/platform-only.js";

const run = promisify(execFile);
const LINK =
  "https://signin.aws.amazon.com/federation?Action=login&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=S3cretSigninToken";
const procNet = linuxOnly("a loopback connection's owner is read from /proc/net/tcp");
const otherUser = linuxOnly("another local user is played by nobody through setpriv");
const asRoot = otherUser.runs && process.getuid?.() === 0;
const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];

const open: Handoff[] = [];
const children: Array<{ kill(): void }> = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
  for (const c of children.splice(0)) c.kill();
});

/** What another local user gets asking for `url`: the status, or "refused". */
async function fetchAsNobody(url: string): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}, { redirect: "manual" }).then((r) => console.log(r.status), () => console.log("refused"))`;
  const { stdout } = await run("setpriv", [...NOBODY, process.execPath, "-e", script]);
  return stdout.trim();
}

/** A connection to `url`'s port, made from `host`, once it is up. */
async function connected(url: string, host = "127.0.0.1"): Promise<Socket> {
  const socket = connect({ host, port: Number(new URL(url).port) });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return socket;
}

/** Sends a GET of `url`'s path on `socket`: the answer's status, or "closed" for none. */
function statusOfGet(socket: Socket, url: string): Promise<number | "closed"> {
  const { pathname } = new URL(url);
  const status = new Promise<number | "closed">((resolve, reject) => {
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const line = /^HTTP\/1\.1 (\d{3}) /.exec(head);
      if (line) resolve(Number(line[1]));
    });
    socket.once("error", reject);
    socket.once("close", () => resolve("closed"));
  });
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  return status;
}

describe("the handoff of a console link to a browser", () => {
  it("answers once, with the link, and only then", async () => {
    const handoff = await startHandoff(LINK);
    open.push(handoff);
    expect(handoff.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    expect(handoff.url).not.toContain("SigninToken");
    const wrong = await fetch(handoff.url.replace(/\/[\w-]+$/, "/guess"), { redirect: "manual" });
    expect(wrong.status).toBe(404);
    const first = await fetch(handoff.url, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(LINK);
    await expect(handoff.served).resolves.toBe(true);
    await expect(fetch(handoff.url, { redirect: "manual" })).rejects.toThrow();
  });

  it("closes unused when its time is up", async () => {
    const handoff = await startHandoff(LINK, { lifetimeMs: 50 });
    await expect(handoff.served).resolves.toBe(false);
    await expect(fetch(handoff.url)).rejects.toThrow();
  });

  it.skipIf(!procNet.runs)(
    procNet.title("tells this user's connections by their owner"),
    async () => {
      const handoff = await startHandoff(LINK);
      open.push(handoff);
      const port = Number(new URL(handoff.url).port);
      // A connection of this process: its owner is this user.
      const { connect } = await import("node:net");
      const socket = connect(port, "127.0.0.1");
      await new Promise((r) => socket.once("connect", r));
      expect(await loopbackPeerUid({ address: "127.0.0.1", port: socket.localPort! }, port)).toBe(
        process.getuid!(),
      );
      socket.destroy();
    },
  );

  it.skipIf(process.platform !== "linux")(
    "refuses a connection whose owner it cannot find, and still serves this user's",
    async (context) => {
      const handoff = await startHandoff(LINK);
      open.push(handoff);
      // A dual-stack socket connecting to a mapped IPv4 address is listed in /proc/net/tcp6,
      // not /proc/net/tcp: its owner cannot be told, and an unknown owner may be anyone.
      const mapped = await connected(handoff.url, "::ffff:127.0.0.1").catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        // A kernel without IPv6 has no such socket to make.
        if (code === "EAFNOSUPPORT" || code === "EADDRNOTAVAIL") context.skip();
        throw error;
      });
      const port = Number(new URL(handoff.url).port);
      expect(await loopbackPeerUid({ address: "127.0.0.1", port: mapped.localPort! }, port)).toBe(
        undefined,
      );
      expect(await statusOfGet(mapped, handoff.url)).toBe(403);
      mapped.destroy();
      const mine = await fetch(handoff.url, { redirect: "manual" });
      expect(mine.headers.get("location")).toBe(LINK);
    },
  );

  it("gives the link to one of two requests that arrive together", async () => {
    const handoff = await startHandoff(LINK);
    open.push(handoff);
    // Both are in before either's owner is looked up: the lookup reads a file, which takes
    // several turns of the event loop, and the two requests are parsed in about one.
    const sockets = await Promise.all([connected(handoff.url), connected(handoff.url)]);
    const statuses = await Promise.all(sockets.map((s) => statusOfGet(s, handoff.url)));
    for (const s of sockets) s.destroy();
    // The other is told the address is used up (or, had it come in later, finds it closed).
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 303)).toEqual([expect.toBeOneOf([404, "closed"])]);
    await expect(handoff.served).resolves.toBe(true);
  });

  it.skipIf(!asRoot)(
    otherUser.title(
      "gives another local user neither the token from the browser's arguments nor the link from the address",
    ),
    async () => {
      // A stand-in browser that stays up with the address as its argument, as a browser does.
      let pid = 0;
      const handoff = await openThroughHandoff(LINK, async (address) => {
        const browser = spawn("sh", ["-c", "sleep 30", "stand-in-browser", address], {
          stdio: "ignore",
        });
        children.push(browser);
        pid = browser.pid!;
      });
      open.push(handoff);
      const { stdout: seen } = await run("setpriv", [
        ...NOBODY,
        "sh",
        "-c",
        "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' '",
      ]);
      expect(seen).toContain(handoff.url);
      expect(seen).not.toContain("SigninToken");
      const { stdout: theirs } = await run("setpriv", [...NOBODY, "cat", `/proc/${pid}/cmdline`]);
      expect(theirs).not.toContain("SigninToken");

      // The address read from `ps` is refused to them, and stays good for the browser.
      expect(await fetchAsNobody(handoff.url)).toBe("403");
      const mine = await fetch(handoff.url, { redirect: "manual" });
      expect(mine.headers.get("location")).toBe(LINK);
    },
  );
});
