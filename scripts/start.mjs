// `npm start` (after the build): the tray app, or a few lines on what to do when Electron's
// binary is missing, instead of Electron's own stack trace.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ELECTRON_MISSING, electronBinary } from "./electron-binary.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binary = electronBinary();
if (!binary) {
  process.stderr.write(ELECTRON_MISSING);
  process.exit(1);
}
const child = spawn(
  binary,
  [path.join(root, "dist-electron", "main.js"), ...process.argv.slice(2)],
  {
    stdio: "inherit",
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
