// The proxy URL a user types in Settings, checked the same way in the window and in main.

/** The proxy modes Settings offers: the environment's variables (the default), none, or a URL. */
export const PROXY_MODES = ["environment", "none", "url"] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

/** Why this is not a proxy URL SSO Tray can use, or undefined when it is. */
export function proxyUrlProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === "") return "Give the proxy's URL, e.g. http://proxy.example.com:3128";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `A proxy URL looks like http://proxy.example.com:3128 (got '${value}')`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `The proxy URL must start with http:// or https:// (got '${url.protocol}')`;
  if (!url.hostname) return `The proxy URL needs a host (got '${value}')`;
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash)
    return `A proxy URL is only a scheme, host and port, e.g. http://proxy.example.com:3128 (got '${value}')`;
  return undefined;
}
