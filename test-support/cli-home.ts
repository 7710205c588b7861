// Test support: a throwaway HOME with `[sso-session acme]` for a simulator and, when asked, a
// sign-in cached the way `aws sso login` leaves it (written here by hand, not by our token code,
// so a change there cannot hide itself), for tests and benchmarks that run `ssotray` in it.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Simulator } from "../simulator/index.js";

export interface CliHome {
  dir: string;
  env: Record<string, string>;
}

export interface CliHomeOptions {
  signedIn?: boolean;
  /** How long the cached access token has left; default 8 hours. */
  tokenExpiresInSeconds?: number;
  /** More of ~/.aws/config, after the session. */
  config?: string;
  /** More environment, over the defaults. */
  env?: Record<string, string>;
  /** The scopes the cached sign-in carries; default sso:account:access. */
  scopes?: string[];
}

const homes: string[] = [];

export function cliHome(sim: Simulator, options: CliHomeOptions = {}): CliHome {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-cli-home-"));
  homes.push(dir);
  const cache = path.join(dir, ".aws", "sso", "cache");
  mkdirSync(cache, { recursive: true });
  writeFileSync(
    path.join(dir, ".aws", "config"),
    `[sso-session acme]\nsso_start_url = ${sim.startUrl}\nsso_region = ${sim.region}\nsso_registration_scopes = sso:account:access\n${options.config ?? ""}`,
  );
  if (options.signedIn ?? true) {
    const t = sim.issueToken({
      expiresInSeconds: options.tokenExpiresInSeconds ?? 8 * 3600,
      ...(options.scopes ? { scopes: options.scopes } : {}),
    });
    const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    writeFileSync(
      path.join(cache, `${createHash("sha1").update("acme").digest("hex")}.json`),
      JSON.stringify({
        startUrl: sim.startUrl,
        region: sim.region,
        accessToken: t.accessToken,
        expiresAt: utc(t.expiresAt),
        clientId: t.clientId,
        clientSecret: t.clientSecret,
        registrationExpiresAt: utc(t.registrationExpiresAt),
        refreshToken: t.refreshToken,
      }),
      { mode: 0o600 },
    );
  }
  return {
    dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      SSOTRAY_HOME: path.join(dir, "ssotray"),
      AWS_CONFIG_FILE: path.join(dir, ".aws", "config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, ".aws", "credentials"),
      ...sim.env,
      ...options.env,
    },
  };
}

/**
 * A throwaway HOME whose ~/.aws/config is `config`, with no simulator and no sign-in: for commands
 * that only read and write the config.
 */
export function configHome(config: string): {
  dir: string;
  env: Record<string, string>;
  config: string;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-config-home-"));
  homes.push(dir);
  const file = path.join(dir, ".aws", "config");
  mkdirSync(path.dirname(file));
  writeFileSync(file, config);
  return {
    dir,
    config: file,
    env: {
      HOME: dir,
      SSOTRAY_HOME: path.join(dir, "ssotray"),
      AWS_CONFIG_FILE: file,
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, ".aws", "credentials"),
    },
  };
}

/** Removes every HOME cliHome() and configHome() made (call it from afterAll). */
export function removeCliHomes(): void {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
}
