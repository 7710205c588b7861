// `ssotray ARGS` in the test's own process, with its output kept: a sign-in link printed with
// --no-browser is followed as a browser would, and a question is answered as the test says.
import { runCli } from "../cli/program.js";
import { followingBrowser } from "./test-home.js";

export interface SsotrayResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runSsotray(
  env: Record<string, string | undefined>,
  args: string[],
  options: { confirm?: boolean } = {},
): Promise<SsotrayResult> {
  let stdout = "";
  let stderr = "";
  const browse = followingBrowser();
  const pending: Array<Promise<void>> = [];
  const code = await runCli(args, env, {
    stdout: (t) => {
      stdout += t;
      const url = /^(http\S+\/authorize\?\S+)$/m.exec(t)?.[1];
      if (url) pending.push(browse(url));
    },
    stderr: (t) => void (stderr += t),
    stderrIsTTY: false,
    ...(options.confirm !== undefined ? { confirm: async () => options.confirm! } : {}),
  });
  await Promise.all(pending);
  return { code, stdout, stderr };
}
