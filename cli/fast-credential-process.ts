// `ssotray credential-process` runs before every AWS call of every tool that uses a profile with
// `credential_process`, so its common case, fresh credentials already cached, is answered here
// before commander or the AWS SDK is loaded: this module imports Node built-ins and a few tiny
// modules only. Anything else (no --session, no cached or fresh credentials, odd flags) returns
// false and the full CLI handles it.
import { signInMarkSync, tokenPath } from "../core/sessions/sign-in-file.js";
import { credentialProcessJson } from "../core/exports/credential-process.js";
import {
  credentialCacheFile,
  credentialCacheKey,
  readCachedCredentials,
} from "../core/portal/credential-cache-file.js";
import { resolveLocations } from "../core/locations.js";
import { entitledCredentialKey } from "../core/account-access/entitled-key.js";

interface Flags {
  account?: string;
  role?: string;
  session?: string;
  roleArn?: string;
}

const FLAGS: Record<string, keyof Flags> = {
  "--account": "account",
  "--role": "role",
  "--session": "session",
  "--role-arn": "roleArn",
};

/** The flags, or undefined when anything else appears (then commander should parse it). */
export function parseFastFlags(args: readonly string[]): Flags | undefined {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = FLAGS[name];
    if (!key || flags[key] !== undefined) return undefined;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value.startsWith("-") || value === "") return undefined;
    flags[key] = value;
  }
  return flags;
}

// Not `import ... from "node:fs"`: see sign-in-file.ts.
const { writeSync } = process.getBuiltinModule("node:fs");

/**
 * Straight to file descriptor 1: the first touch of `process.stdout` builds a stream (a socket
 * when the AWS CLI reads us through a pipe), which costs several milliseconds of module loading
 * on a path that is otherwise little more than Node's own start.
 */
function writeStdout(text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (error) {
    // A non-blocking pipe that is full: let the stream wait for it.
    if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    process.stdout.write(bytes.subarray(done));
  }
}

/** Prints cached credentials and returns true, or returns false to let the full CLI answer. */
export function tryFastCredentialProcess(
  args: readonly string[],
  env: Record<string, string | undefined> = process.env,
  write: (text: string) => void = writeStdout,
): boolean {
  const flags = parseFastFlags(args);
  if (!flags?.session) return false;
  let key: string;
  if (flags.roleArn !== undefined) {
    // An entitled role (a populated profile's `--session S --role-arn ARN`), named by nothing else.
    if (flags.account !== undefined || flags.role !== undefined) return false;
    key = entitledCredentialKey(flags.session, flags.roleArn);
  } else {
    // Account names and legacy profiles (keyed by start URL) need the session list: slow path.
    if (!flags.account || !flags.role || !/^\d{12}$/.test(flags.account)) return false;
    key = credentialCacheKey({
      accountId: flags.account,
      roleName: flags.role,
      sessionName: flags.session,
    });
  }
  // Only while the sign-in they came from is still there: after any sign-out (ours or `aws sso
  // logout`) the full CLI answers, and says to sign in.
  const locations = resolveLocations(env);
  const signIn = signInMarkSync(
    tokenPath(locations, { kind: "sso-session", session: flags.session }),
  );
  if (signIn === undefined) return false;
  const creds = readCachedCredentials(
    credentialCacheFile(locations.cache, key),
    Date.now(),
    signIn,
  );
  if (!creds) return false;
  write(credentialProcessJson(creds) + "\n");
  return true;
}
