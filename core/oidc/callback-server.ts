// The loopback listener that receives the browser flow's redirect (RFC 8252 §7.3): bound to
// 127.0.0.1 only, on a port the OS picks, answering one request at /oauth/callback.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type CallbackResult =
  { code: string; state: string } | { error: string; description?: string; state?: string };

export interface CallbackServer {
  /** http://127.0.0.1:{port}/oauth/callback */
  redirectUri: string;
  /**
   * Settles with the first request that carries `code` and `state`, or `error`, and belongs to
   * this sign-in; others are answered 400 and the listener keeps waiting.
   */
  result: Promise<CallbackResult>;
  close(): void;
}

const PAGE_STYLE =
  "body{font-family:system-ui,sans-serif;display:flex;align-items:center;justify-content:center;height:90vh;margin:0;color:#222}" +
  "main{max-width:32rem;text-align:center}h1{font-size:1.4rem}p{color:#555}";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>${PAGE_STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></main></body></html>`
  );
}

export const SUCCESS_PAGE = page(
  "Signed in — you can close this tab",
  "SSO Tray has your sign-in. Return to SSO Tray or your terminal.",
);

export function errorPage(reason: string): string {
  return page(
    "Sign-in failed",
    `${reason} Return to SSO Tray or your terminal and start the sign-in again.`,
  );
}

/**
 * `check` decides the page: it returns undefined when the request answers ours, or a reason to
 * show on the error page. `belongs` tells whether a request is the answer to this sign-in at all
 * (its `state`): anything else on the loopback port, a stale tab or a page that guessed the port,
 * must not end or abort the sign-in, so it gets a 400 and the listener keeps waiting.
 */
export async function startCallbackServer(
  check: (result: CallbackResult) => string | undefined,
  belongs: (result: CallbackResult) => boolean = () => true,
): Promise<CallbackServer> {
  let settle!: (r: CallbackResult) => void;
  const result = new Promise<CallbackResult>((resolve) => (settle = resolve));
  let done = false;

  const server = http.createServer((req, res) => {
    const send = (status: number, html: string): void => {
      res.writeHead(status, {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        Connection: "close",
      });
      res.end(html);
    };
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method !== "GET" || url.pathname !== "/oauth/callback" || done) {
      send(404, page("Not found", "This address only receives IAM Identity Center sign-ins."));
      return;
    }
    const q = url.searchParams;
    let r: CallbackResult | undefined;
    const error = q.get("error");
    const code = q.get("code");
    const state = q.get("state");
    if (error) {
      r = {
        error,
        ...(q.get("error_description") ? { description: q.get("error_description") ?? "" } : {}),
        ...(state ? { state } : {}),
      };
    } else if (code && state) {
      r = { code, state };
    }
    if (!r) {
      send(400, errorPage("The sign-in page answered without a code."));
      return;
    }
    if (!belongs(r)) {
      send(
        400,
        errorPage("This answer does not belong to the sign-in under way, so it was ignored."),
      );
      return;
    }
    const problem = check(r);
    send(problem ? 400 : 200, problem ? errorPage(problem) : SUCCESS_PAGE);
    done = true;
    settle(r);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}/oauth/callback`,
    result,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}
