// Static security analysis of the built Electron code with @doyensec/electronegativity, offline
// (the Electron version is given, so it fetches nothing). Fails on any HIGH or MEDIUM finding.
// Its CLI needs an old commander that npm no longer hoists, so its programmatic runner is used.
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildElectron } from "./build-electron.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const input = path.join(root, "dist-electron");
const electronVersion = require("electron/package.json").version;

if (!existsSync(path.join(input, "main.js"))) await buildElectron();

const run = require("@doyensec/electronegativity");
const result = await run({
  input,
  electronVersionOverride: electronVersion,
  isRelative: true,
  output: undefined,
});
// One finding is reviewed and accepted where the code proves it: shell.openExternal is called
// only right after assertHttpsUrl (electron/platform/electron-platform.ts), so only https pages
// (or the loopback sign-in listener) reach the browser. Any other openExternal still fails.
const bundleLines = readFileSync(path.join(input, "main.js"), "utf8").split("\n");
const reviewed = (issue) =>
  issue.id === "OPEN_EXTERNAL_JS_CHECK" &&
  /assertHttpsUrl\(/.test(bundleLines[(issue.location?.line ?? 0) - 2] ?? "");
const errors = result.errors ?? [];
for (const error of errors) console.log(`could not analyse ${error.file}: ${error.message}`);
const issues = (result.issues ?? []).filter((issue) => !reviewed(issue));
const serious = issues.filter((i) =>
  ["HIGH", "MEDIUM"].includes(String(i.severity?.name ?? i.severity).toUpperCase()),
);
for (const issue of issues) {
  const severity = String(issue.severity?.name ?? issue.severity);
  console.log(
    `${severity.padEnd(13)} ${issue.id}  ${issue.file}:${issue.location?.line ?? "?"}  ${issue.description ?? ""}`,
  );
}
console.log(
  `electronegativity (Electron ${electronVersion}): ${issues.length} findings, ${serious.length} high or medium`,
);
process.exit(serious.length > 0 || errors.length > 0 ? 1 : 0);
