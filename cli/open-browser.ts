// Opens a URL in the user's browser without a shell: the URL is one argument to a fixed program,
// so nothing in it is ever interpreted. SSOTRAY_BROWSER (or BROWSER) names another program, which
// is how tests follow sign-in pages without a desktop. An opener that fails (xdg-open exits 3
// where there is no desktop) is reported, so `login` says to open the page by hand rather than
// wait for a browser that never came.
import { launch } from "../core/browsers/launch.js";
import { defaultBrowserCommand } from "../core/browsers/launch-command.js";

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
