import { describe, expect, it } from "vitest";
import type { CallName, EventName, WireResult } from "./api.js";
import { ApiError } from "./api.js";
import { createApiClient, FIRST_STATE, type Transport } from "./api-client.js";

/** A transport whose calls wait until the test answers them, and whose events the test sends. */
function manualTransport() {
  const calls: Array<{
    name: CallName;
    input: unknown;
    answer(result: WireResult<unknown>): void;
  }> = [];
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const transport: Transport = {
    invoke: (name, input) =>
      new Promise((resolve) => {
        calls.push({ name, input, answer: resolve });
      }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners) listener(event, payload);
  };
  return { transport, calls, emit };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("createApiClient", () => {
  it("turns a failed call into an ApiError with the service's message", async () => {
    const { transport, calls } = manualTransport();
    const api = createApiClient(transport);
    const pending = api.signOut({ session: "work" });
    calls[0]?.answer({ ok: false, error: { name: "NotFound", message: "No session named work." } });
    const error: unknown = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ errorName: "NotFound", message: "No session named work." });
  });

  it("asks for the first screen's state at once when told to, and answers the page's first getState with it", async () => {
    const { transport, calls, emit } = manualTransport();
    const api = createApiClient(transport, { prefetchState: true });
    expect(calls.map((c) => [c.name, c.input])).toEqual([["getState", FIRST_STATE]]);

    const seen: string[] = [];
    api.on("notice", (notice) => seen.push(`notice:${notice.message}`));
    // An event that arrives while the page is still loading is newer than the prefetched state.
    emit("notice", { level: "info", message: "later" });
    const state = api.getState(FIRST_STATE).then((value) => seen.push(`state:${String(value)}`));
    calls[0]?.answer({ ok: true, value: "snapshot" });
    await state;
    await tick();
    expect(seen).toEqual(["state:snapshot", "notice:later"]);
    expect(calls).toHaveLength(1);

    // Later calls and events go straight through.
    const again = api.getState({});
    expect(calls.map((c) => c.name)).toEqual(["getState", "getState"]);
    calls[1]?.answer({ ok: true, value: "fresh" });
    await expect(again).resolves.toBe("fresh");
    emit("notice", { level: "info", message: "now" });
    expect(seen.at(-1)).toBe("notice:now");
  });

  it("asks again when the page's first getState is another than the one prefetched, and then delivers held events", async () => {
    const { transport, calls, emit } = manualTransport();
    const api = createApiClient(transport, { prefetchState: true });
    const seen: string[] = [];
    api.on("notice", (notice) => seen.push(`notice:${notice.message}`));
    emit("notice", { level: "info", message: "later" });
    const state = api.getState({}).then((value) => seen.push(`state:${String(value)}`));
    expect(calls.map((c) => [c.name, c.input])).toEqual([
      ["getState", FIRST_STATE],
      ["getState", {}],
    ]);
    calls[1]?.answer({ ok: true, value: "whole" });
    await state;
    await tick();
    expect(seen).toEqual(["state:whole", "notice:later"]);
  });

  it("reports a failed prefetch to the page's getState and still delivers held events", async () => {
    const { transport, calls, emit } = manualTransport();
    const api = createApiClient(transport, { prefetchState: true });
    const seen: unknown[] = [];
    api.on("focusSearch", (payload) => seen.push(payload));
    emit("focusSearch", null);
    calls[0]?.answer({
      ok: false,
      error: { name: "Internal", message: "Could not read settings." },
    });
    await expect(api.getState(FIRST_STATE)).rejects.toThrow("Could not read settings.");
    await tick();
    expect(seen).toHaveLength(1);
  });
});
