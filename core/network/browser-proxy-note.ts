// Sign-in pages open in the user's browser, which has proxy settings of its own: when SSO Tray's
// calls go through a proxy, a sign-in that stalls in the browser is the browser's network, not
// ours. One sentence says so, for the CLI and the app's sign-in screen alike.
import { proxyChoice } from "./network-agent.js";
import { describeRoute, proxyForUrl, type Env } from "./proxy-for-url.js";

/**
 * Reads the proxy choice once, then tells for a sign-in page's URL what to say, or undefined
 * when SSO Tray would reach that page directly (so the browser's settings are no news).
 */
export async function browserProxyNote(env: Env): Promise<(pageUrl: string) => string | undefined> {
  let choice;
  try {
    choice = await proxyChoice(env);
  } catch {
    // Settings that cannot be read must not stop a sign-in over a sentence.
    return () => undefined;
  }
  return (pageUrl) => {
    let route;
    try {
      route = proxyForUrl(new URL(pageUrl), env, choice);
    } catch {
      // A proxy variable that cannot be read fails SSO Tray's own calls, with its own message.
      return undefined;
    }
    return route
      ? `Your browser uses its own proxy settings for this page, not ${describeRoute(route)} that SSO Tray's calls go through`
      : undefined;
  };
}
