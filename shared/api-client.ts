// Turns any transport into the typed `window.sso`. The Electron preload passes ipcRenderer-backed
// functions; the e2e harness passes Playwright bindings. The renderer never knows which.
import {
  ApiError,
  calls,
  type Api,
  type CallName,
  type EventName,
  type Events,
  type WireResult,
} from "./api.js";

export interface Transport {
  invoke(call: CallName, input: unknown): Promise<WireResult<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export function createApiClient(transport: Transport): Api {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let unsubscribe: (() => void) | undefined;

  const ensureSubscribed = () => {
    unsubscribe ??= transport.subscribe((event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    });
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
  for (const name of Object.keys(calls) as CallName[]) {
    api[name] = async (input: unknown) => {
      const result = await transport.invoke(name, input ?? {});
      if (!result.ok) throw new ApiError(result.error.name, result.error.message);
      return result.value;
    };
  }
  return api as Api;
}
