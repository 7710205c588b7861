// The one place where a call from outside (Electron IPC, the e2e browser binding) enters the
// service: the name is checked against the contract, the input against its schema, and any error
// leaves as plain {name, message} data a UI can show.
import {
  ApiError,
  isCallName,
  parseCallInput,
  type ApiHandlers,
  type CallName,
  type WireError,
  type WireResult,
} from "../../shared/api.js";

export function toWireError(error: unknown): WireError {
  if (error instanceof ApiError) return { name: error.errorName, message: error.message };
  if (error instanceof Error) {
    return {
      name: error.name || "Error",
      message: error.message || "Something went wrong; try again.",
    };
  }
  return { name: "Error", message: String(error) };
}

export async function invokeCall(
  handlers: ApiHandlers,
  name: unknown,
  input: unknown,
): Promise<WireResult<unknown>> {
  try {
    if (!isCallName(name))
      throw new ApiError("UnknownCall", `There is no call named '${String(name).slice(0, 60)}'`);
    const args = parseCallInput(name, input);
    const handler = handlers[name as CallName] as (args: unknown) => Promise<unknown>;
    const value = await handler.call(handlers, args);
    return { ok: true, value: value ?? null };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
