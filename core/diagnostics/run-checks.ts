// Every doctor check in turn, each on its own: one that throws becomes an error finding naming
// the check, and never hides what the others found.
import type { SessionStatus } from "../../shared/model.js";
import type { Locations } from "../locations.js";
import type { Env } from "../network/network-deadline.js";
import { checkAwsCli } from "./aws-cli-check.js";
import { checkClock } from "./clock-check.js";
import { checkConfigFile } from "./config-check.js";
import { found, type Finding } from "./finding.js";
import { checkLeftoverLocks } from "./lock-check.js";
import { checkNetworkSettings } from "./network-settings-check.js";
import { checkSsotrayOnPath } from "./path-check.js";
import { sessionEndpoints } from "./session-endpoints.js";
import { checkTokens } from "./token-check.js";

export interface DoctorInput {
  env: Env;
  locations: Locations;
  /** The sessions as `ssotray status` sees them. */
  sessions: () => Promise<SessionStatus[]>;
  /** The file this ssotray runs from; the app, whose Settings show its own link, gives none. */
  self?: string;
  now?: () => number;
}

async function guarded(check: string, run: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await run();
  } catch (error) {
    return [found(check, "error", (error as Error).message)];
  }
}

export async function runChecks(input: DoctorInput): Promise<Finding[]> {
  const now = input.now ?? Date.now;
  const { env, locations } = input;
  const out = await checkConfigFile(locations);
  // The rest read the config too: a file that does not parse has been reported once, above.
  const configOk = !out.some(
    (f) => f.severity === "error" && f.check === "config" && / line \d+:/.test(f.message),
  );
  let sessions: SessionStatus[] = [];
  if (configOk) {
    out.push(
      ...(await guarded("sign-in", async () => {
        sessions = await input.sessions();
        return checkTokens(sessions, now());
      })),
    );
    out.push(
      ...(await guarded("clock", async () => {
        const { sessions: listed } = await sessionEndpoints(env, locations);
        const startUrls = new Map(sessions.map((s) => [s.name, s.startUrl]));
        return checkClock(
          listed.map((s) => ({
            url: s.endpoints.oidc,
            ...(startUrls.get(s.session) ? { startUrl: startUrls.get(s.session) } : {}),
          })),
          env,
          locations,
          now,
        );
      })),
    );
  }
  out.push(
    ...(await guarded("proxy", () =>
      checkNetworkSettings(env, locations, configOk ? sessions.map((s) => s.startUrl) : []),
    )),
  );
  out.push(...(await guarded("aws-cli", () => checkAwsCli(env))));
  const self = input.self;
  if (self !== undefined) out.push(...(await guarded("path", () => checkSsotrayOnPath(env, self))));
  out.push(...(await guarded("locks", () => checkLeftoverLocks(locations, now))));
  return out;
}
