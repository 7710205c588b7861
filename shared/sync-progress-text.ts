// How far a sync is, in words a user can read at a glance, for the app's progress line and the
// CLI's: "1,240 of 5,000 accounts have their roles; the one you picked is ready".
import type { SyncProgress } from "./model.js";

/** Where the account the user picked stands, when one is picked mid-sync. */
export type PickedState = "ready" | "fetching";

export function syncProgressText(progress: SyncProgress, picked?: PickedState): string {
  const done = progress.done.toLocaleString("en");
  const total = progress.total.toLocaleString("en");
  const text = progress.listing
    ? `Listing accounts: ${total} so far, ${done} with their roles`
    : `${done} of ${total} ${progress.total === 1 ? "account" : "accounts"} ${progress.done === 1 || progress.total === 1 ? "has its" : "have their"} roles`;
  if (picked === "ready") return `${text}; the one you picked is ready`;
  if (picked === "fetching") return `${text}; fetching the one you picked first`;
  return text;
}
