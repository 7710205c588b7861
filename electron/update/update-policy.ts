// What the updater decides, as plain functions of what it knows: whether automatic checks run,
// whether an offered release may be taken, whether the user may restart into it now, and what
// (if anything) to tell the user about a check. update-service.ts does only what these say.
import semver from "semver";
import type { UpdateReady } from "../../shared/api.js";

/** The first automatic check waits until the app has settled after the login rush. */
export const FIRST_CHECK_DELAY_MS = 2 * 60_000;
/** Then one every few hours: releases are rare, and every check is a request to GitHub. */
export const CHECK_INTERVAL_MS = 4 * 60 * 60_000;
/** How long the feed may take to answer a check. */
export const CHECK_DEADLINE_MS = 30_000;
/** How long a download may take: an installer is ~100 MB, on any connection. */
export const DOWNLOAD_DEADLINE_MS = 30 * 60_000;

export type CheckTrigger = "automatic" | "manual";

/** Automatic checks run only in the installed app (a build from source has no feed), when on. */
export function automaticChecksRun(state: { packaged: boolean; enabled: boolean }): boolean {
  return state.packaged && state.enabled;
}

/**
 * Our own rule, beside electron-updater's allowDowngrade=false: only a strictly newer version
 * is ever taken, so a feed that offers the same or an older release changes nothing.
 */
export function isNewer(offered: string, current: string): boolean {
  const a = semver.valid(offered);
  const b = semver.valid(current);
  return a !== null && b !== null && semver.gt(a, b);
}

export type FailureKind = "offline" | "deadline" | "checksum" | "other";

/** Errors that mean "no network" (Electron's net::ERR_… names, and Node's codes). */
const OFFLINE =
  /ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|CONNECTION_(REFUSED|RESET|CLOSED|TIMED_OUT|FAILED|ABORTED)|ADDRESS_UNREACHABLE|NETWORK_CHANGED|NETWORK_ACCESS_DENIED|PROXY_CONNECTION_FAILED|TUNNEL_CONNECTION_FAILED|TIMED_OUT)|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|ETIMEDOUT/;

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof UpdateDeadlineError) return "deadline";
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_CHECKSUM_MISMATCH") return "checksum";
  const text = `${typeof code === "string" ? code : ""} ${error instanceof Error ? error.message : String(error)}`;
  return OFFLINE.test(text) ? "offline" : "other";
}

export class UpdateDeadlineError extends Error {
  constructor(readonly what: "check" | "download") {
    super(
      what === "check"
        ? `The update feed did not answer within ${CHECK_DEADLINE_MS / 1000} s`
        : `The update did not finish downloading within ${DOWNLOAD_DEADLINE_MS / 60_000} minutes`,
    );
    this.name = "UpdateDeadlineError";
  }
}

export type CheckOutcome =
  | { kind: "development" }
  /** electron-updater is inactive here: an AppImage run without APPIMAGE, a Snap… */
  | { kind: "unsupported" }
  | { kind: "up-to-date"; offered: string }
  | { kind: "refused"; version: string; problem: string }
  | { kind: "ready"; update: UpdateReady }
  | { kind: "failed"; failure: FailureKind; message: string };

export interface UpdateMessage {
  level: "info" | "warning";
  text: string;
}

/**
 * What the user hears about a check: after "Check for updates…" always one short line; after an
 * automatic check nothing at all unless something is wrong with a release itself (the network
 * being away is not news). A ready update is announced by its own event, not here.
 */
export function outcomeMessage(
  outcome: CheckOutcome,
  trigger: CheckTrigger,
  current: string,
): UpdateMessage | undefined {
  if (outcome.kind === "ready") return undefined;
  if (trigger === "automatic") {
    if (outcome.kind === "refused")
      return {
        level: "warning",
        text: `SSO Tray did not take update ${outcome.version}: ${outcome.problem}`,
      };
    if (outcome.kind === "failed" && outcome.failure === "checksum")
      return {
        level: "warning",
        text: "An update's download did not match its published checksum and was discarded; SSO Tray will try again later.",
      };
    return undefined;
  }
  switch (outcome.kind) {
    case "development":
      return {
        level: "info",
        text: "This is a development build: updates come with the installed app.",
      };
    case "unsupported":
      return {
        level: "info",
        text: "This copy of SSO Tray cannot update itself; get new releases from GitHub Releases or your package manager.",
      };
    case "up-to-date":
      return { level: "info", text: `SSO Tray ${current} is up to date.` };
    case "refused":
      return {
        level: "warning",
        text: `SSO Tray did not take update ${outcome.version}: ${outcome.problem}`,
      };
    case "failed":
      switch (outcome.failure) {
        case "offline":
          return {
            level: "info",
            text: "Could not check for updates: no connection. Try again when online.",
          };
        case "deadline":
          return {
            level: "info",
            text: `Could not check for updates: ${outcome.message}. Try again later.`,
          };
        case "checksum":
          return {
            level: "warning",
            text: "The update's download did not match its published checksum and was discarded; try again later.",
          };
        case "other":
          return { level: "warning", text: `Could not check for updates: ${outcome.message}` };
      }
  }
}

export type InstallDecision = { kind: "install" } | { kind: "refuse"; message: string };

/**
 * "Restart to update" goes ahead only with a downloaded update and no sign-in under way: a
 * restart would end the sign-in the user is in the middle of in their browser.
 */
export function installDecision(state: {
  ready: UpdateReady | undefined;
  signInsUnderWay: readonly string[];
}): InstallDecision {
  if (!state.ready)
    return {
      kind: "refuse",
      message: "No update is ready to install; choose Check for updates… in the tray menu first.",
    };
  if (state.signInsUnderWay.length > 0) {
    const names = state.signInsUnderWay.map((s) => `'${s}'`).join(", ");
    return {
      kind: "refuse",
      message: `A sign-in to ${names} is under way: finish or cancel it, then choose Restart to update.`,
    };
  }
  return { kind: "install" };
}
