// The AWS CLI on PATH, if any, and whether it follows the AWS_ENDPOINT_URL_* variables (v2 from
// 2.13, v1 on botocore from 1.31): an older one calls AWS where SSO Tray was pointed elsewhere.
// SSO Tray works without it, so nothing here is an error.
import { execFile } from "node:child_process";
import type { Env } from "../network/network-deadline.js";
import { found, type Finding } from "./finding.js";

const DEADLINE_MS = 10_000;

function atLeast(version: string, min: [number, number]): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** From `aws --version`: "aws-cli/2.15.0 Python/3.11.6 …" or "aws-cli/1.32.0 … botocore/1.34.0". */
export function followsEndpointVariables(versionLine: string): boolean | undefined {
  const cli = /aws-cli\/(\d+\.\d+(?:\.\d+)?)/.exec(versionLine)?.[1];
  if (!cli) return undefined;
  if (cli.startsWith("1.")) {
    const botocore = /botocore\/(\d+\.\d+(?:\.\d+)?)/.exec(versionLine)?.[1];
    return botocore === undefined ? undefined : atLeast(botocore, [1, 31]);
  }
  return atLeast(cli, [2, 13]);
}

export async function checkAwsCli(env: Env): Promise<Finding[]> {
  const line = await new Promise<string | Error>((resolve) => {
    execFile(
      "aws",
      ["--version"],
      { env: env as NodeJS.ProcessEnv, timeout: DEADLINE_MS, windowsHide: true },
      (error, stdout, stderr) => {
        // A Python traceback ends with the line that says what went wrong.
        const last = `${stderr}`.trim().split("\n").pop()?.trim();
        if (error)
          resolve(last && !(error as { killed?: boolean }).killed ? new Error(last) : error);
        else resolve(`${stdout}${stderr}`.trim().split("\n")[0] ?? "");
      },
    );
  });
  if (line instanceof Error) {
    if ((line as NodeJS.ErrnoException).code === "ENOENT")
      return [found("aws-cli", "ok", "No AWS CLI on PATH (SSO Tray does not need it)")];
    const why = (line as { killed?: boolean }).killed
      ? `no answer in ${DEADLINE_MS / 1000} s`
      : line.message;
    return [
      found("aws-cli", "warning", `\`aws --version\` failed (${why}); check the AWS CLI install`),
    ];
  }
  const follows = followsEndpointVariables(line);
  if (follows === false)
    return [
      found(
        "aws-cli",
        "warning",
        `${line}: this AWS CLI ignores AWS_ENDPOINT_URL_*; update to AWS CLI v2.13 or later (v1: botocore 1.31 or later)`,
      ),
    ];
  return [found("aws-cli", "ok", `${line}${follows ? " (follows AWS_ENDPOINT_URL_*)" : ""}`)];
}
