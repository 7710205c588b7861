// `npm run bench`: runs every bench/*.bench.ts one after another (they compete for two cores
// otherwise) and lets each print its own figures. Benchmarks never assert wall time.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const only = process.argv.slice(2);
const files = readdirSync("bench")
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

let failures = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync("npx", ["tsx", `bench/${file}`], { stdio: "inherit" });
  if (result.status !== 0) failures += 1;
}
if (failures) {
  console.error(`${failures} benchmark(s) could not run`);
  process.exit(1);
}
