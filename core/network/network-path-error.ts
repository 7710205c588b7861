// A failure on the way to AWS rather than at AWS: the proxy, or the TLS certificate. Its message
// already names the host, the proxy and the setting that fixes it, so the callers that describe
// network errors pass it through as it is.
export class NetworkPathError extends Error {
  /**
   * What Node reported. Not `cause`: the SDK's retry looks through causes, and would retry an
   * ECONNREFUSED from the proxy for minutes, where the user needs the message now.
   */
  readonly reason: unknown;

  constructor(message: string, options?: { reason?: unknown }) {
    super(message);
    this.name = "NetworkPathError";
    this.reason = options?.reason;
  }
}

/** The NetworkPathError inside an SDK or fetch error, if any (the SDK passes it on unchanged). */
export function networkPathError(error: unknown): NetworkPathError | undefined {
  for (
    let e = error as { name?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    // By name as well: the CLI and the app bundle core separately.
    if (e instanceof NetworkPathError || e.name === "NetworkPathError")
      return e as NetworkPathError;
    e = e.cause as typeof e;
  }
  return undefined;
}
