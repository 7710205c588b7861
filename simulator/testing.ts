// Helpers for tests that run the real AWS CLI / botocore against the simulator in a throwaway HOME.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IssuedToken, Simulator } from "./index.js";
import { awsCli, botocorePython } from "./tools.js";

export { requireTool, IN_CI } from "./tools.js";

/** The Python that imports botocore, or undefined where tests that need it skip (never in CI). */
export const botocorePythonCommand = botocorePython();
/** The AWS CLI (v1 or v2), or undefined where tests that need it skip (never in CI). */
export const awsCliCommand = awsCli();
export const hasBotocore = botocorePythonCommand !== undefined;
export const hasAwsCli = awsCliCommand !== undefined;
export const SKIP_BOTOCORE =
  "Python botocore / the AWS CLI is not installed: skipping the interoperability check";

export async function tempHome(prefix = "ssotray-home-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** The AWS CLI's timestamp format in the SSO token cache. */
export function cacheTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Writes ~/.aws/sso/cache/<sha1(key)>.json exactly as `aws sso login` does for an sso-session. */
export async function writeTokenCache(
  home: string,
  key: string,
  sim: Simulator,
  token: IssuedToken,
): Promise<string> {
  const dir = join(home, ".aws", "sso", "cache");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${createHash("sha1").update(key).digest("hex")}.json`);
  await writeFile(
    file,
    JSON.stringify({
      startUrl: sim.startUrl,
      region: sim.region,
      accessToken: token.accessToken,
      expiresAt: cacheTime(token.expiresAt),
      clientId: token.clientId,
      clientSecret: token.clientSecret,
      registrationExpiresAt: cacheTime(token.registrationExpiresAt),
      refreshToken: token.refreshToken,
    }),
    { mode: 0o600 },
  );
  return file;
}

/**
 * Runs the AWS CLI with HOME and the endpoints pointed at the simulator; returns stdout. Async on
 * purpose: the simulator usually runs in the test's own process and must keep answering.
 */
export async function runAws(
  args: string[],
  opts: { home: string; sim: Simulator; env?: Record<string, string> },
): Promise<string> {
  if (!awsCliCommand) throw new Error("The AWS CLI is not installed");
  const { stdout } = await promisify(execFile)(awsCliCommand, args, {
    encoding: "utf8",
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: opts.home,
      ...opts.sim.env,
      AWS_EC2_METADATA_DISABLED: "true",
      ...opts.env,
    },
  });
  return stdout;
}

/** Keys as `ssotray creds --format json` prints them. */
export interface ExportedKeys {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

/**
 * The identity STS gives these keys, asked through botocore with no profile and no config: what
 * any Python tool would see with them.
 */
export async function botocoreCallerArn(
  keys: ExportedKeys,
  opts: { home: string; sim: Simulator },
): Promise<string> {
  if (!botocorePythonCommand) throw new Error("botocore is not installed");
  const { stdout } = await promisify(execFile)(
    botocorePythonCommand,
    [
      "-c",
      "import botocore.session; print(botocore.session.Session().create_client('sts', region_name='us-east-1').get_caller_identity()['Arn'])",
    ],
    {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: opts.home,
        AWS_CONFIG_FILE: join(opts.home, "no-config"),
        AWS_ENDPOINT_URL_STS: opts.sim.env.AWS_ENDPOINT_URL_STS,
        AWS_ACCESS_KEY_ID: keys.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: keys.AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN: keys.AWS_SESSION_TOKEN,
      },
    },
  );
  return stdout.trim();
}
