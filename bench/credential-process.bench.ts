// `ssotray credential-process` with cached credentials, as the AWS CLI runs it: a whole process,
// median of 30 runs taken in turn, beside `node -e 0`, from the Node bundle and from the single executable
// (`npm run package:cli`). Builds both first and seeds the credential cache.
// Run: npx tsx bench/credential-process.bench.ts
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../core/app-paths.js";
import {
  credentialCacheFile,
  credentialCacheKey,
  toCacheFile,
} from "../core/portal/credential-cache-file.js";
import { signInMarkSync, tokenPath } from "../core/sessions/sign-in-file.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [path.join(root, "scripts/build-cli.mjs")], { stdio: "ignore" });
const seaDir = mkdtempSync(path.join(os.tmpdir(), "ssotray-bench-sea-"));
execFileSync(process.execPath, [path.join(root, "scripts/package-cli.mjs"), seaDir], {
  stdio: "ignore",
});
const executable = path.join(seaDir, process.platform === "win32" ? "ssotray.exe" : "ssotray");

const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-bench-home-"));
const env = {
  ...process.env,
  HOME: home,
  SSOTRAY_HOME: path.join(home, "ssotray"),
  AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
};
const file = credentialCacheFile(
  cacheDir(env),
  credentialCacheKey({ sessionName: "acme", accountId: "111111111111", roleName: "Admin" }),
);
// The session's token file: cached credentials are served only while their sign-in is there.
const token = tokenPath(env, { kind: "sso-session", session: "acme" });
mkdirSync(path.dirname(token), { recursive: true });
// The session itself: the fast path serves only a session the config names.
writeFileSync(
  path.join(home, ".aws", "config"),
  "[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n",
);
writeFileSync(
  token,
  JSON.stringify({
    startUrl: "https://acme.awsapps.com/start",
    region: "us-east-1",
    accessToken: "bench",
    expiresAt: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  }),
  { mode: 0o600 },
);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(
  file,
  JSON.stringify({
    ...toCacheFile({
      accessKeyId: "ASIABENCHBENCHBENCH1",
      secretAccessKey: "c2VjcmV0c2VjcmV0c2VjcmV0",
      sessionToken: "dG9rZW50b2tlbnRva2Vu",
      expiration: new Date(Date.now() + 3600_000).toISOString(),
    }),
    SignIn: signInMarkSync(token),
  }),
  { mode: 0o600 },
);

/**
 * Median wall time of each command, run in turn (one of each per round) so that the load of a
 * shared machine falls on all of them alike.
 */
function medians(commands: ReadonlyArray<[string, string[]]>, rounds = 30): number[] {
  const times = commands.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++)
    commands.forEach(([command, args], i) => {
      const started = performance.now();
      const result = spawnSync(command, args, { env, encoding: "utf8" });
      times[i]!.push(performance.now() - started);
      if (result.status !== 0)
        throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
    });
  return times.map((list) => {
    list.sort((x, y) => x - y);
    return (list[Math.floor(rounds / 2) - 1]! + list[Math.floor(rounds / 2)]!) / 2;
  });
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
const first = spawnSync(process.execPath, cli, { env, encoding: "utf8" });
const out = first.stdout + first.stderr;
if (!out.includes('"AccessKeyId":"ASIABENCHBENCHBENCH1"'))
  throw new Error(`unexpected output: ${out}`);

const seaOut = spawnSync(executable, cli.slice(1), { env, encoding: "utf8" }).stdout;
if (!seaOut.includes('"AccessKeyId":"ASIABENCHBENCHBENCH1"'))
  throw new Error(`unexpected output: ${seaOut}`);

const [baseline = 0, ours = 0, sea = 0] = medians([
  [process.execPath, ["-e", "0"]],
  [process.execPath, cli],
  [executable, cli.slice(1)],
]);
rmSync(seaDir, { recursive: true, force: true });
console.log(`node -e 0                               median ${baseline.toFixed(1)} ms`);
console.log(
  `ssotray credential-process (cached)     median ${ours.toFixed(1)} ms  (${(ours / baseline).toFixed(2)}× node -e 0; target < 2×)`,
);
console.log(
  `single executable, the same (cached)    median ${sea.toFixed(1)} ms  (${(sea / baseline).toFixed(2)}× node -e 0; target ≤ 1.1×)`,
);
