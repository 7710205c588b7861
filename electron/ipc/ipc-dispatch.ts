// The body of the one `sso:call` IPC handler, free of Electron so it is tested in plain Node:
// drop what an untrusted sender sends, then hand the call to invokeCall, which checks the name
// against the contract and validates the argument with its schema.
import type { ApiHandlers, WireResult } from "../../shared/api.js";
import { invokeCall } from "../../core/service/wire.js";
import { isTrustedSender, type SenderInfo } from "./trusted-sender.js";

export { CALL_CHANNEL, EVENT_CHANNEL } from "./channels.js";

export async function dispatchIpcCall(
  handlers: ApiHandlers,
  sender: SenderInfo,
  trust: { ownIds: ReadonlySet<number>; appUrl: string },
  name: unknown,
  input: unknown,
): Promise<WireResult<unknown>> {
  if (!isTrustedSender(sender, trust.ownIds, trust.appUrl)) {
    return {
      ok: false,
      error: { name: "UntrustedSender", message: "This window may not call SSO Tray" },
    };
  }
  return invokeCall(handlers, name, input);
}
