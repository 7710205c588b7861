// `npx tsx scripts/run-self-test.ts <app executable> [its arguments]`: starts a local IAM Identity
// Center (the simulator, approving device codes by itself) and runs the app with `--self-test`
// against it, the same way on Linux, macOS and Windows: the app's line is printed and its exit
// status is this script's. For CI, after `electron-builder --dir`, e.g.
//   xvfb-run -a npx tsx scripts/run-self-test.ts release/linux-unpacked/sso-tray
//   npx tsx scripts/run-self-test.ts "release/mac-arm64/SSO Tray.app/Contents/MacOS/SSO Tray"
//   npx tsx scripts/run-self-test.ts "release/win-unpacked/SSO Tray.exe"
// A Windows GUI executable started from PowerShell is neither waited for nor heard: this is.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSimulator } from "../simulator/index.js";

/** Longer than the app's own 60 s deadline: past it the app is stuck outside its steps. */
const APP_DEADLINE_MS = 90_000;

export interface SelfTestRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runAppSelfTest(
  executable: string,
  args: string[],
  deadlineMs = APP_DEADLINE_MS,
): Promise<SelfTestRun> {
  const sim = await startSimulator({ accounts: 5, deviceApproval: { afterPolls: 1 } });
  try {
    return await new Promise<SelfTestRun>((resolve) => {
      const child = spawn(
        executable,
        // Linux CI runners do not allow Chromium's sandbox (no setuid helper, no user namespaces).
        [...args, "--self-test", ...(process.platform === "linux" ? ["--no-sandbox"] : [])],
        {
          env: {
            ...process.env,
            ...sim.env,
            SSOTRAY_SELF_TEST_START_URL: sim.startUrl,
            SSOTRAY_SELF_TEST_REGION: sim.region,
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        child.kill();
      }, deadlineMs);
      child.on("error", (error) => {
        clearTimeout(timer);
        resolve({
          status: 1,
          stdout,
          stderr: `${stderr}Could not start ${executable}: ${error.message}\n`,
        });
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const said = late
          ? `The app had not exited ${deadlineMs / 1000} s after it started, and was stopped\n`
          : code === null
            ? `The app was ended by ${signal}\n`
            : "";
        resolve({ status: late || code === null ? 1 : code, stdout, stderr: stderr + said });
      });
    });
  } finally {
    await sim.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [executable, ...args] = process.argv.slice(2);
  if (!executable) {
    process.stderr.write("usage: npx tsx scripts/run-self-test.ts <app executable> [arguments]\n");
    process.exit(2);
  }
  const run = await runAppSelfTest(executable, args);
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  process.exit(run.status);
}
