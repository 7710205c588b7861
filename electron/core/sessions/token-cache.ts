// The SSO token cache shared with the AWS CLI and SDKs: ~/.aws/sso/cache/{sha1}.json, hashed from
// the sso-session name (or the start URL for legacy profiles), with botocore's keys
// (botocore tokens.py SSOTokenProvider, utils.py SSOTokenLoader / SSOTokenFetcher).
import { createHash } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { z } from "zod";
import { ssoCacheDir } from "../aws-files/paths.js";
import { formatUtc, utcTimestamp as timestamp } from "./utc-time.js";

export type Env = Record<string, string | undefined>;

/** Which file: an sso-session's (by name) or a legacy profile's (by start URL). */
export type TokenRef =
  { kind: "sso-session"; session: string } | { kind: "legacy"; startUrl: string };

export interface CachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
  refreshToken?: string;
}

export type TokenRead =
  | { kind: "missing"; path: string }
  | { kind: "ok"; path: string; token: CachedToken }
  | { kind: "corrupt"; path: string; problem: string };

// botocore needs only accessToken and expiresAt (SSOTokenLoader); the rest is optional, and other
// tools add keys of their own, which are ignored.
const tokenFileSchema = z.object({
  startUrl: z.string().optional(),
  region: z.string().optional(),
  accessToken: z.string().min(1),
  expiresAt: timestamp,
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  registrationExpiresAt: timestamp.optional(),
  refreshToken: z.string().min(1).optional(),
});

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

export function tokenPath(env: Env, ref: TokenRef): string {
  return path.join(
    ssoCacheDir(env),
    `${sha1Hex(ref.kind === "sso-session" ? ref.session : ref.startUrl)}.json`,
  );
}

/** Reads a token file. Never throws for what is in the file: a bad file is reported, not fatal. */
export async function readToken(env: Env, ref: TokenRef): Promise<TokenRead> {
  const file = tokenPath(env, ref);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing", path: file };
    return {
      kind: "corrupt",
      path: file,
      problem: `the cached sign-in ${file} cannot be read (${(error as Error).message})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      kind: "corrupt",
      path: file,
      problem:
        text.trim() === ""
          ? `the cached sign-in ${file} is empty`
          : `the cached sign-in ${file} is not valid JSON (cut short?)`,
    };
  }
  const parsed = tokenFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return {
      kind: "corrupt",
      path: file,
      problem: `the cached sign-in ${file} is incomplete (${where}${issue?.message ?? "invalid"})`,
    };
  }
  const t = parsed.data;
  return {
    kind: "ok",
    path: file,
    token: {
      startUrl: t.startUrl ?? "",
      region: t.region ?? "",
      accessToken: t.accessToken,
      expiresAt: t.expiresAt,
      ...(t.clientId ? { clientId: t.clientId } : {}),
      ...(t.clientSecret ? { clientSecret: t.clientSecret } : {}),
      ...(t.registrationExpiresAt ? { registrationExpiresAt: t.registrationExpiresAt } : {}),
      ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}),
    },
  };
}

/** The file's JSON, key for key as botocore writes it. */
export function serializeToken(token: CachedToken): string {
  const out: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatUtc(token.expiresAt),
  };
  if (token.clientId) out.clientId = token.clientId;
  if (token.clientSecret) out.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt)
    out.registrationExpiresAt = formatUtc(token.registrationExpiresAt);
  if (token.refreshToken) out.refreshToken = token.refreshToken;
  return JSON.stringify(out);
}

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

export async function writeToken(env: Env, ref: TokenRef, token: CachedToken): Promise<string> {
  const file = tokenPath(env, ref);
  await ensurePrivateDir(path.dirname(file));
  await writeFileAtomic(file, serializeToken(token), { mode: 0o600 });
  return file;
}

export async function removeToken(env: Env, ref: TokenRef): Promise<void> {
  await rm(tokenPath(env, ref), { force: true });
}
