// The preload exposes the contract as `window.sso` and nothing else: never ipcRenderer itself.
import { contextBridge, ipcRenderer } from "electron";
import type { CallName, EventName, WireResult } from "../shared/api.js";
import { createApiClient } from "../shared/api-client.js";
import { CALL_CHANNEL, EVENT_CHANNEL } from "./ipc/channels.js";

const api = createApiClient(
  {
    invoke: (call: CallName, input: unknown) =>
      ipcRenderer.invoke(CALL_CHANNEL, call, input) as Promise<WireResult<unknown>>,
    subscribe: (listener: (event: EventName, payload: unknown) => void) => {
      const handler = (_event: unknown, name: EventName, payload: unknown) =>
        listener(name, payload);
      ipcRenderer.on(EVENT_CHANNEL, handler);
      return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    },
  },
  { prefetchState: true },
);

contextBridge.exposeInMainWorld("sso", api);
