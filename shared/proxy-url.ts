// The proxy URL a user types in Settings, checked the same way in the window and in main.

/** The proxy modes Settings offers: the environment's variables (the default), none, or a URL. */
export const PROXY_MODES = ["environment", "none", "url"] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

/**
 * A proxy URL as messages and logs show it: the whole user information (a user name alone is
 * often a token) and any query or fragment become ***, so a message pasted into a ticket carries
 * no secret. Scheme, host, port and path are kept: they are what the user needs to see.
 */
export function maskProxyUrl(url: URL): string {
  const userinfo = url.username || url.password ? "***@" : "";
  const path = url.pathname === "/" ? "" : url.pathname;
  return `${url.protocol}//${userinfo}${url.host}${path}${url.search ? "?***" : ""}${url.hash ? "#***" : ""}`;
}

/** Text that may not parse as a URL, masked the same way: what stands before an @ and after ? or #. */
export function maskProxyText(text: string): string {
  return text
    .replace(
      /^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i,
      (_m, scheme: string | undefined) => `${scheme ?? ""}***@`,
    )
    .replace(/\?[^#]*/, "?***")
    .replace(/#.*$/, "#***");
}

/** Why this is not a proxy URL SSO Tray can use, or undefined when it is. */
export function proxyUrlProblem(text: string): string | undefined {
  const value = text.trim();
  const shown = maskProxyText(value);
  if (value === "") return "Give the proxy's URL, e.g. http://proxy.example.com:3128";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `A proxy URL looks like http://proxy.example.com:3128 (got '${shown}')`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `The proxy URL must start with http:// or https:// (got '${url.protocol}')`;
  if (!url.hostname) return `The proxy URL needs a host (got '${shown}')`;
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash)
    return `A proxy URL is only a scheme, host and port, e.g. http://proxy.example.com:3128 (got '${maskProxyUrl(url)}')`;
  return undefined;
}
