// `--self-test` never sees the user's own data: every folder the app and Chromium write (our data
// folder, userData with its single-instance lock, ~/.aws, the XDG folders) is moved into a fresh
// temporary folder, whatever HOME or SSOTRAY_HOME say, and that folder goes when the test ends. So
// a self-test can run beside the user's own running app, and needs nothing set up to be safe.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { regionSchema } from "../../shared/api.js";

export const SELF_TEST_FLAG = "--self-test";

type Env = Record<string, string | undefined>;

/** What the self-test signs in to: a local IAM Identity Center such as `npm run simulator`. */
export interface SelfTestTarget {
  startUrl: string;
  region: string;
}

/** The variables the self-test reads, named in its messages. */
export const START_URL_VARIABLE = "SSOTRAY_SELF_TEST_START_URL";
export const REGION_VARIABLE = "SSOTRAY_SELF_TEST_REGION";
/** Without these the SDK would send the sign-in to AWS itself, where nobody approves it. */
const ENDPOINT_VARIABLES = ["AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_SSO"] as const;

const startUrlSchema = z.url({
  protocol: /^https?$/,
  error: `${START_URL_VARIABLE} must be the local IAM Identity Center's start URL, e.g. https://sim-acme.awsapps.com/start`,
});

/** The target from the environment, or what to set when it is not there. */
export function selfTestTarget(env: Env): SelfTestTarget | { problem: string } {
  const missing = ENDPOINT_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0 || !env[START_URL_VARIABLE])
    return {
      problem:
        `--self-test signs in to a local IAM Identity Center that approves by itself ` +
        `(npm run simulator -- --device-approval after-polls:1): set ${[...missing, ...(env[START_URL_VARIABLE] ? [] : [START_URL_VARIABLE])].join(", ")} to it`,
    };
  const startUrl = startUrlSchema.safeParse(env[START_URL_VARIABLE]);
  if (!startUrl.success) return { problem: startUrl.error.issues[0]!.message };
  const region = regionSchema.safeParse(env[REGION_VARIABLE] || "us-east-1");
  if (!region.success) return { problem: `${REGION_VARIABLE}: ${region.error.issues[0]!.message}` };
  return { startUrl: startUrl.data, region: region.data };
}

/**
 * The environment the app resolves its locations from during a self-test: `env` with every
 * variable that places a file of ours, of the AWS tools or of Chromium pointed inside `home`.
 */
export function throwawayEnv(env: Env, home: string): Env {
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    APPDATA: path.join(home, "AppData", "Roaming"),
    XDG_CONFIG_HOME: path.join(home, ".config"),
    SSOTRAY_HOME: path.join(home, "ssotray"),
    AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"),
  };
}

/** A new private folder (mkdtemp makes it 0700), named as ours for anyone who finds one left. */
export function makeThrowawayHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), "ssotray-self-test-"));
}

/**
 * Removes the folder. Best effort: on Windows the renderer's files may still be held open for a
 * moment; a folder left behind holds only the simulator's made-up credentials.
 */
export function removeThrowawayHome(home: string): void {
  try {
    rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Nothing to tell the user: the test's result is what they asked for.
  }
}
