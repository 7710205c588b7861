// Warns before a session ends and says when it has: planned from the sessions' status as a pure
// function, then scheduled on the Platform clock. A session that can refresh silently is not
// ending; one that cannot ends when its access token expires.
import type { SessionStatus } from "../../shared/model.js";
import type { Clock, Timer } from "../platform/platform.js";

export interface ExpiryEvent {
  session: string;
  kind: "ending" | "ended";
  /** Epoch ms when it should be shown. */
  at: number;
  /** The expiry it is about (epoch ms): one notice per kind per expiry. */
  expiresAt: number;
}

export function planExpiryEvents(
  sessions: readonly SessionStatus[],
  warningMinutes: number,
): ExpiryEvent[] {
  const events: ExpiryEvent[] = [];
  for (const session of sessions) {
    if (!session.expiresAt || session.canRefresh) continue;
    if (session.state === "signed-out") continue;
    const expiresAt = Date.parse(session.expiresAt);
    if (Number.isNaN(expiresAt)) continue;
    events.push({
      session: session.name,
      kind: "ending",
      at: expiresAt - warningMinutes * 60_000,
      expiresAt,
    });
    events.push({ session: session.name, kind: "ended", at: expiresAt, expiresAt });
  }
  return events;
}

export class ExpiryWatch {
  private timers: Timer[] = [];
  private readonly shown = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly onEvent: (event: ExpiryEvent) => void,
  ) {}

  /** Re-plans from scratch; an event already shown for the same expiry is not shown again. */
  update(sessions: readonly SessionStatus[], warningMinutes: number): void {
    for (const timer of this.timers) timer.cancel();
    this.timers = [];
    const now = this.clock.now();
    for (const event of planExpiryEvents(sessions, warningMinutes)) {
      const key = `${event.session}\0${event.kind}\0${event.expiresAt}`;
      if (this.shown.has(key)) continue;
      // A warning whose moment passed while the app was closed still helps if the session lives.
      if (event.kind === "ending" && now >= event.expiresAt) continue;
      this.timers.push(
        this.clock.setTimer(
          () => {
            if (this.shown.has(key)) return;
            this.shown.add(key);
            this.onEvent(event);
          },
          Math.max(0, event.at - now),
        ),
      );
    }
  }

  dispose(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers = [];
  }
}
