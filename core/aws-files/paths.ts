// Where the AWS CLI keeps its files, honouring the same variables it does.
import { homedir } from "node:os";
import { join } from "node:path";

export type Env = Record<string, string | undefined>;

export function homeDir(env: Env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function expandHome(path: string, env: Env): string {
  return path === "~" || path.startsWith("~/") ? join(homeDir(env), path.slice(1)) : path;
}

/** AWS_CONFIG_FILE, else ~/.aws/config. */
export function configPath(env: Env): string {
  return env.AWS_CONFIG_FILE
    ? expandHome(env.AWS_CONFIG_FILE, env)
    : join(homeDir(env), ".aws", "config");
}

/** AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
export function credentialsPath(env: Env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE
    ? expandHome(env.AWS_SHARED_CREDENTIALS_FILE, env)
    : join(homeDir(env), ".aws", "credentials");
}

/** The SSO token cache the AWS CLI v2 and botocore share. */
export function ssoCacheDir(env: Env): string {
  return join(homeDir(env), ".aws", "sso", "cache");
}

/** How the config path is shown to a user: with ~ for the home folder. */
export function displayPath(path: string, env: Env): string {
  const home = homeDir(env);
  return path.startsWith(home + "/") ? `~${path.slice(home.length)}` : path;
}
