// Test support: the status of a session signed in to a simulator, for tests that hand the portal
// layer a session of their own instead of a SessionManager.
import type { SessionStatus } from "../shared/model.js";

export function signedInStatus(
  sim: { startUrl: string; region: string },
  options: { name?: string; canRefresh?: boolean } = {},
): SessionStatus {
  return {
    name: options.name ?? "acme",
    startUrl: sim.startUrl,
    region: sim.region,
    source: "sso-session",
    state: "signed-in",
    canRefresh: options.canRefresh ?? true,
  };
}
