// `--self-test`: the app checks itself as a user's first minutes would, through the same path a
// click takes (page → preload → IPC → AppService → IAM Identity Center), then says one line and
// exits. Each step has its own deadline and the whole run one more, so it never hangs a CI job.
// Main supplies the probes (the tray, the page); this module holds the steps and their order.
import { z } from "zod";
import type { CallName } from "../../shared/api.js";
import type { SelfTestTarget } from "./throwaway-home.js";

export interface SelfTestStep {
  name: string;
  timeoutMs: number;
  /** Said after a timeout: what usually keeps this step waiting. */
  hint?: string;
  /** Resolves when the step holds; throws with what went wrong. */
  run(signal: AbortSignal): Promise<void>;
}

export type SelfTestOutcome =
  { ok: true; steps: string[] } | { ok: false; step: string; reason: string };

/** The whole self-test's deadline: longer than any one step, shorter than any CI job's patience. */
export const SELF_TEST_DEADLINE_MS = 60_000;

/** Runs the steps in order and stops at the first that fails or runs out of time. */
export async function runSelfTest(
  steps: readonly SelfTestStep[],
  deadlineMs = SELF_TEST_DEADLINE_MS,
): Promise<SelfTestOutcome> {
  const ends = Date.now() + deadlineMs;
  const passed: string[] = [];
  for (const step of steps) {
    const left = ends - Date.now();
    const budget = Math.min(step.timeoutMs, left);
    const overall = budget < step.timeoutMs;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), Math.max(budget, 0));
    });
    try {
      const result = await Promise.race([step.run(controller.signal), timedOut]);
      if (result === "timeout")
        return {
          ok: false,
          step: step.name,
          reason: overall
            ? `the self-test's ${seconds(deadlineMs)} ran out during this step`
            : `did not finish within ${seconds(step.timeoutMs)}${step.hint ? `: ${step.hint}` : ""}`,
        };
    } catch (error) {
      return { ok: false, step: step.name, reason: oneLine(error) };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    passed.push(step.name);
  }
  return { ok: true, steps: passed };
}

/** What the self-test prints: one line, on stdout when it passed and stderr when not. */
export function outcomeLine(outcome: SelfTestOutcome): string {
  return outcome.ok
    ? `SSO Tray self-test passed: ${outcome.steps.join(", ")}\n`
    : `SSO Tray self-test failed at "${outcome.step}": ${outcome.reason}\n`;
}

