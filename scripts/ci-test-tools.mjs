// `node scripts/ci-test-tools.mjs >> "$GITHUB_ENV"`: on the macOS and Windows CI runners, what
// the interoperability and browser tests need beside the runner's own tools. botocore goes into a
// virtualenv under .tmp/ (ignored by git) with pip, as .ci/run does on Debian; the runner's
// Google Chrome stands in for Debian's Chromium; the AWS CLI v2 is on the runner already. Prints
// the variables that point the tests at them, one NAME=value a line.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where GitHub's runner images install Google Chrome. */
export const RUNNER_CHROME = {
  darwin: "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  win32: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
};

/** The virtualenv's python: venv puts it in Scripts\ on Windows and bin/ elsewhere. */
export function venvPython(/** @type {string} */ venv, platform = process.platform) {
  return platform === "win32"
    ? path.win32.join(venv, "Scripts", "python.exe")
    : path.posix.join(venv, "bin", "python");
}

/**
 * The NAME=value lines for $GITHUB_ENV. A value with a newline would start a variable of its
 * own there, so none may have one.
 * @param {Record<string, string>} env
 */
export function githubEnvLines(env) {
  return Object.entries(env)
    .map(([name, value]) => {
      if (/[\r\n]/.test(value))
        throw new Error(`${name}'s value has a line break: ${JSON.stringify(value)}`);
      return `${name}=${value}\n`;
    })
    .join("");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const venv = path.join(root, ".tmp", "interop");
  const python = venvPython(venv);
  /** @type {Record<string, string>} */
  const env = {};
  try {
    if (!existsSync(python))
      execFileSync(process.platform === "win32" ? "python" : "python3", ["-m", "venv", venv], {
        stdio: ["ignore", 2, 2],
      });
    execFileSync(
      python,
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "botocore"],
      {
        stdio: ["ignore", 2, 2],
        timeout: 300_000,
      },
    );
    env.SSOTRAY_PYTHON = python;
    const chrome = RUNNER_CHROME[/** @type {"darwin" | "win32"} */ (process.platform)];
    if (chrome && existsSync(chrome)) env.CHROMIUM_PATH = chrome;
    else
      console.error(
        `::warning::No Google Chrome at ${chrome ?? "(none known for this system)"}: the browser tests will not find one`,
      );
    process.stdout.write(githubEnvLines(env));
  } catch (error) {
    console.error(
      `::error::Installing the test tools failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}
