// What the tray icon and tooltip say at a glance: signed in, ending soon, or signed out.
import type { SessionStatus } from "../../shared/model.js";

export type TrayIcon = "signed-in" | "expiring" | "signed-out";

export function timeLeft(ms: number): string {
  if (ms <= 0) return "ended";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}

function endsIn(session: SessionStatus, now: number): number | undefined {
  if (!session.expiresAt || session.canRefresh) return undefined;
  return Date.parse(session.expiresAt) - now;
}

/** The icon: expiring if any live session ends within the warning window; signed out if none is live. */
export function trayIcon(
  sessions: readonly SessionStatus[],
  now: number,
  warningMinutes: number,
): TrayIcon {
  const live = sessions.filter((s) => s.state === "signed-in" || s.state === "expiring");
  if (live.length === 0) return "signed-out";
  const soon = live.some((s) => {
    const left = endsIn(s, now);
    return s.state === "expiring" || (left !== undefined && left <= warningMinutes * 60_000);
  });
  return soon ? "expiring" : "signed-in";
}

/**
 * The icon's file name. macOS tints tray icons to the menu bar and ignores their colours, so it
 * gets the "Template" drawings, where the states differ in shape (scripts/make-icons.mjs).
 */
export function trayIconFile(icon: TrayIcon, platform: NodeJS.Platform): string {
  return platform === "darwin" ? `tray-${icon}Template.png` : `tray-${icon}.png`;
}

export function trayTooltip(sessions: readonly SessionStatus[], now: number): string {
  if (sessions.length === 0) return "SSO Tray: no AWS access portal added";
  const lines = sessions.map((s) => {
    if (s.state === "signed-out") return `${s.name}: signed out`;
    if (s.state === "sign-in-needed") return `${s.name}: sign-in needed`;
    const left = endsIn(s, now);
    return left === undefined ? `${s.name}: signed in` : `${s.name}: ${timeLeft(left)} left`;
  });
  return ["SSO Tray", ...lines].join("\n");
}
