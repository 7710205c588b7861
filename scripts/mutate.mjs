// `npm run mutate [group…]`: Stryker, one module group at a time, then each module's score.
// Outside `npm test`: a group takes minutes. Reports go to .tmp/mutation/ (ignored by git).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The modules that guard secrets, files and the wire, in groups small enough to run at once, each
 * with the test files that run against its mutants: the ones written for those modules. Slower
 * suites that also pass through them (a whole account sync, a sign-in) would take minutes per
 * mutant and catch nothing these do not.
 */
export const GROUPS = {
  federation: {
    mutate: [
      "core/federation/destination.ts",
      "core/federation/partition.ts",
      "core/federation/console-signin.ts",
    ],
    tests: ["core/federation/*.test.ts"],
  },
  exports: {
    mutate: ["core/exports/formats.ts"],
    tests: ["core/exports/*.test.ts"],
  },
  "config-file": {
    mutate: ["core/aws-files/config-file.ts"],
    tests: ["core/aws-files/config-file*.test.ts"],
    // Its property tests take seconds once instrumented.
    timeoutMs: 60_000,
  },
  populate: {
    mutate: ["core/profiles/populate.ts"],
    tests: ["core/profiles/*.test.ts"],
    timeoutMs: 60_000,
  },
  sessions: {
    mutate: ["core/sessions/token-cache.ts", "core/sessions/session-status.ts"],
    tests: [
      "core/sessions/token-cache*.test.ts",
      "core/sessions/session-status.test.ts",
      "core/sessions/session-manager.tokens.test.ts",
    ],
  },
  "fast-path": {
    mutate: ["cli/fast-credential-process.ts"],
    tests: ["cli/fast-credential-process.test.ts"],
  },
  pacing: {
    mutate: ["core/portal/rate-pacer.ts", "core/portal/paced-retry-strategy.ts"],
    tests: ["core/portal/rate-pacer.test.ts", "core/portal/paced-retry-strategy.test.ts"],
  },
  ipc: {
    mutate: ["electron/ipc/ipc-dispatch.ts", "electron/ipc/trusted-sender.ts"],
    tests: ["electron/ipc/*.test.ts"],
  },
  "account-access": {
    mutate: [
      "core/account-access/runtime-client.ts",
      "core/account-access/tenant-store.ts",
      "core/account-access/entitled-roles.ts",
    ],
    tests: ["core/account-access/*.test.ts"],
    timeoutMs: 60_000,
  },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(
    `Unknown group ${unknown.join(", ")}; choose from ${Object.keys(GROUPS).join(", ")}`,
  );
  process.exit(2);
}
const groups = asked.length > 0 ? asked : Object.keys(GROUPS);
const reports = path.join(root, ".tmp", "mutation");
mkdirSync(reports, { recursive: true });

let failed = false;
for (const group of groups) {
  const files = GROUPS[group].mutate.filter((f) => existsSync(path.join(root, f)));
  console.log(`\n▶ mutation testing: ${group} (${files.join(", ")})`);
  const result = spawnSync(
    "npx",
    ["stryker", "run", "stryker.config.mjs", "--mutate", files.join(",")],
    {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        SSOTRAY_MUTATE_TESTS: GROUPS[group].tests.join(","),
        SSOTRAY_MUTATE_TIMEOUT_MS: String(GROUPS[group].timeoutMs ?? 5_000),
      },
    },
  );
  if (result.status !== 0) failed = true;
  const json = path.join(root, "reports", "mutation", "mutation.json");
  if (existsSync(json)) renameSync(json, path.join(reports, `${group}.json`));
}

/** Killed (and timed out) over all mutants that ran, as Stryker scores them, per file. */
console.log("\nmodule".padEnd(56) + "score  killed survived no-cover");
for (const group of groups) {
  const file = path.join(reports, `${group}.json`);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  for (const [name, { mutants }] of Object.entries(report.files)) {
    const count = (...states) => mutants.filter((m) => states.includes(m.status)).length;
    const detected = count("Killed", "Timeout");
    const undetected = count("Survived", "NoCoverage");
    const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
    console.log(
      `${name.padEnd(55)} ${score.toFixed(1).padStart(5)}% ${String(detected).padStart(6)} ${String(count("Survived")).padStart(8)} ${String(count("NoCoverage")).padStart(8)}`,
    );
  }
}
process.exit(failed ? 1 : 0);
