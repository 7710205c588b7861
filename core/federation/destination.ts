// Where a console sign-in lands. A user (or a link pasted by someone else) may name any page, so
// only pages of the partition's own console are accepted: a sign-in link must never carry someone
// to another site with a fresh console session behind them.
import { consoleHome, partitionOf } from "./partition.js";

export class DestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DestinationError";
  }
}

function belongsTo(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The console URL to open: the region's console home when none is given; a path such as
 * `/s3/home` on the region's console host (with `region=` added when absent); or a full URL,
 * checked to be an https page of the partition's console.
 */
export function resolveDestination(region: string, destination?: string): string {
  const hosts = partitionOf(region);
  const home = consoleHome(region);
  const given = destination?.trim();
  if (!given) return home;

  if (given.startsWith("/")) {
    // "//evil.example" and "/\evil.example" are host-relative URLs, not paths.
    if (/^\/[/\\]/.test(given)) {
      throw new DestinationError(
        `The destination must be a console path such as /s3/home (got '${given}')`,
      );
    }
    const url = new URL(given, home);
    if (url.origin !== new URL(home).origin) {
      throw new DestinationError(
        `The destination must be a console path such as /s3/home (got '${given}')`,
      );
    }
    if (!url.searchParams.has("region")) url.searchParams.set("region", region);
    return url.toString();
  }

  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new DestinationError(
      `The destination must be a console URL such as ${home} or a path such as /s3/home (got '${given}')`,
    );
  }
  if (
    url.protocol !== "https:" ||
    url.username ||
    url.password ||
    url.port ||
    !belongsTo(url.hostname, hosts.consoleDomain)
  ) {
    throw new DestinationError(
      `The destination must be a page of the AWS console (https://…${hosts.consoleDomain}/…) for ${region}'s partition (got '${given}')`,
    );
  }
  return url.toString();
}
