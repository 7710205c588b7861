// Opens a URL in the user's browser without a shell: the URL is one argument to a fixed program,
// so nothing in it is ever interpreted. SSOTRAY_BROWSER (or BROWSER) names another program, which
// is how tests follow sign-in pages without a desktop. An opener that fails (xdg-open exits 3
// where there is no desktop) is reported, so `login` says to open the page by hand rather than
// wait for a browser that never came. A sign-in page or a console link goes through a one-time
// loopback address (handoff.ts), never as itself.
import { launch, openConsoleIn } from "../core/browsers/launch.js";
import { defaultBrowserCommand } from "../core/browsers/launch-command.js";
import { HANDOFF_LIFETIME_MS, openThroughHandoff } from "../core/browsers/handoff.js";
import type { ConsoleBrowser } from "../shared/console-browser.js";

export type Env = Record<string, string | undefined>;

export async function openBrowser(
  url: string,
  env: Env = process.env,
  platform = process.platform,
  settleMs?: number,
): Promise<void> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`Refusing to open a non-web address: ${url}`);
  await launch(defaultBrowserCommand(url, { env, platform }), {
    env,
    ...(settleMs !== undefined ? { settleMs } : {}),
  });
}

/** Opens a sign-in page, whose address carries the sign-in's state (and a device code's user code). */
export async function openSignInPage(url: string, env: Env): Promise<void> {
  await openThroughHandoff(url, (address) => openBrowser(address, env), { keepAlive: false });
}

/** Opens a console link in the browser the user chose; rejects when no browser opened it. */
export async function openConsoleLink(
  choice: ConsoleBrowser,
  url: string,
  env: Env,
  options: { secret?: boolean } = {},
): Promise<void> {
  // A portal link holds nothing secret (the portal asks who you are): the browser gets it.
  if (options.secret === false) return openConsoleIn(choice, url, { env });
  // The browser gets a loopback address, not the link with its token; this process serves it,
  // so it stays until the browser has asked.
  const handoff = await openThroughHandoff(url, (address) =>
    openConsoleIn(choice, address, { env }),
  );
  if (!(await handoff.served))
    throw new Error(
      `The browser started but did not ask for the console within ${HANDOFF_LIFETIME_MS / 1000} s`,
    );
}
