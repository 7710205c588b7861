// Opens a URL in the user's browser without a shell: the URL is one argument to a fixed program,
// so nothing in it is ever interpreted. SSOTRAY_BROWSER (or BROWSER) names another program, which
// is how tests follow sign-in pages without a desktop.
import { spawn } from "node:child_process";
import { defaultBrowserCommand } from "../core/browsers/launch-command.js";

export type Env = Record<string, string | undefined>;

export function openBrowser(
  url: string,
  env: Env = process.env,
  platform = process.platform,
): Promise<void> {
  if (!/^https?:\/\//i.test(url))
    return Promise.reject(new Error(`Refusing to open a non-web address: ${url}`));
  const { program, args } = defaultBrowserCommand(url, { env, platform });
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: "ignore",
      detached: true,
      shell: false,
      env: env as NodeJS.ProcessEnv,
    });
    child.once("error", (error) =>
      reject(
        new Error(
          `Could not start the browser (${program}: ${error.message}); use --no-browser and open the URL yourself`,
        ),
      ),
    );
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
  });
}