/** The exit status: 0 only when every step held. */
export function outcomeExitCode(outcome: SelfTestOutcome): number {
  return outcome.ok ? 0 : 1;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** An error's message on one line, without a stack, short enough for a CI log's summary. */
export function oneLine(error: unknown): string {
  // What executeJavaScript rejects with may be a copy of the page's Error, not one of ours.
  const carried = (error as { message?: unknown } | null)?.message;
  const message = typeof carried === "string" ? carried : String(error);
  const line = message.replace(/\s*\n\s*/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line || "failed without a message";
}

/**
 * Ends the self-test on an exception nothing caught: with no listener, Electron would show its
 * "A JavaScript error occurred" dialog and wait for a click that never comes in CI. Returns what
 * takes the listener off again.
 */
export function failOnUncaught(
  process: Pick<NodeJS.EventEmitter, "on" | "off">,
  end: (outcome: SelfTestOutcome) => void,
): () => void {
  const listener = (error: unknown) =>
    end({ ok: false, step: "main process", reason: `uncaught: ${oneLine(error)}` });
  process.on("uncaughtException", listener);
  return () => process.off("uncaughtException", listener);
}

// ---- the steps ----

export interface ShellProbe {
  /** Why the tray is not there and usable, or undefined. */
  trayProblem(): string | undefined;
  /** Resolves once the window has loaded the app's page; throws with why it did not. */
  pageLoaded(): Promise<void>;
  /** webContents.executeJavaScript: runs `code` in the page, resolves with its result. */
  runInPage(code: string): Promise<unknown>;
}

/** A call of `window.sso`, as the page makes it. `name` is typed and `input` is JSON: no code. */
export function pageCall(name: CallName, input: Record<string, unknown>): string {
  return `window.sso.${name}(${JSON.stringify(input)})`;
}

/** The session the self-test adds; a throwaway home has no other. */
export const SELF_TEST_SESSION = "self-test";

const POLL_MS = 200;

// What comes back from the page is shape-checked like any input from the renderer.
const sessionSchema = z.object({
  name: z.string(),
  state: z.string(),
  problem: z.string().optional(),
});
const stateSchema = z.object({
  sessions: z.array(sessionSchema),
  accounts: z.array(
    z.object({
      session: z.string(),
      complete: z.boolean(),
      accounts: z.array(z.object({ accountId: z.string(), roles: z.array(z.string()) })),
    }),
  ),
});
const credentialsSchema = z.object({ accessKeyId: z.string().min(1), expiration: z.string() });

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} came back in an unexpected shape`);
  return result.data;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The steps, in the order a user meets them. */
export function selfTestSteps(
  probe: ShellProbe,
  target: SelfTestTarget | { problem: string },
): SelfTestStep[] {
  const session = SELF_TEST_SESSION;
  const where = "problem" in target ? undefined : target;
  const call = async (name: CallName, input: Record<string, unknown>) =>
    probe.runInPage(pageCall(name, input));
  const state = async () => parsed(stateSchema, await call("getState", {}), "The app's state");
  let role: { session: string; accountId: string; roleName: string } | undefined;
  return [
    {
      name: "configuration",
      timeoutMs: 1_000,
      run: async () => {
        if ("problem" in target) throw new Error(target.problem);
      },
    },
    {
      name: "tray",
      timeoutMs: 5_000,
      run: async () => {
        const problem = probe.trayProblem();
        if (problem) throw new Error(problem);
      },
    },
    { name: "window and renderer", timeoutMs: 20_000, run: () => probe.pageLoaded() },
    {
      name: "preload",
      timeoutMs: 5_000,
      run: async () => {
        const exposed = await probe.runInPage(
          'typeof window.sso === "object" && typeof window.sso.getState === "function"',
        );
        if (exposed !== true)
          throw new Error("The page has no window.sso: the preload did not run");
      },
    },
    {
      name: "state through IPC",
      timeoutMs: 5_000,
      run: async () => {
        await state();
      },
    },
    {
      name: "add session",
      timeoutMs: 5_000,
      run: async () => {
        if (!where) throw new Error("No IAM Identity Center to add");
        const added = parsed(
          sessionSchema,
          await call("addSession", {
            startUrl: where.startUrl,
            region: where.region,
            name: session,
          }),
          "The new session",
        );
        if (added.name !== session) throw new Error(`The session was added as '${added.name}'`);
      },
    },
    {
      name: "sign-in",
      timeoutMs: 20_000,
      hint: "the device code waits to be approved; the simulator approves it by itself with --device-approval after-polls:1",
      run: async () => {
        const status = parsed(
          sessionSchema,
          await call("signIn", { session, method: "device" }),
          "The sign-in's result",
        );
        if (status.state !== "signed-in")
          throw new Error(
            `The session is ${status.state} after the sign-in${status.problem ? `: ${status.problem}` : ""}`,
          );
      },
    },
    {
      name: "accounts",
      timeoutMs: 20_000,
      run: async (signal) => {
        await call("refreshAccounts", { session });
        while (!signal.aborted) {
          const list = (await state()).accounts.find((a) => a.session === session);
          const account = list?.accounts.find((a) => a.roles.length > 0);
          if (list?.complete && account) {
            role = { session, accountId: account.accountId, roleName: account.roles[0]! };
            return;
          }
          if (list?.complete) throw new Error("The portal listed no account with a role");
          await sleep(POLL_MS, signal);
        }
      },
    },
    {
      name: "role credentials",
      timeoutMs: 10_000,
      run: async () => {
        if (!role) throw new Error("No role to ask credentials for");
        parsed(credentialsSchema, await call("revealCredentials", { role }), "The credentials");
        await call("concealCredentials", {});
      },
    },
    {
      name: "sign-out",
      timeoutMs: 10_000,
      run: async () => {
        await call("signOut", { session });
        const after = (await state()).sessions.find((s) => s.name === session);
        if (after?.state === "signed-in") throw new Error("The session is still signed in");
      },
    },
  ];
}
