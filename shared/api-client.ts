// Turns any transport into the typed `window.sso`. The Electron preload passes ipcRenderer-backed
// functions; the e2e harness passes Playwright bindings. The renderer never knows which.
import type { Api, CallName, EventName, Events } from "./api.js";
import { ApiError, type WireResult } from "./api-error.js";
import { CALL_NAMES } from "./call-names.js";

export interface Transport {
  invoke(call: CallName, input: unknown): Promise<WireResult<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export interface ClientOptions {
  /**
   * Ask for the first screen's state at once, while the page is still loading its scripts: the
   * page's first `getState(FIRST_STATE)` is answered from this request. Events that arrive before
   * the page has its first state are held and delivered just after it, so none is lost or applied
   * under an older state.
   */
  prefetchState?: boolean;
}

/**
 * What the page asks for first: the first screen of every list (accounts enough to fill the
 * tallest window), not the whole ~1 MB of a 5,000-account one; it asks for the rest once painted.
 */
export const FIRST_STATE = { firstScreen: 60 } as const;

export function createApiClient(transport: Transport, options: ClientOptions = {}): Api {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let unsubscribe: (() => void) | undefined;
  let held: Array<[EventName, unknown]> | undefined;
  let prefetched: Promise<WireResult<unknown>> | undefined;

  const dispatch = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const ensureSubscribed = () => {
    unsubscribe ??= transport.subscribe((event, payload) => {
      if (held) held.push([event, payload]);
      else dispatch(event, payload);
    });
  };
  if (options.prefetchState) {
    held = [];
    ensureSubscribed();
    prefetched = transport.invoke("getState", FIRST_STATE);
    // A failed prefetch is reported when the page asks, not as an unhandled rejection now.
    prefetched.catch(() => undefined);
  }
  const takePrefetched = (name: CallName, input: unknown) => {
    const answer = prefetched;
    if (!answer || name !== "getState") return undefined;
    prefetched = undefined;
    // Another state than the one asked for ahead: asked for now, and the held events wait for it.
    const same = JSON.stringify(input ?? {}) === JSON.stringify(FIRST_STATE);
    const first = same ? answer : transport.invoke(name, input ?? {});
    // Held events are newer than the state: deliver them once the caller has applied it.
    const release = () =>
      setTimeout(() => {
        const events = held ?? [];
        held = undefined;
        for (const [event, payload] of events) dispatch(event, payload);
      }, 0);
    first.then(release, release);
    return first;
  };

  const api: Record<string, unknown> = {
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      ensureSubscribed();
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
  for (const name of CALL_NAMES) {
    api[name] = async (input: unknown) => {
      const result = await (takePrefetched(name, input) ?? transport.invoke(name, input ?? {}));
      if (!result.ok) throw new ApiError(result.error.name, result.error.message);
      return result.value;
    };
  }
  return api as Api;
}
