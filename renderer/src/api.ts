// The renderer's only door to the main process: `window.sso`, set up by the preload (or by the
// e2e bridge) and typed by the shared contract.
import type { Api } from "../../shared/api.js";

declare global {
  interface Window {
    sso: Api;
  }
}

export function sso(): Api {
  return window.sso;
}

/** What a failed call says, for a banner. Errors crossing contextBridge arrive as plain Errors. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === "string" ? error : "Something went wrong; try again.";
}
