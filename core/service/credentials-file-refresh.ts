// The ~/.aws/credentials sections `ssotray creds --credentials-file-profile` wrote: rewritten
// with fresh keys before theirs expire, every minute while the app runs, and removed once the
// sign-in they came from has ended.
import { refreshCredentialsProfiles } from "../aws-files/credentials-profiles.js";
import type { Locations } from "../locations.js";
import type { Platform } from "../platform/platform.js";
import type { RoleCredentialsProvider } from "../portal/role-credentials.js";
import type { SessionManager } from "../sessions/session-manager.js";
import type { EventHub } from "./events.js";

export interface CredentialsFileRefreshParts {
  locations: Locations;
  clock: Platform["clock"];
  sessions: SessionManager;
  credentials: RoleCredentialsProvider;
  hub: EventHub;
  /** Warnings the user has heard already, so each is told once. */
  told: Set<string>;
}

export class CredentialsFileRefresh {
  private disposed = false;
  private timer: { cancel(): void } | undefined;

  constructor(private readonly parts: CredentialsFileRefreshParts) {}

  /** Rewrites the sections whose keys expire soon; returns the names rewritten. */
  async refresh(): Promise<string[]> {
    const { locations, clock, sessions, credentials, hub, told } = this.parts;
    const { refreshed, removed, failed } = await refreshCredentialsProfiles(
      locations,
      (ref) => credentials.get(ref, { forceRefresh: true }),
      clock.now(),
      (session) => sessions.signedOut(session),
    );
    for (const name of refreshed) told.delete(name);
    if (removed.length > 0)
      hub.emit("notice", {
        level: "info",
        message: `Removed [${removed.join("], [")}] from the AWS credentials file: the sign-in they came from has ended`,
      });
    for (const { name, message } of failed) {
      if (told.has(name)) continue;
      told.add(name);
      hub.emit("notice", {
        level: "warning",
        message: `Could not refresh [${name}] in the AWS credentials file: ${message}`,
      });
    }
    return refreshed;
  }

  /** Refreshes now, then every minute until disposed. */
  start(): void {
    this.schedule(0);
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
  }

  private schedule(inMs = 60_000): void {
    if (this.disposed) return;
    this.timer = this.parts.clock.setTimer(() => {
      void this.refresh()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, inMs);
  }
}
