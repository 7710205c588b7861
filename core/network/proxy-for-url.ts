// Which proxy, if any, carries a request: the user's choice in Settings, else the environment
// read the way curl reads it. Written here rather than taken from proxy-from-env because that
// package reads only process.env (the app and the tests pass an env of their own) and matches
// NO_PROXY entries exactly, where curl and the AWS CLI treat `example.com` as the domain and
// everything under it.
import { BlockList, isIP } from "node:net";
import { maskProxyUrl } from "../../shared/proxy-url.js";
import { NetworkPathError } from "./network-path-error.js";

export type Env = Record<string, string | undefined>;

/** Settings: from the environment (the default), no proxy at all, or this proxy URL. */
export type ProxyChoice = { mode: "environment" } | { mode: "none" } | { mode: "url"; url: string };

export interface ProxyRoute {
  url: URL;
  /** Where it came from, for messages: "HTTPS_PROXY", "https_proxy", "Settings", … */
  source: string;
}

/** curl's order: the lower-case name first (the only one curl reads for http_proxy). */
function fromEnv(env: Env, name: string): { value: string; source: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return { value, source: key };
  }
  return undefined;
}

/** A proxy URL as curl takes it: no scheme means http://. Undefined when it cannot be parsed. */
export function parseProxyUrl(raw: string): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/**
 * NO_PROXY as curl reads it: comma- or space-separated; `*` alone turns the proxy off; a leading
 * dot is ignored; a name matches itself and every host under it; an IP address or CIDR range
 * matches the addresses in it. Ports in entries are ignored, as curl does.
 */
export function bypassesProxy(hostname: string, noProxy: string | undefined): boolean {
  const host = bareHost(hostname);
  const entries = (noProxy ?? "")
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const hostFamily = isIP(host);
  for (const raw of entries) {
    if (raw === "*") return true;
    const cidr = /^\[?([0-9a-f:.]+)\]?\/(\d{1,3})$/.exec(raw);
    if (cidr && hostFamily) {
      const family = isIP(cidr[1] ?? "");
      if (family !== hostFamily) continue;
      const list = new BlockList();
      try {
        list.addSubnet(cidr[1] ?? "", Number(cidr[2]), family === 6 ? "ipv6" : "ipv4");
      } catch {
        continue;
      }
      if (list.check(host, family === 6 ? "ipv6" : "ipv4")) return true;
      continue;
    }
    // "host:port" and "[v6]:port": curl compares the host part only.
    const entry = bareHost(
      raw.startsWith("[") ? raw.replace(/\]:\d+$/, "]") : raw.replace(/^([^:]+):\d+$/, "$1"),
    ).replace(/^\./, "");
    if (!entry) continue;
    if (host === entry) return true;
    if (!hostFamily && host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/**
 * The proxy for a request to `target`, or undefined for a direct connection. Loopback is not
 * special: it goes through the proxy unless NO_PROXY names it, as curl does.
 */
export function proxyForUrl(target: URL, env: Env, choice: ProxyChoice): ProxyRoute | undefined {
  if (choice.mode === "none") return undefined;
  const noProxy = fromEnv(env, "no_proxy")?.value;
  if (bypassesProxy(target.hostname, noProxy)) return undefined;
  if (choice.mode === "url") {
    const url = parseProxyUrl(choice.url);
    return url ? { url, source: "Settings" } : undefined;
  }
  const scheme = target.protocol === "https:" ? "https_proxy" : "http_proxy";
  const found = fromEnv(env, scheme) ?? fromEnv(env, "all_proxy");
  if (!found) return undefined;
  const url = parseProxyUrl(found.value);
  if (!url) {
    throw new NetworkPathError(
      `${found.source} is not a proxy URL SSO Tray can use (it must look like http://proxy.example.com:3128); fix or unset it`,
    );
  }
  return { url, source: found.source };
}

/** A proxy URL for messages: no user name, password, query or fragment shows (shared/proxy-url.ts). */
export function displayProxy(url: URL): string {
  return maskProxyUrl(url);
}

/** "the proxy http://proxy:3128 (from HTTPS_PROXY)" */
export function describeRoute(route: ProxyRoute): string {
  const where =
    route.source === "Settings" ? "SSO Tray's Settings" : `the variable ${route.source}`;
  return `the proxy ${displayProxy(route.url)} (from ${where})`;
}

/** What a user changes to fix a proxy problem. */
export function routeRemedy(route: ProxyRoute): string {
  return route.source === "Settings"
    ? "change the proxy in SSO Tray's Settings (Network)"
    : `change ${route.source}, or choose another proxy in SSO Tray's Settings (Network)`;
}
