// What the portal and our cache files may say, in one place. Everything they send is data that
// ends up in ~/.aws/config, on a shell line, on a terminal or in a URL, and none of it is trusted:
// an endpoint override, a proxy that intercepts TLS, or a tampered cache file can say anything.
//
// Imports nothing: `ssotray credential-process` checks cached credentials with these on every
// call, before zod or the AWS SDK is loaded (see credential-cache-file.ts).
import type { RoleCredentials } from "../../shared/model.js";
import { withoutInvisible } from "../../shared/visible-text.js";

/** An AWS account id: exactly twelve digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/**
 * An IAM role name (IAM API reference, RoleName: pattern `[\w+=,.@-]+`, 1 to 64 characters; `\w`
 * is ASCII there). The portal's role names are permission-set names, which follow the same rule.
 */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** An access key id: upper-case letters and digits (AKIA…/ASIA…, 16 to 128 characters). */
export const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/**
 * A secret access key or session token: base64 (standard or URL-safe), nothing a shell, a dotenv
 * file or a terminal would read as more than a word. Session tokens run to a few kilobytes.
 */
export const CREDENTIAL_SECRET = /^[A-Za-z0-9+/=_-]{16,65536}$/;

/** Accounts one sync takes at most; a portal that lists more is refused, not followed. */
export const MAX_ACCOUNTS = 100_000;

/**
 * Characters a terminal acts on or reorders rather than shows: C0 and C1 controls with DEL
 * (escape sequences set the window title and colours), line and paragraph separators, and the
 * bidirectional marks, embeddings, overrides and isolates that make `exe.txt` read as `txt.exe`.
 */
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A device sign-in's user code, as IAM Identity Center gives it ("BCDF-GHJK"): letters and digits
 * in a few groups joined by hyphens. It is printed for the user to type, so nothing else passes.
 */
export const USER_CODE = /^[A-Za-z0-9]{2,16}(?:-[A-Za-z0-9]{2,16}){0,3}$/;

const UNPRINTABLE_OR_SPACE = /[\s\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Why a sign-in page the service named (a device verification URL) cannot be shown or opened, or
 * undefined when it can: an https address (plain http only on this machine, where a local
 * endpoint such as the simulator answers), no user name or password in it, nothing a terminal
 * acts on, and on the origin given (the complete URL lives beside the plain one).
 */
export function signInPageProblem(url: string, sameOriginAs?: string): string | undefined {
  if (url.length > 2048) return "it is longer than 2048 characters";
  if (UNPRINTABLE_OR_SPACE.test(url)) return "it holds spaces or control characters";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "it is not a web address";
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback))
    return "it is not an https address";
  if (parsed.username || parsed.password) return "it carries a user name or password";
  if (sameOriginAs !== undefined && URL.canParse(sameOriginAs)) {
    if (new URL(sameOriginAs).origin !== parsed.origin)
      return `it is not on ${new URL(sameOriginAs).origin}`;
  }
  return undefined;
}

/**
 * Text safe to show: controls become spaces; bidi marks and every other character that shows as
 * nothing (shared/visible-text.ts) go; runs of spaces shrink to one.
 */
export function printable(text: string): string {
  return withoutInvisible(text.replace(BIDI, ""))
    .replace(CONTROL, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** A value for a message: printable, cut to `max` characters. */
export function shown(text: string, max = 40): string {
  const clean = printable(text);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function isAccountId(value: unknown): value is string {
  return typeof value === "string" && ACCOUNT_ID.test(value);
}

export function isRoleName(value: unknown): value is string {
  return typeof value === "string" && ROLE_NAME.test(value);
}

/** Display names and e-mail addresses: at most this long once cleaned (AWS allows 50 and 64). */
const MAX_DISPLAY = 256;

/** An account name or e-mail address for display: printable, and not absurdly long. */
export function displayText(value: unknown): string {
  if (typeof value !== "string") return "";
  return printable(value).slice(0, MAX_DISPLAY);
}

/**
 * Credentials that look like AWS credentials, or undefined. `expiration` is epoch milliseconds
 * from the portal or an ISO 8601 string from a cache file; either must be a real date.
 */
export function checkedCredentials(input: {
  accessKeyId?: unknown;
  secretAccessKey?: unknown;
  sessionToken?: unknown;
  expiration?: unknown;
}): RoleCredentials | undefined {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = input;
  if (typeof accessKeyId !== "string" || !ACCESS_KEY_ID.test(accessKeyId)) return undefined;
  if (typeof secretAccessKey !== "string" || !CREDENTIAL_SECRET.test(secretAccessKey))
    return undefined;
  if (typeof sessionToken !== "string" || !CREDENTIAL_SECRET.test(sessionToken)) return undefined;
  let ms: number;
  if (typeof expiration === "number") ms = expiration;
  else if (
    typeof expiration === "string" &&
    /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)$/.test(expiration)
  )
    ms = Date.parse(expiration);
  else return undefined;
  // Finite and within what a Date can print: year 1970 to 9999.
  if (!Number.isFinite(ms) || ms <= 0 || ms >= 253_402_300_800_000) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(ms).toISOString() };
}

/**
 * What a sync or a cache read left out, told once: every account or role whose id or name is not
 * a valid one, by account, in one warning.
 */
export class Rejections {
  // Sets: a listing retried after a token refresh meets the same entries again.
  private readonly accounts = new Set<string>();
  private readonly roles = new Map<string, Set<unknown>>();

  account(accountId: unknown, accountName: unknown): void {
    const id = typeof accountId === "string" ? `'${shown(accountId)}'` : "none";
    const name = displayText(accountName);
    this.accounts.add(name ? `'${shown(name)}' (id ${id})` : `id ${id}`);
  }

  role(accountId: string, roleName: unknown): void {
    const names = this.roles.get(accountId) ?? new Set();
    this.roles.set(accountId, names.add(roleName));
  }

  get size(): number {
    return this.accounts.size + [...this.roles.values()].reduce((n, names) => n + names.size, 0);
  }

  /** One warning, or undefined when nothing was left out. */
  message(source: string, advice: string): string | undefined {
    if (this.size === 0) return undefined;
    const parts: string[] = [];
    const accounts = [...this.accounts];
    if (accounts.length > 0) {
      parts.push(
        `${accounts.length === 1 ? "an account whose id is" : `${accounts.length} accounts whose ids are`} not 12 digits: ${list(accounts)}`,
      );
    }
    if (this.roles.size > 0) {
      const named = [...this.roles].map(([id, names]) =>
        names.size === 1 ? id : `${id} (${names.size})`,
      );
      parts.push(`role names that are not valid IAM role names in account ${list(named)}`);
    }
    return `${source} held ${parts.join(", and ")}; they were left out. ${advice}`;
  }
}

function list(items: readonly string[], max = 5): string {
  const head = items.slice(0, max).join(", ");
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}
