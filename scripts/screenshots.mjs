// `npm run screenshots`: runs the browser e2e specs with their screenshots going to
// docs/screenshots, the ones the README and docs/ show. Plain test runs write them to the ignored
// e2e/artifacts/screenshots instead, so they never change tracked files.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync("npx", ["vitest", "run", "e2e/browser"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, SSOTRAY_SCREENSHOT_DIR: path.join(root, "docs", "screenshots") },
});
process.exit(result.status ?? 1);
