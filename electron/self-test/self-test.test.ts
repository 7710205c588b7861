import { describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import {
  failOnUncaught,
  oneLine,
  outcomeExitCode,
  outcomeLine,
  pageCall,
  runSelfTest,
  selfTestSteps,
  type SelfTestStep,
  type ShellProbe,
} from "./self-test.js";

const step = (name: string, run: SelfTestStep["run"], timeoutMs = 5_000): SelfTestStep => ({
  name,
  timeoutMs,
  run,
});
const never = () => new Promise<void>(() => undefined);

describe("runSelfTest", () => {
  it("runs every step in order and names them when all hold", async () => {
    const ran: string[] = [];
    const outcome = await runSelfTest([
      step("tray", async () => void ran.push("tray")),
      step("window", async () => void ran.push("window")),
    ]);
    expect(ran).toEqual(["tray", "window"]);
    expect(outcome).toEqual({ ok: true, steps: ["tray", "window"] });
    expect(outcomeExitCode(outcome)).toBe(0);
    expect(outcomeLine(outcome)).toBe("SSO Tray self-test passed: tray, window\n");
  });

  it("stops at the first step that throws and names it, with its reason on one line", async () => {
    const ran: string[] = [];
    const outcome = await runSelfTest([
      step("tray", async () => void ran.push("tray")),
      step("sign-in", async () => {
        throw new Error("Could not reach\n   IAM Identity Center");
      }),
      step("accounts", async () => void ran.push("accounts")),
    ]);
    expect(ran).toEqual(["tray"]);
    expect(outcome).toEqual({
      ok: false,
      step: "sign-in",
      reason: "Could not reach IAM Identity Center",
    });
    expect(outcomeExitCode(outcome)).toBe(1);
    expect(outcomeLine(outcome)).toBe(
      'SSO Tray self-test failed at "sign-in": Could not reach IAM Identity Center\n',
    );
  });

  it("ends a step that outlives its own timeout, and aborts what it was doing", async () => {
    let signal: AbortSignal | undefined;
    const outcome = await runSelfTest([
      step(
        "window and renderer",
        (s) => {
          signal = s;
          return never();
        },
        30,
      ),
    ]);
    expect(outcome).toEqual({
      ok: false,
      step: "window and renderer",
      reason: "did not finish within 0 s",
    });
    expect(signal?.aborted).toBe(true);
  });

  it("says what usually keeps a step waiting when it times out", async () => {
    const outcome = await runSelfTest([
      { name: "sign-in", timeoutMs: 20, hint: "approve the code", run: never },
    ]);
    expect(outcome).toMatchObject({ reason: "did not finish within 0 s: approve the code" });
  });

  it("ends the run when the overall deadline comes first, naming the step it was in", async () => {
    const outcome = await runSelfTest(
      [step("tray", async () => undefined), step("sign-in", never)],
      40,
    );
    expect(outcome).toEqual({
      ok: false,
      step: "sign-in",
      reason: "the self-test's 0 s ran out during this step",
    });
  });
});

describe("oneLine", () => {
  it("keeps a long message short and never empty", () => {
    expect(oneLine(new Error("x".repeat(500)))).toHaveLength(300);
    expect(oneLine(new Error(""))).toBe("failed without a message");
    expect(oneLine("plain")).toBe("plain");
  });
});

describe("failOnUncaught", () => {
  it("ends the self-test with the error, where Electron would otherwise show a dialog", () => {
    const process = new EventEmitter();
    const ended: unknown[] = [];
    const stop = failOnUncaught(process, (outcome) => ended.push(outcome));
    expect(process.listenerCount("uncaughtException")).toBe(1);
    process.emit("uncaughtException", new TypeError("Object has been destroyed"));
    expect(ended).toEqual([
      { ok: false, step: "main process", reason: "uncaught: Object has been destroyed" },
    ]);
    stop();
    expect(process.listenerCount("uncaughtException")).toBe(0);
  });
});

describe("oneLine of what the page rejected with", () => {
  it("takes the message of an error copied across the bridge, and names anything else", () => {
    expect(oneLine({ message: "No session named 'x'" })).toBe("No session named 'x'");
    expect(oneLine(undefined)).toBe("undefined");
  });
});

describe("pageCall", () => {
  it("passes the input as JSON, so a start URL cannot become code in the page", () => {
    const code = pageCall("addSession", { startUrl: 'https://x/"); alert(1); ("', name: "s" });
    expect(code).toBe(
      'window.sso.addSession({"startUrl":"https://x/\\"); alert(1); (\\"","name":"s"}' + ")",
    );
    const window = { sso: { addSession: (input: unknown) => input } };
    expect(new Function("window", `return ${code}`)(window)).toEqual({
      startUrl: 'https://x/"); alert(1); ("',
      name: "s",
    });
  });
});

/** A page whose window.sso answers as the app would, to walk the steps without Electron. */
function probe(answers: Partial<Record<string, unknown>>, trayProblem?: string): ShellProbe {
  return {
    trayProblem: () => trayProblem,
    pageLoaded: async () => undefined,
    runInPage: async (code) => {
      if (code.startsWith("typeof window.sso")) return answers.exposed ?? true;
      const name = /^window\.sso\.(\w+)\(/.exec(code)?.[1] ?? "";
      if (!(name in answers)) throw new Error(`unexpected call ${name}`);
      return answers[name];
    },
  };
}

const target = { startUrl: "https://sim-acme.awsapps.com/start", region: "us-east-1" };
const signedIn = { name: "self-test", state: "signed-in" };
const listed = {
  sessions: [signedIn],
  accounts: [
    {
      session: "self-test",
      complete: true,
      accounts: [
        { accountId: "111111111111", roles: [] },
        { accountId: "222222222222", roles: ["ReadOnly"] },
      ],
    },
  ],
};

describe("selfTestSteps", () => {
  it("fails at configuration when there is nothing to sign in to", async () => {
    const outcome = await runSelfTest(selfTestSteps(probe({}), { problem: "set X" }));
    expect(outcome).toEqual({ ok: false, step: "configuration", reason: "set X" });
  });

  it("fails at the tray when it is gone, and at the preload when window.sso is missing", async () => {
    expect(
      await runSelfTest(selfTestSteps(probe({}, "The tray icon was destroyed"), target)),
    ).toMatchObject({
      step: "tray",
    });
    expect(await runSelfTest(selfTestSteps(probe({ exposed: false }), target))).toMatchObject({
      step: "preload",
      reason: "The page has no window.sso: the preload did not run",
    });
  });

  it("fails at the sign-in when the session is not signed in after it, with the app's reason", async () => {
    const outcome = await runSelfTest(
      selfTestSteps(
        probe({
          getState: { sessions: [], accounts: [] },
          addSession: { name: "self-test", state: "signed-out" },
          signIn: { name: "self-test", state: "sign-in-needed", problem: "The code expired" },
        }),
        target,
      ),
    );
    expect(outcome).toEqual({
      ok: false,
      step: "sign-in",
      reason: "The session is sign-in-needed after the sign-in: The code expired",
    });
  });

  it("refuses an answer from the page in the wrong shape", async () => {
    const outcome = await runSelfTest(
      selfTestSteps(probe({ getState: { sessions: "x" } }), target),
    );
    expect(outcome).toEqual({
      ok: false,
      step: "state through IPC",
      reason: "The app's state came back in an unexpected shape",
    });
  });

  it("asks credentials for the first account that has a role", async () => {
    const calls: string[] = [];
    const answers: Record<string, unknown> = {
      getState: listed,
      addSession: { name: "self-test", state: "signed-out" },
      signIn: signedIn,
      refreshAccounts: undefined,
      revealCredentials: { accessKeyId: "ASIA1", expiration: "2030-01-01T00:00:00Z" },
      concealCredentials: undefined,
      signOut: undefined,
    };
    const page = probe(answers);
    const recording: ShellProbe = {
      ...page,
      runInPage: async (code) => {
        calls.push(code);
        return page.runInPage(code);
      },
    };
    // A session still signed in after the sign-out fails the last step.
    const outcome = await runSelfTest(selfTestSteps(recording, target));
    expect(outcome).toEqual({
      ok: false,
      step: "sign-out",
      reason: "The session is still signed in",
    });
    expect(calls).toContain(
      pageCall("revealCredentials", {
        role: { session: "self-test", accountId: "222222222222", roleName: "ReadOnly" },
      }),
    );
    // With the session signed out at the end, every step holds.
    const signedOut = { ...listed, sessions: [{ name: "self-test", state: "signed-out" }] };
    const again = await runSelfTest(
      selfTestSteps(probe({ ...answers, getState: signedOut }), target),
    );
    expect(again.ok).toBe(true);
  });

  it("fails at accounts when the complete list has no role to use", async () => {
    const outcome = await runSelfTest(
      selfTestSteps(
        probe({
          getState: {
            sessions: [],
            accounts: [{ session: "self-test", complete: true, accounts: [] }],
          },
          addSession: { name: "self-test", state: "signed-out" },
          signIn: signedIn,
          refreshAccounts: undefined,
        }),
        target,
      ),
    );
    expect(outcome).toEqual({
      ok: false,
      step: "accounts",
      reason: "The portal listed no account with a role",
    });
  });
});
