// `npm start` (after the build): the tray app. Electron's binary is fetched on first use by
// Electron's own installer; only when that fails does this print what to do, in a few lines.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureElectron } from "./electron-binary.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const electron = await ensureElectron();
if ("message" in electron) {
  process.stderr.write(electron.message);
  process.exit(1);
}
const child = spawn(
  electron.binary,
  [path.join(root, "dist-electron", "main.js"), ...process.argv.slice(2)],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
