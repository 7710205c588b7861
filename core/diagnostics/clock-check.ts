// The clock against AWS's: the Date header of an answer from each session's sign-in endpoint.
// Tokens expire by the local clock, and AWS refuses signed requests more than 5 minutes off, so
// a skewed clock shows as sign-ins that end at once or STS calls refused for no visible reason.
import { getText } from "../network/get-text.js";
import { networkTimeoutMs, type Env } from "../network/network-deadline.js";
import type { Locations } from "../locations.js";
import { found, type Finding } from "./finding.js";

/** AWS's limit for a signed request's time (SigV4). */
export const SKEW_ERROR_MS = 5 * 60_000;
export const SKEW_WARNING_MS = 60_000;

export interface ClockTarget {
  /** The endpoint's base URL, e.g. the session's OIDC endpoint. */
  url: string;
  startUrl?: string;
}

function minutes(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

export async function checkClock(
  targets: readonly ClockTarget[],
  env: Env,
  locations: Locations,
  now: () => number = Date.now,
): Promise<Finding[]> {
  const out: Finding[] = [];
  if (targets.length === 0)
    return [found("clock", "ok", "No session to compare the clock with; add one first")];
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.url)) continue;
    seen.add(target.url);
    const timeout = networkTimeoutMs(env);
    const sent = now();
    const signal = AbortSignal.timeout(timeout);
    let date: string | undefined;
    try {
      const answer = await getText(new URL(target.url), {
        env,
        locations,
        ...(target.startUrl ? { startUrl: target.startUrl } : {}),
        signal,
        maxBytes: 64 * 1024,
      });
      date = answer.date;
    } catch (error) {
      const why = signal.aborted ? `no answer in ${timeout / 1000} s` : (error as Error).message;
      out.push(
        found(
          "clock",
          "error",
          `Could not reach ${target.url} to compare clocks (${why}); sign-in needs it: check the network, the proxy and the firewall (\`ssotray doctor --endpoints\` lists every host)`,
        ),
      );
      continue;
    }
    const server = date ? Date.parse(date) : NaN;
    if (Number.isNaN(server)) {
      out.push(
        found("clock", "warning", `${target.url} sent no Date header; the clock was not compared`),
      );
      continue;
    }
    // The header has whole seconds; the middle of the call is the fairest local time for it.
    const skew = (sent + now()) / 2 - server;
    const side = skew > 0 ? "ahead of" : "behind";
    if (Math.abs(skew) > SKEW_ERROR_MS)
      out.push(
        found(
          "clock",
          "error",
          `This computer's clock is ${minutes(skew)} ${side} AWS's (${target.url}); AWS refuses requests more than 5 min off and sign-ins expire early or late: turn on automatic time (NTP) and check the time zone`,
        ),
      );
    else if (Math.abs(skew) > SKEW_WARNING_MS)
      out.push(
        found(
          "clock",
          "warning",
          `This computer's clock is ${minutes(skew)} ${side} AWS's (${target.url}); turn on automatic time (NTP)`,
        ),
      );
    else
      out.push(
        found("clock", "ok", `The clock agrees with ${target.url} (within ${minutes(skew)})`),
      );
  }
  return out;
}
