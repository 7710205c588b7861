// One SSO portal client per IAM Identity Center instance (start URL + region) in this process,
// with the pacer that instance's calls share: the quota is collective, so the account sync and
// role-credential fetches of one instance must draw on the same budget.
import type { SSOClient } from "@aws-sdk/client-sso";
import { createPortalClient } from "../network/aws-clients.js";
import { AdaptivePacer, type PacerOptions } from "./rate-pacer.js";
import { PacedRetryStrategy } from "./paced-retry-strategy.js";
import { limitResponseSize } from "./response-limit.js";
import type { Locations } from "../locations.js";

export type Env = Record<string, string | undefined>;

/**
 * - "paced": our pacer plus the SDK retry middleware driven by PacedRetryStrategy (the default)
 * - "sdk-adaptive": the SDK's own `retryMode: "adaptive"` (kept for the benchmark's comparison)
 */
export type RateControl = "paced" | "sdk-adaptive";

export interface PortalConnection {
  client: SSOClient;
  pacer: AdaptivePacer | undefined;
  retry: PacedRetryStrategy | undefined;
}

export interface ConnectionOptions {
  rateControl?: RateControl;
  pacer?: PacerOptions;
  /** Per-call give-up time for retries (default two minutes). */
  giveUpAfterMs?: number;
}

/** `startUrl`: the instance, whose config section may name a ca_bundle for its connections. */
export function createPortalConnection(
  region: string,
  env: Env,
  locations: Locations,
  options: ConnectionOptions = {},
  startUrl?: string,
): PortalConnection {
  if (options.rateControl === "sdk-adaptive") {
    const client = createPortalClient(
      region,
      env,
      locations,
      { retryMode: "adaptive", maxAttempts: 10 },
      startUrl,
    );
    limitResponseSize(client);
    return { client, pacer: undefined, retry: undefined };
  }
  const pacer = new AdaptivePacer(options.pacer);
  const retry = new PacedRetryStrategy({ pacer, giveUpAfterMs: options.giveUpAfterMs });
  const client = createPortalClient(region, env, locations, { retryStrategy: retry }, startUrl);
  limitResponseSize(client);
  return { client, pacer, retry };
}

/** Connections by instance, created on first use. */
export class PortalConnections {
  private readonly byInstance = new Map<string, PortalConnection>();

  constructor(
    private readonly env: Env,
    private readonly locations: Locations,
    private readonly options: ConnectionOptions = {},
  ) {}

  get(startUrl: string, region: string): PortalConnection {
    const key = `${region} ${startUrl}`;
    let connection = this.byInstance.get(key);
    if (!connection) {
      connection = createPortalConnection(region, this.env, this.locations, this.options, startUrl);
      this.byInstance.set(key, connection);
    }
    return connection;
  }

  destroy(): void {
    for (const c of this.byInstance.values()) c.client.destroy();
    this.byInstance.clear();
  }
}
