// Which proxy carried a call whose endpoint then never answered. A deadline that passes after the
// tunnel was made is the SDK's (or fetch's) own timeout, which knows nothing of proxies; the
// message must still say that the proxy worked and the endpoint behind it did not, so the user
// looks at the endpoint rather than the proxy. The route is noted on the error itself, before it
// leaves the call, so the words chosen later cannot miss it.
import { isTimeoutError } from "./network-deadline.js";
import { proxyChoice } from "./network-agent.js";
import { networkPathError } from "./network-path-error.js";
import { proxyForUrl, type Env, type ProxyRoute } from "./proxy-for-url.js";

const routes = new WeakMap<object, ProxyRoute>();

/**
 * For a call to `target` that failed with `error`: when a deadline passed after the proxy had
 * connected the tunnel, notes the proxy on the error. Failures of the proxy itself already say so.
 */
export async function noteStalledRoute(error: unknown, target: URL, env: Env): Promise<void> {
  if (typeof error !== "object" || error === null) return;
  if (!isTimeoutError(error) || networkPathError(error)) return;
  try {
    const route = proxyForUrl(target, env, await proxyChoice(env));
    if (route) routes.set(error, route);
  } catch {
    // A proxy setting that cannot be read failed the call before any deadline.
  }
}

/** The proxy noted on this error or one of its causes, if any. */
export function stalledRoute(error: unknown): ProxyRoute | undefined {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e !== "object") return undefined;
    const route = routes.get(e);
    if (route) return route;
    e = e.cause as typeof e;
  }
  return undefined;
}

interface HttpRequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/**
 * An SDK middleware (the deserialize step, next to the handler, once per try) that notes the
 * proxy on a timed-out try; the retries rethrow the last try's error as it is.
 */
export function stalledRouteMiddleware(env: Env) {
  return <Args extends { request: unknown }, Output>(next: (args: Args) => Promise<Output>) =>
    async (args: Args): Promise<Output> => {
      try {
        return await next(args);
      } catch (error) {
        const request = args.request as HttpRequestLike | undefined;
        if (request?.hostname) {
          const protocol = request.protocol?.endsWith(":")
            ? request.protocol
            : `${request.protocol ?? "https"}:`;
          const host =
            request.hostname.includes(":") && !request.hostname.startsWith("[")
              ? `[${request.hostname}]`
              : request.hostname;
          const port = request.port ? `:${request.port}` : "";
          await noteStalledRoute(error, new URL(`${protocol}//${host}${port}`), env);
        }
        throw error;
      }
    };
}
