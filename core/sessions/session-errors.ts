// Errors a session's callers act on: sign in again, or name a session that exists.

export class SignInNeededError extends Error {
  constructor(
    readonly session: string,
    readonly why: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Session '${session}' needs a new sign-in: ${why}. Run \`ssotray login --session ${session}\` or use Sign in in SSO Tray.`,
      options,
    );
    this.name = "SignInNeededError";
  }
}

export class UnknownSessionError extends Error {
  constructor(
    readonly session: string,
    known: string[],
  ) {
    super(
      known.length === 0
        ? `There is no session named '${session}': none is set up yet; add one with \`ssotray login --start-url URL --region REGION\``
        : `There is no session named '${session}'; the sessions are: ${known.join(", ")}`,
    );
    this.name = "UnknownSessionError";
  }
}

/** A start URL, region or name that cannot be used, or a session whose configuration is incomplete. */
export class SessionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SessionConfigError";
  }
}

/**
 * A sign-in that cannot be saved where it belongs: found before the sign-in starts (nothing was
 * asked of the user), or after the user approved it (then the manager keeps it in memory).
 */
export class TokenCacheWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenCacheWriteError";
  }
}
