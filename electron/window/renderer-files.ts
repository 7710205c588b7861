// Answers requests for the app's own page on its custom scheme (app://sso-tray/…): files from the
// built renderer folder and nothing else. Free of Electron, so it is tested in plain Node.
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";

export const APP_SCHEME = "app";
export const APP_HOST = "sso-tray";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
}

/**
 * The file a URL names inside `root`, or undefined when it names anything else: another host,
 * a path that climbs out (`..`, encoded or not), a backslash, a NUL, or a link leading outside.
 */
export async function rendererFile(root: string, url: string): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (relative.includes("\0") || relative.includes("\\")) return undefined;
  if (relative === "/" || relative === "") relative = "/index.html";
  const base = await realpath(root).catch(() => undefined);
  if (!base) return undefined;
  const candidate = path.resolve(base, "." + path.posix.normalize(relative));
  if (!candidate.startsWith(base + path.sep)) return undefined;
  const real = await realpath(candidate).catch(() => undefined);
  if (!real || !real.startsWith(base + path.sep)) return undefined;
  return real;
}

/** The response for one request: the file with its type, the CSP on the page, or 404. */
export async function rendererResponse(
  root: string,
  url: string,
  contentSecurityPolicy: string,
): Promise<Response> {
  const file = await rendererFile(root, url);
  if (!file) return notFound();
  const type = TYPES[path.extname(file).toLowerCase()];
  if (!type) return notFound();
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return notFound();
  }
  const headers: Record<string, string> = {
    "content-type": type,
    "x-content-type-options": "nosniff",
  };
  if (type.startsWith("text/html")) headers["content-security-policy"] = contentSecurityPolicy;
  return new Response(new Uint8Array(body), { status: 200, headers });
}
