// Which region of a replicated IAM Identity Center instance a session calls. AWS answers the
// portal and OIDC in every region the instance is replicated to; when the preferred one gives no
// answer (a deadline passes) or answers 5xx, the next in the session's order is tried, the user is
// told which region stands in for which, and the preferred region is tried first again once
// `retryFirstAfterMs` has passed since it failed. Any other error (a refused token, a denial, a
// throttle) is the instance's answer, the same in every region, and is passed on as it is.
import { isTimeoutError } from "../network/network-deadline.js";

/** How long the region that answered in its place is used before the first is tried again. */
export const RETRY_FIRST_REGION_AFTER_MS = 5 * 60_000;

export interface RegionFailoverOptions {
  now: () => number;
  /** A notice for the user: the app shows it, the CLI prints it on stderr. */
  notify: (message: string) => void;
  retryFirstAfterMs?: number;
}

interface Standing {
  /** The region that answered last in place of the first. */
  region: string;
  /** When the first region last failed. */
  since: number;
}

interface ErrorLike {
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  cause?: unknown;
}

/** No answer within the deadline, or a server error: the region is down, not the request wrong. */
export function isRegionOutage(error: unknown): boolean {
  if (isTimeoutError(error)) return true;
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 6; depth++) {
    const status = e.$metadata?.httpStatusCode;
    if (typeof status === "number" && status >= 500 && status <= 599) return true;
    e = e.cause as ErrorLike | undefined;
  }
  return false;
}

/** Thrown when every region of the order failed: names them all, and what to do. */
export class AllRegionsFailedError extends Error {
  constructor(regions: readonly string[], what: string, last: unknown) {
    super(
      `No region of the instance answered while ${what} (tried ${regions.join(", ")}): ${(last as Error).message}. Check your network and proxy, or try again later`,
      { cause: last },
    );
    this.name = "AllRegionsFailedError";
  }
}

/** One per process: the standing of each instance (start URL) is shared by sign-in and sync. */
export class RegionFailover {
  private readonly standing = new Map<string, Standing>();
  private readonly retryFirstAfterMs: number;

  constructor(private readonly options: RegionFailoverOptions) {
    this.retryFirstAfterMs = options.retryFirstAfterMs ?? RETRY_FIRST_REGION_AFTER_MS;
  }

  /** The order to try now: the stand-in first while the first region's failure is recent. */
  private plan(startUrl: string, order: readonly string[]): string[] {
    const standing = this.standing.get(startUrl);
    if (!standing || !order.includes(standing.region)) return [...order];
    if (this.options.now() - standing.since >= this.retryFirstAfterMs) return [...order];
    return [standing.region, ...order.filter((r) => r !== standing.region)];
  }

  /** The region calls go to now, for messages and for calls that must not move (a refresh). */
  current(startUrl: string, order: readonly string[]): string {
    return this.plan(startUrl, order)[0] ?? order[0] ?? "";
  }

  /**
   * Runs `attempt` in the session's regions until one answers. `order` is the session's
   * preference, its sso_region first; `what` says what was under way, for the messages.
   */
  async run<T>(
    instance: { startUrl: string; session: string },
    order: readonly string[],
    what: string,
    attempt: (region: string) => Promise<T>,
  ): Promise<T> {
    const first = order[0];
    if (first === undefined) throw new Error(`The session '${instance.session}' has no region`);
    if (order.length === 1) return attempt(first);
    const regions = this.plan(instance.startUrl, order);
    let last: unknown;
    for (const [index, region] of regions.entries()) {
      try {
        const result = await attempt(region);
        this.answered(instance, first, region);
        return result;
      } catch (error) {
        if (!isRegionOutage(error)) throw error;
        last = error;
        if (region === first) this.firstFailed(instance.startUrl);
        const next = regions[index + 1];
        if (next !== undefined)
          this.options.notify(
            `IAM Identity Center in ${region} did not answer while ${what} for session '${instance.session}'; trying its replica in ${next}`,
          );
      }
    }
    throw new AllRegionsFailedError(regions, what, last);
  }

  private firstFailed(startUrl: string): void {
    const standing = this.standing.get(startUrl);
    this.standing.set(startUrl, { region: standing?.region ?? "", since: this.options.now() });
  }

  private answered(
    instance: { startUrl: string; session: string },
    first: string,
    region: string,
  ): void {
    const standing = this.standing.get(instance.startUrl);
    if (region === first) {
      if (standing) {
        this.standing.delete(instance.startUrl);
        this.options.notify(
          `IAM Identity Center in ${first} answers again; session '${instance.session}' is back on its first region (it used ${standing.region || "another region"} meanwhile)`,
        );
      }
      return;
    }
    if (standing?.region !== region)
      this.options.notify(
        `Session '${instance.session}' now uses IAM Identity Center in ${region} in place of ${first}, which did not answer; ${first} is tried again in ${Math.round(this.retryFirstAfterMs / 60_000)} minutes`,
      );
    this.standing.set(instance.startUrl, { region, since: standing?.since ?? this.options.now() });
  }
}

/** A session's regions in its order of preference: sso_region, then its fallbacks. */
export function regionOrder(config: { region: string; fallbackRegions?: string[] }): string[] {
  return [config.region, ...(config.fallbackRegions ?? [])];
}
