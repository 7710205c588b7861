// Injected into the page before the renderer loads (page.addInitScript): builds `window.sso` from
// the shared client over two Playwright channels: `__ssoInvoke` (a binding into the test
// process, where the real AppService runs) for calls, `__ssoEmit` (called by the harness with
// page.evaluate) for events. The renderer cannot tell this from the Electron preload.
import type { CallName, EventName, WireResult } from "../../shared/api.js";
import { createApiClient } from "../../shared/api-client.js";

type Listener = (event: EventName, payload: unknown) => void;

interface BridgeWindow {
  /** Answers with the call's WireResult as JSON text. */
  __ssoInvoke(name: CallName, input: unknown): Promise<string>;
  __ssoEmit?: (event: EventName, payload: unknown) => void;
  __cspViolations?: string[];
  sso?: unknown;
}

const page = globalThis as unknown as BridgeWindow & typeof globalThis;
const listeners = new Set<Listener>();
page.__ssoEmit = (event, payload) => {
  for (const listener of listeners) listener(event, payload);
};
page.sso = createApiClient(
  {
    invoke: async (name, input) =>
      JSON.parse(await page.__ssoInvoke(name, input)) as WireResult<unknown>,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  },
  { prefetchState: true },
);

// Every Content-Security-Policy violation the page reports, for the specs to assert none.
page.__cspViolations = [];
page.addEventListener("securitypolicyviolation", (event) => {
  page.__cspViolations?.push(
    `${event.violatedDirective}: ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
  );
});
