// `ssotray login` and `session remove` as a user meets them in a terminal: the built command, run as
// a process against the simulator, stopped by a signal, fed a hostile device prompt, answered "y".
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulator/index.js";
import { writeTokenCache } from "../simulator/testing.js";
import { buildCli } from "../scripts/build-cli.mjs";
import { linuxOnly } from "../test-support/platform-only.js";

const terminal = linuxOnly("util-linux's script gives it a terminal");
const hasScript = terminal.runs && existsSync("/usr/bin/script");

let sim: Simulator;
let scratch: string;
let bin: string;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "ssotray-login-"));
  // A bundle of its own: cli.test.ts rebuilds dist-cli/ and may run at the same time.
  await buildCli({ quiet: true, outdir: path.join(scratch, "dist") });
  bin = path.join(scratch, "dist", "ssotray.mjs");
  sim = await startSimulator({ accounts: 3, rolesPerAccount: 1, seed: 21 });
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A HOME of its own; with `session`, an [sso-session] signed in to the simulator. */
async function makeHome(session?: string): Promise<Record<string, string>> {
  const home = mkdtempSync(path.join(scratch, "home-"));
  const config = path.join(home, ".aws", "config");
  if (session) {
    await writeTokenCache(home, session, sim, sim.issueToken({ expiresInSeconds: 8 * 3600 }));
    writeFileSync(
      config,
      `[sso-session ${session}]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n`,
    );
  }
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    SSOTRAY_HOME: path.join(home, "ssotray"),
    AWS_CONFIG_FILE: config,
    ...sim.env,
  };
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  onOutput?: (text: string, child: ChildProcess) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      onOutput?.(stdout + stderr, child);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      onOutput?.(stdout + stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (!onOutput) child.stdin.end();
  });
}

/** Files in the AWS CLI's token cache (sign-ins and client registrations). */
function ssoCache(env: Record<string, string>): string[] {
  const dir = path.join(env.HOME!, ".aws", "sso", "cache");
  return existsSync(dir) ? readdirSync(dir) : [];
}

const configOf = (env: Record<string, string>) =>
  existsSync(env.AWS_CONFIG_FILE!) ? readFileSync(env.AWS_CONFIG_FILE!, "utf8") : "";

describe("ssotray login stopped by a signal", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "exits %s as the shell expects (%i) and leaves no session, registration or token",
    async (signal, status) => {
      sim.setOptions({ deviceApproval: "visit" });
      try {
        const env = await makeHome();
        let sent = false;
        const result = await run(
          process.execPath,
          [
            bin,
            "login",
            ...["--start-url", sim.startUrl, "--region", sim.region],
            ...["--device-code", "--no-browser"],
          ],
          env,
          (_text, child) => {
            // The code is on the screen: the user gives up waiting.
            if (!sent && /user_code=/.test(_text)) {
              sent = true;
              child.kill(signal);
            }
          },
        );
        expect(result.signal, result.stderr).toBeNull();
        expect(result.code, result.stderr).toBe(status);
        expect(result.stderr).toContain(
          `ssotray: Sign-in cancelled (${signal}); nothing was changed`,
        );
        expect(configOf(env)).toBe("");
        expect(ssoCache(env)).toEqual([]);
      } finally {
        sim.setOptions({ deviceApproval: { afterPolls: 1 } });
      }
    },
  );
});

describe("ssotray login where no browser opens", () => {
  it("says so, pointing at the link it printed once, and signs in once it is opened by hand", async () => {
    // `false` stands for xdg-open on a machine without a desktop: it starts, then fails.
    const env = { ...(await makeHome()), SSOTRAY_BROWSER: "false" };
    let followed: Promise<void> | undefined;
    const result = await run(
      process.execPath,
      [bin, "login", "--start-url", sim.startUrl, "--region", sim.region],
      env,
      (text) => {
        const url = /Opening the browser to sign in at (\S+)/.exec(text)?.[1];
        if (url && !followed && /open the link above yourself/.test(text)) followed = follow(url);
      },
    );
    await followed;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "Could not open the browser: false exited with status 1 without opening the link; open the link above yourself",
    );
    expect(result.stderr.match(/https?:\/\/127/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/Signed in to sim-acme/);
  });
});

