// `ssotray config populate` on a 50,000-line ~/.aws/config with 3,000 account/role pairs:
// plan time in memory and the whole write (lock, parse, edit, atomic write, backup). Prints
// figures; asserts nothing. Target: well under one second.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planPopulate, populateProfiles, removeProfiles } from "../core/profiles/populate.js";
import type { AccountRole } from "../shared/model.js";
import { resolveLocations } from "../core/locations.js";

// BENCH_QUICK=1: a tenth of the size, to check that it runs.
const SCALE = process.env.BENCH_QUICK === "1" ? 10 : 1;
const big = Array.from(
  { length: 12_500 / SCALE },
  (_, i) => `[profile user-${i}]\nregion = eu-west-1\n# note ${i}\n\n`,
).join("");
const pairs: AccountRole[] = Array.from({ length: 3000 / SCALE }, (_, i) => ({
  session: "acme",
  accountId: String(100_000_000_000 + Math.floor(i / 3)),
  accountName: `team-${Math.floor(i / 3)}-prod`,
  emailAddress: "x@example.com",
  roleName: ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess"][i % 3] as string,
}));
const input = { session: "acme", region: "eu-west-1", pairs };

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

const [plan, planMs] = time(() => planPopulate(big, input));
const [, againMs] = time(() => planPopulate(plan.text, input));
console.log(`config lines: ${big.split("\n").length}, pairs: ${pairs.length}`);
console.log(`plan populate (in memory):            ${planMs.toFixed(0)} ms`);
console.log(`plan populate again (no change):      ${againMs.toFixed(0)} ms`);

const HOME = await mkdtemp(join(tmpdir(), "ssotray-bench-"));
await mkdir(join(HOME, ".aws"));
await writeFile(join(HOME, ".aws", "config"), big);
let start = performance.now();
const result = await populateProfiles(resolveLocations({ HOME }), input);
console.log(
  `populate on disk (lock, write, backup): ${(performance.now() - start).toFixed(0)} ms, ${result.added.length} profiles added`,
);
start = performance.now();
await removeProfiles(resolveLocations({ HOME }), { session: "acme" });
console.log(`remove on disk:                         ${(performance.now() - start).toFixed(0)} ms`);
await rm(HOME, { recursive: true, force: true });
