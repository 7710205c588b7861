// `ssotray credential-process` with cached credentials, as the AWS CLI runs it: a whole process,
// beside `node -e 0`, in interleaved pairs (so a neighbour's burst of work lands on both), median
// of 20 pairs (BENCH_QUICK=1: 5). Builds the CLI first and leaves a HOME as a sign-in and one
// earlier call leave it: the session in ~/.aws/config, its token in ~/.aws/sso/cache, and the
// role's credentials in SSO Tray's cache, marked with that sign-in. The single executable
// (`npm run package:cli`) is timed in the same rounds, and so is an entitled role's answer
// (`--session S --role-arn ARN`, as populated profiles call it).
// Run: npx tsx bench/credential-process.bench.ts
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
import { entitledCredentialKey } from "../core/account-access/entitled-key.js";

const QUICK = process.env.BENCH_QUICK === "1";
const PAIRS = QUICK ? 5 : 20;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [path.join(root, "scripts/build-cli.mjs")], { stdio: "ignore" });
const seaDir = mkdtempSync(path.join(os.tmpdir(), "ssotray-bench-sea-"));
process.on("exit", () => rmSync(seaDir, { recursive: true, force: true }));
execFileSync(process.execPath, [path.join(root, "scripts/package-cli.mjs"), seaDir], {
  stdio: "ignore",
});
const executable = path.join(seaDir, process.platform === "win32" ? "ssotray.exe" : "ssotray");

const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-bench-home-"));
process.on("exit", () => rmSync(home, { recursive: true, force: true }));
const env: Record<string, string | undefined> = {
  ...process.env,
  HOME: home,
  SSOTRAY_HOME: path.join(home, "ssotray"),
  AWS_CONFIG_FILE: undefined,
};
const hour = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
mkdirSync(path.join(home, ".aws"), { recursive: true });
writeFileSync(
  path.join(home, ".aws", "config"),
  "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n",
);
const token = tokenPath(resolveLocations(env), { kind: "sso-session", session: "acme" });
mkdirSync(path.dirname(token), { recursive: true });
writeFileSync(
  token,
  JSON.stringify({
    startUrl: "https://acme.awsapps.com/start",
    region: "eu-west-1",
    accessToken: "aoaAAAAAGbenchaccesstoken",
    expiresAt: at(8 * hour),
    clientId: "benchclientid",
    clientSecret: "benchclientsecret",
    registrationExpiresAt: at(90 * 24 * hour),
    refreshToken: "aorAAAAAGbenchrefreshtoken",
  }),
  { mode: 0o600 },
);
const file = credentialCacheFile(
  resolveLocations(env).cache,
  credentialCacheKey({ sessionName: "acme", accountId: "111111111111", roleName: "Admin" }),
);
mkdirSync(path.dirname(file), { recursive: true });
// Credentials shaped like AWS's: the cache reader refuses anything else (portal-shapes.ts).
writeFileSync(
  file,
  JSON.stringify({
    ...toCacheFile({
      accessKeyId: "ASIABENCH0000000001",
      secretAccessKey: "benchSecretAccessKey0000000000000000000000",
      sessionToken: "IQoJb3JpZ2luX2VjEBenchSessionToken000000",
      expiration: new Date(Date.now() + hour).toISOString(),
    }),
    SignIn: signInMarkSync(token),
  }),
  { mode: 0o600 },
);

// An entitled role's credentials (account access manager), as `--role-arn` keeps them.
const ENTITLED_ARN = "arn:aws:iam::111111111111:role/entitled/Deploy";
const entitledFile = credentialCacheFile(
  resolveLocations(env).cache,
  entitledCredentialKey("acme", ENTITLED_ARN),
);
writeFileSync(
  entitledFile,
  JSON.stringify({
    ...toCacheFile({
      accessKeyId: "ASIABENCH0000000002",
      secretAccessKey: "benchSecretAccessKey0000000000000000000000",
      sessionToken: "IQoJb3JpZ2luX2VjEBenchSessionToken000000",
      expiration: new Date(Date.now() + hour).toISOString(),
    }),
    ProviderType: "account-access",
    Session: "acme",
    SignIn: signInMarkSync(token),
  }),
  { mode: 0o600 },
);
const entitledCli = [
  path.join(root, "bin/ssotray.mjs"),
  "credential-process",
  "--session",
  "acme",
  "--role-arn",
  ENTITLED_ARN,
];
const entitledOut = spawnSync(process.execPath, entitledCli, { env, encoding: "utf8" });
if (entitledOut.status !== 0 || !entitledOut.stdout.includes('"AccessKeyId":"ASIABENCH0000000002"'))
  throw new Error(
    `credential-process --role-arn did not answer from its cache: ${entitledOut.stderr}${entitledOut.stdout}`,
  );

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
// The fast path must be what answers: with the full CLI's chunks out of reach it would fail.
const out = spawnSync(process.execPath, cli, { env, encoding: "utf8" });
if (out.status !== 0 || !out.stdout.includes('"AccessKeyId":"ASIABENCH0000000001"'))
  throw new Error(`credential-process did not answer from its cache: ${out.stderr}${out.stdout}`);

function run(args: string[], command = process.execPath): number {
  const started = performance.now();
  const result = spawnSync(command, args, { env, encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const seaOut = spawnSync(executable, cli.slice(1), { env, encoding: "utf8" });
if (seaOut.status !== 0 || !seaOut.stdout.includes('"AccessKeyId":"ASIABENCH0000000001"'))
  throw new Error(`the executable did not answer from its cache: ${seaOut.stderr}${seaOut.stdout}`);

run(["-e", "0"]);
run(cli);
run(cli.slice(1), executable);
const baseline: number[] = [];
const ours: number[] = [];
const ratios: number[] = [];
const seaRatios: number[] = [];
const entitledRatios: number[] = [];
for (let i = 0; i < PAIRS; i++) {
  const b = run(["-e", "0"]);
  const o = run(cli);
  const e = run(cli.slice(1), executable);
  const r = run(entitledCli);
  baseline.push(b);
  ours.push(o);
  ratios.push(o / b);
  seaRatios.push(e / b);
  entitledRatios.push(r / b);
}
console.log(`node -e 0                               median ${median(baseline).toFixed(1)} ms`);
console.log(
  `ssotray credential-process (cached)     median ${median(ours).toFixed(1)} ms  ` +
    `(median of ${PAIRS} pairs: ${median(ratios).toFixed(2)}× node -e 0; goal ≤ 1.10×)`,
);
console.log(
  `single executable, the same (cached)    median of ${PAIRS} rounds: ${median(seaRatios).toFixed(2)}× node -e 0 (goal ≤ 1.10×)`,
);
console.log(
  `--role-arn (an entitled role, cached)   median of ${PAIRS} rounds: ${median(entitledRatios).toFixed(2)}× node -e 0 (goal ≤ 1.10×)`,
);