describe("ssotray login --device-code", () => {
  // One early poll is answered at once by a pre-approved client, before any prompt: the second.
  beforeAll(() => sim.setOptions({ deviceApproval: { afterPolls: 2 } }));
  afterAll(() => sim.setOptions({ deviceApproval: { afterPolls: 1 } }));

  it("prints its one link once, and when the code stops working in local time with the time left", async () => {
    const env = { ...(await makeHome()), TZ: "Asia/Kolkata" };
    const result = await run(
      process.execPath,
      [bin, "login", "--start-url", sim.startUrl, "--region", sim.region, "--device-code"],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const links = (result.stdout + result.stderr).match(/https?:\/\/127\S+/g) ?? [];
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/user_code=/);
    // 10 minutes from now on an Indian clock (UTC+5:30, no daylight saving), not UTC.
    const expected = new Date(Date.now() + 600_000).toLocaleTimeString("en", {
      timeZone: "Asia/Kolkata",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    const shown = /valid until (\d\d:\d\d(?:\s[AP]M)?), (\d+)m left\)/.exec(result.stderr);
    expect(shown, result.stderr).not.toBeNull();
    const apart = Math.abs(minutesOf(shown![1]!) - minutesOf(expected));
    expect(Math.min(apart, 1440 - apart)).toBeLessThanOrEqual(1);
    expect(Number(shown![2])).toBeGreaterThanOrEqual(8);
    expect(result.stderr).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it("with --no-browser, the link alone on stdout and not again on stderr", async () => {
    const env = await makeHome();
    const result = await run(
      process.execPath,
      [
        bin,
        "login",
        "--start-url",
        sim.startUrl,
        "--region",
        sim.region,
        "--device-code",
        "--no-browser",
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^https?:\/\/\S+user_code=\S+\n$/);
    expect(result.stderr).not.toMatch(/https?:\/\/127/);
    expect(result.stderr).toMatch(/shows the code [A-Z]{4}-[A-Z]{4}/);
  });
});

/** Minutes past midnight of "14:05" or "02:05 PM". */
function minutesOf(shown: string): number {
  const [, h, m, half] = /^(\d\d):(\d\d)(?:\s([AP])M)?$/.exec(shown)!;
  const hours = (Number(h) % (half ? 12 : 24)) + (half === "P" ? 12 : 0);
  return hours * 60 + Number(m);
}

/** What a browser does with the authorize page: follow its redirects to the loopback listener. */
async function follow(url: string): Promise<void> {
  let next: string | null = url;
  for (let hops = 0; next && hops < 5; hops += 1) {
    const res: Response = await fetch(next, { redirect: "manual" });
    const location = res.headers.get("location");
    await res.arrayBuffer();
    next = location ? new URL(location, next).toString() : null;
  }
}

describe("ssotray login given a device prompt that is not one", () => {
  it.each([
    [{ userCode: "\u001b]0;owned\u0007BCDF-GHJK" }, /a user code that is not one/],
    [{ userCode: "BCDF GHJK" }, /a user code that is not one/],
    [{ verificationUri: "javascript:alert(1)" }, /it is not a web address|not an https address/],
    [{ verificationUri: "http://device.example.com/" }, /not an https address/],
    [
      { verificationUriComplete: "https://evil.example.com/?user_code=BCDF-GHJK" },
      /verificationUriComplete .*it is not on http:\/\/127\.0\.0\.1/,
    ],
    [
      { verificationUriComplete: `${"https://x"}\u001b[2J/?user_code=BCDF` },
      /spaces or control characters/,
    ],
  ])("refuses %j before anything reaches the terminal", async (prompt, why) => {
    sim.setOptions({ hostile: { devicePrompt: prompt } });
    try {
      const env = await makeHome();
      const result = await run(
        process.execPath,
        [
          bin,
          "login",
          ...["--start-url", sim.startUrl, "--region", sim.region],
          ...["--device-code", "--no-browser"],
        ],
        env,
      );
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(why);
      expect(result.stderr).toMatch(/no sign-in was started/);
      expect(result.stdout).toBe("");
      // Nothing a terminal would act on: no escape, no bell, nothing but the one error line.
      // eslint-disable-next-line no-control-regex
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(configOf(env)).toBe("");
    } finally {
      sim.setOptions({ hostile: {} });
    }
  });
});

describe.skipIf(!hasScript)(terminal.title("ssotray session remove in a terminal"), () => {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  /** Runs `session remove acme` on a pseudo-terminal (util-linux `script`) and types `answer`. */
  async function removeAnswering(answer: string) {
    const env = await makeHome("acme");
    const line = ["exec", process.execPath, bin, "session", "remove", "acme"]
      .map((word, i) => (i === 0 ? word : quote(word)))
      .join(" ");
    let typed = false;
    const result = await run("script", ["-qfec", line, "/dev/null"], env, (text, terminal) => {
      if (!typed && text.includes("[y/N]")) {
        typed = true;
        terminal.stdin!.end(`${answer}\r`);
      }
    });
    return { env, result, typed };
  }

  it("asks, and on 'yes' removes the session, its sign-in and its section", async () => {
    const { env, result, typed } = await removeAnswering("yes");
    expect(typed, result.stdout).toBe(true);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("Remove session 'acme'? [y/N]");
    expect(result.stdout).toContain("Removed session 'acme'");
    expect(configOf(env)).not.toContain("[sso-session acme]");
    expect(ssoCache(env)).toEqual([]);
  });

  it("on anything else removes nothing and says so", async () => {
    const { env, result } = await removeAnswering("n");
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain("Nothing was removed");
    expect(configOf(env)).toContain("[sso-session acme]");
    expect(ssoCache(env)).toHaveLength(1);
  });
});
