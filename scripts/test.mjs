// `npm test`: every check the project has, in the order that fails fastest. Prints one closing
// line "N passed, N failed, N skipped" for the whole suite.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const steps = [
  ["typecheck", "npm", ["run", "--silent", "typecheck"]],
  ["lint", "npm", ["run", "--silent", "lint"]],
  ["import circles", "npm", ["run", "--silent", "check:cycles"]],
  ["format", "npm", ["run", "--silent", "format:check"]],
  ["build", "npm", ["run", "--silent", "build"]],
  [
    "electronegativity",
    "node",
    ["--import", "./scripts/offline-guard.mjs", "scripts/electronegativity.mjs"],
  ],
];

function run(label, command, args) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  // npm and npx are .cmd files on Windows, which Node starts only through a shell (the
  // arguments here are the script's own, never user input).
  const result = spawnSync(command, args, {
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${label} failed after ${seconds}s`);
    return false;
  }
  console.log(`✔ ${label} (${seconds}s)`);
  return true;
}

for (const [label, command, args] of steps) {
  if (!run(label, command, args)) {
    console.log(`0 passed, 1 failed`);
    process.exit(1);
  }
}

const reportDir = mkdtempSync(join(tmpdir(), "ssotray-test-"));
const reportFile = join(reportDir, "vitest.json");
const ok = run("tests", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${reportFile}`,
]);

let passed = 0;
let failed = ok ? 0 : 1;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
  skipped = report.numPendingTests + report.numTodoTests;
} catch {
  // No report: vitest itself failed before running tests; the exit status already says so.
}
rmSync(reportDir, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
