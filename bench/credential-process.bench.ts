// `ssotray credential-process` with cached credentials, as a reader of ~/.aws/config runs it:
// the very line `ssotray config populate --credential-process` wrote there, split as botocore
// splits it and started as a whole process, beside `node -e 0` started the same way. Pairs are
// interleaved and take turns going first (a neighbour's burst of work lands on both, and neither
// always runs just after the other), 20 of them (BENCH_QUICK=1: 5); printed as the median of the
// pairs' ratios with their spread, and each command's median time.
// The HOME is one a sign-in, a sync and one earlier call leave: the session in ~/.aws/config, its
// token in ~/.aws/sso/cache, the account list and the role's credentials in SSO Tray's cache,
// which is where it is by default (no SSOTRAY_HOME). The environment is the user's: what npm and
// tsx add to the benchmark's own (npm_*, INIT_CWD, NODE_OPTIONS) is left out of every run.
// Also timed in the same rounds: an empty ES module (what Node costs to run any .mjs entry: the
// floor for `bin/ssotray.mjs`), the single executable (`npm run package:cli`) and an entitled
// role's answer (`--session S --role-arn ARN`, the line populate writes for one).
// Run: npx tsx bench/credential-process.bench.ts
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { split as shlexSplit } from "shlex";
import {
  credentialCacheFile,
  credentialCacheKey,
  toCacheFile,
} from "../core/portal/credential-cache-file.js";
import { signInMarkSync, tokenPath } from "../core/sessions/sign-in-file.js";
import { resolveLocations } from "../core/locations.js";
import { entitledCredentialKey } from "../core/account-access/entitled-key.js";
import { writeAccountCache } from "../core/portal/account-cache.js";
import { parseConfig } from "../core/aws-files/config-file.js";

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
// The user's environment with this HOME: without what `npm run` and tsx add, and without any
// AWS_*, SSOTRAY_* or XDG_* variable that would move a file out of it.
const env: Record<string, string> = { HOME: home };
for (const [name, value] of Object.entries(process.env)) {
  if (value === undefined || name === "HOME") continue;
  if (/^(npm_|AWS_|SSOTRAY_|XDG_)|^(INIT_CWD|NODE|NODE_OPTIONS|COLOR|EDITOR)$/.test(name)) continue;
  env[name] =
    name === "PATH"
      ? value
          .split(path.delimiter)
          .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`))
          .join(path.delimiter)
      : value;
}
const locations = resolveLocations(env);
const hour = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
mkdirSync(path.dirname(locations.awsConfig), { recursive: true });
writeFileSync(
  locations.awsConfig,
  "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n",
);
const token = tokenPath(locations, { kind: "sso-session", session: "acme" });
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
  locations.cache,
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
  locations.cache,
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
await writeAccountCache(
  locations.cache,
  { session: "acme", startUrl: "https://acme.awsapps.com/start", region: "eu-west-1" },
  [
    {
      accountId: "111111111111",
      accountName: "bench",
      emailAddress: "bench@example.com",
      roles: ["Admin"],
    },
  ],
  new Date().toISOString(),
);

// The line a user gets: populate run by the built `ssotray`, read back from ~/.aws/config.
const ssotray = path.join(root, "bin/ssotray.mjs");
const populated = spawnSync(
  process.execPath,
  [ssotray, "config", "populate", "--credential-process", "--session", "acme"],
  { env, encoding: "utf8" },
);
if (populated.status !== 0)
  throw new Error(`config populate failed: ${populated.stderr}${populated.stdout}`);
const lines = parseConfig(readFileSync(locations.awsConfig, "utf8"), locations.awsConfig)
  .map((section) => section.values.credential_process)
  .filter((line): line is string => line !== undefined);
if (lines.length !== 1)
  throw new Error(`populate wrote ${lines.length} credential_process lines, not 1`);
const populatedLine = lines[0]!;
// botocore's split (shlex on POSIX); the words are then one process, started without a shell.
const [command, ...cli] = shlexSplit(populatedLine);
if (command === undefined) throw new Error("populate wrote an empty credential_process line");

const entitledLine = [
  process.execPath,
  ssotray,
  "credential-process",
  "--session",
  "acme",
  "--role-arn",
  ENTITLED_ARN,
];
const emptyModule = path.join(home, "empty.mjs");
writeFileSync(emptyModule, "");

interface Subject {
  label: string;
  argv: string[];
  /** What its output must hold: each must answer from the cache, not fail or ask the portal. */
  answers?: string;
}
const baseline: Subject = { label: "node -e 0", argv: [process.execPath, "-e", "0"] };
const subjects: Subject[] = [
  {
    label: "the populated line",
    argv: [command, ...cli],
    answers: '"AccessKeyId":"ASIABENCH0000000001"',
  },
  { label: "an empty ES module (node empty.mjs)", argv: [process.execPath, emptyModule] },
  {
    label: "the single executable, the same",
    argv: [executable, ...cli.slice(cli.indexOf("credential-process"))],
    answers: '"AccessKeyId":"ASIABENCH0000000001"',
  },
  {
    label: "--role-arn (an entitled role)",
    argv: entitledLine,
    answers: '"AccessKeyId":"ASIABENCH0000000002"',
  },
];

function run(subject: Subject): number {
  const [file, ...args] = subject.argv;
  const started = performance.now();
  const result = spawnSync(file!, args, { env, encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0 || (subject.answers && !result.stdout.includes(subject.answers)))
    throw new Error(
      `${subject.label} did not answer from its cache: ${result.stderr}${result.stdout}`,
    );
  return ms;
}
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.ceil(at)]! - sorted[low]!) * (at - low);
}

// One untimed run each: the first start of anything reads it from disk.
for (const subject of [baseline, ...subjects]) run(subject);
const base: number[] = [];
const times = subjects.map(() => [] as number[]);
const ratios = subjects.map(() => [] as number[]);
for (let i = 0; i < PAIRS; i++) {
  subjects.forEach((subject, k) => {
    // A pair per subject, each with its own baseline run; who goes first alternates.
    const first = (i + k) % 2 === 0;
    const b0 = first ? run(baseline) : 0;
    const ms = run(subject);
    const b = first ? b0 : run(baseline);
    base.push(b);
    times[k]!.push(ms);
    ratios[k]!.push(ms / b);
  });
}
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`populated line: credential_process = ${populatedLine}`);
console.log(
  `${baseline.label.padEnd(38)} median ${ms(quantile(base, 0.5))}, quartiles ${ms(quantile(base, 0.25))}–${ms(quantile(base, 0.75))}`,
);
subjects.forEach((subject, k) => {
  const r = ratios[k]!;
  console.log(
    `${subject.label.padEnd(38)} median ${ms(quantile(times[k]!, 0.5))}; ÷ node -e 0, median of ${PAIRS} interleaved pairs ` +
      `${quantile(r, 0.5).toFixed(2)}× (quartiles ${quantile(r, 0.25).toFixed(2)}–${quantile(r, 0.75).toFixed(2)}×, ` +
      `all ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}×)${subject.answers ? "; goal ≤ 1.10×" : ""}`,
  );
});
