// `ssotray credential-process` with cached credentials, as the AWS CLI runs it: a whole process,
// median of 20 runs, beside `node -e 0`. Builds the CLI first and seeds the credential cache.
// Run: npx tsx bench/credential-process.bench.ts
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  credentialCacheFile,
  credentialCacheKey,
  toCacheFile,
} from "../core/portal/credential-cache-file.js";
import { signInMarkSync, tokenPath } from "../core/sessions/sign-in-file.js";
import { resolveLocations } from "../core/locations.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [path.join(root, "scripts/build-cli.mjs")], { stdio: "ignore" });

const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-bench-home-"));
const env = { ...process.env, HOME: home, SSOTRAY_HOME: path.join(home, "ssotray") };
const file = credentialCacheFile(
  resolveLocations(env).cache,
  credentialCacheKey({ sessionName: "acme", accountId: "111111111111", roleName: "Admin" }),
);
// The session's token file: cached credentials are served only while their sign-in is there.
const token = tokenPath(resolveLocations(env), { kind: "sso-session", session: "acme" });
mkdirSync(path.dirname(token), { recursive: true });
writeFileSync(token, "{}", { mode: 0o600 });
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(
  file,
  JSON.stringify({
    ...toCacheFile({
      accessKeyId: "ASIABENCH",
      secretAccessKey: "secret",
      sessionToken: "token",
      expiration: new Date(Date.now() + 3600_000).toISOString(),
    }),
    SignIn: signInMarkSync(token),
  }),
  { mode: 0o600 },
);

function median(args: string[], runs = 20): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { env, encoding: "utf8" });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  }
  times.sort((a, b) => a - b);
  return (times[Math.floor(runs / 2) - 1]! + times[Math.floor(runs / 2)]!) / 2;
}

const cli = [
  path.join(root, "bin/ssotray.mjs"),
  "credential-process",
  "--account",
  "111111111111",
  "--role",
  "Admin",
  "--session",
  "acme",
];
const out = spawnSync(process.execPath, cli, { env, encoding: "utf8" }).stdout;
if (!out.includes('"AccessKeyId":"ASIABENCH"')) throw new Error(`unexpected output: ${out}`);

const baseline = median(["-e", "0"]);
const ours = median(cli);
console.log(`node -e 0                               median ${baseline.toFixed(1)} ms`);
console.log(
  `ssotray credential-process (cached)     median ${ours.toFixed(1)} ms  (${(ours / baseline).toFixed(2)}× node -e 0; target < 2×)`,
);
