// `npm run bench`: runs every bench/*.bench.ts one after another (they compete for two cores
// otherwise) and lets each print its own figures. Benchmarks never assert wall time.
//
// `npm run bench -- --quick` (or BENCH_QUICK=1) runs each at small sizes with few runs, in one or
// two minutes: CI runs it so that a benchmark which no longer runs fails the build; its figures are
// printed but say little. Other arguments pick benchmarks by part of their file name.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const args = process.argv.slice(2);
const quick = args.includes("--quick") || process.env.BENCH_QUICK === "1";
const only = args.filter((arg) => arg !== "--quick");
const files = readdirSync("bench")
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark in bench/ matches ${only.join(", ")}`);
  process.exit(1);
}

const env = { ...process.env, ...(quick ? { BENCH_QUICK: "1" } : {}) };
const failed = [];
for (const file of files) {
  console.log(`\n=== ${file}${quick ? " (quick)" : ""} ===`);
  const started = performance.now();
  const result = spawnSync("npx", ["tsx", `bench/${file}`], { stdio: "inherit", env });
  console.log(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (result.status !== 0) failed.push(file);
}
if (failed.length) {
  console.error(`${failed.length} benchmark(s) could not run: ${failed.join(", ")}`);
  process.exit(1);
}
