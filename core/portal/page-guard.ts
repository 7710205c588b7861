// Follows a paginated listing no further than it should. botocore's paginator refuses a next
// token it has just been given ("The same next token was received twice"); a portal that does
// that, or cycles through a few tokens, or never stops, would otherwise keep a sync calling it
// for ever. Tokens are remembered by digest: a hostile one may be large.
import { createHash } from "node:crypto";
import { PortalError } from "./portal-errors.js";

export class PageGuard {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    private readonly what: string,
    private readonly maxPages: number,
  ) {}

  /** Call with each page's next token before the next page is asked for; throws to stop. */
  check(nextToken: string | undefined): void {
    this.pages += 1;
    if (nextToken === undefined || nextToken === "") return;
    const digest = createHash("sha256").update(nextToken).digest("base64");
    if (this.seen.has(digest)) {
      throw new PortalError(
        `The portal sent the same next token twice while ${this.what}, which would repeat the listing for ever; the sync stopped. Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy)`,
      );
    }
    this.seen.add(digest);
    if (this.pages >= this.maxPages) {
      throw new PortalError(
        `The portal was still sending pages after ${this.maxPages} while ${this.what}; the sync stopped there. Check which endpoint answers for your portal (AWS_ENDPOINT_URL_SSO, a proxy)`,
      );
    }
  }
}
