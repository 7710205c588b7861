// The exec endpoint on its own, with a clock the test sets: where it listens, when it fetches
// again, and that it never hands out credentials past their expiry. (cli/exec.test.ts runs it
// under `ssotray exec` with botocore, the AWS CLI and the JavaScript SDK as its clients.)
import net from "node:net";
import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import type { RoleCredentials } from "../../shared/model.js";
import { startEcsCredentialsServer, type EcsCredentialsServer } from "./ecs-credentials-server.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse("2026-03-01T12:00:00Z");

let serial = 0;
function credentials(expiresAt: number): RoleCredentials {
  serial += 1;
  return {
    accessKeyId: `ASIAEXECTEST${String(serial).padStart(8, "0")}`,
    secretAccessKey: "execTestSecretAccessKey000000000000000000",
    sessionToken: "IQoJb3JpZ2luX2VjEExecTestSessionToken0000",
    expiration: new Date(expiresAt).toISOString(),
  };
}

const servers: EcsCredentialsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An endpoint started at T0 with `initial` in hand; `refresh` serves every refresh. */
async function endpoint(initial: RoleCredentials, refresh: () => Promise<RoleCredentials>) {
  const clock = { now: T0 };
  const fetched: number[] = [];
  const server = await startEcsCredentialsServer({
    initial,
    fetch: () => {
      fetched.push(clock.now);
      return refresh();
    },
    warn: () => {},
    now: () => clock.now,
  });
  servers.push(server);
  const ask = async () => {
    const res = await fetch(server.url, {
      headers: { authorization: server.authorizationToken },
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  return { server, clock, fetched, ask };
}

/** Whether a TCP connection to host:port is accepted. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe("the exec endpoint", () => {
  it("listens on 127.0.0.1 only: another loopback address and this machine's others are refused", async () => {
    const { server } = await endpoint(credentials(T0 + HOUR), async () => credentials(T0 + HOUR));
    const url = new URL(server.url);
    expect(url.hostname).toBe("127.0.0.1");
    const port = Number(url.port);
    expect(await connects("127.0.0.1", port)).toBe(true);
    // A socket bound to all interfaces (0.0.0.0 or ::) would take all of these; on Linux every
    // 127.x.y.z address reaches the loopback interface, so 127.0.0.2 tells even with no network.
    const others = [
      "127.0.0.2",
      "::1",
      ...Object.values(os.networkInterfaces())
        .flat()
        .filter((i) => i !== undefined && !i.internal && !i.address.startsWith("fe80:"))
        .map((i) => i!.address),
    ];
    for (const host of others) expect(await connects(host, port), host).toBe(false);
  });

  it("fetches one-hour credentials again 20 minutes before they expire, not later", async () => {
    const { clock, fetched, ask } = await endpoint(credentials(T0 + HOUR), async () =>
      credentials(clock.now + HOUR),
    );
    // A request past the due time starts the refresh (as after a laptop's suspend, when the
    // timer has not fired): a minute before it, none.
    clock.now = T0 + 39 * MINUTE;
    expect((await ask()).status).toBe(200);
    expect(fetched).toEqual([]);
    clock.now = T0 + 40 * MINUTE + 1;
    const answer = await ask();
    // Still the old ones, which are valid for 20 more minutes; the refresh lands for the next.
    expect(answer.status).toBe(200);
    await expect.poll(() => fetched).toEqual([T0 + 40 * MINUTE + 1]);
  });

  it("answers with an error, never expired keys, when a refresh fails and the expiry passes", async () => {
    const initial = credentials(T0 + HOUR);
    const { clock, fetched, ask } = await endpoint(initial, async () => {
      throw new Error("the portal did not answer");
    });
    // Before the expiry, the keys in hand are still good: served while the refresh fails.
    clock.now = T0 + 50 * MINUTE;
    const before = await ask();
    expect(before.status).toBe(200);
    expect(before.body.AccessKeyId).toBe(initial.accessKeyId);
    await expect.poll(() => fetched.length).toBeGreaterThan(0);
    for (const at of [T0 + HOUR, T0 + HOUR + 1, T0 + 2 * HOUR]) {
      clock.now = at;
      const after = await ask();
      expect(after.status, new Date(at).toISOString()).toBe(503);
      expect(after.body).toEqual({
        code: "CredentialsUnavailable",
        message: "the portal did not answer",
      });
    }
  });
});
