// Where Electron's binary is, without asking `require("electron")`, which tries to download it
// when it is missing (and fails with a stack trace and advice to delete node_modules/electron).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The binary's path, or undefined when it is not installed. Honours ELECTRON_OVERRIDE_DIST_PATH. */
export function electronBinary(env = process.env) {
  const dir = path.join(root, "node_modules", "electron");
  const pathFile = path.join(dir, "path.txt");
  const name = existsSync(pathFile) ? readFileSync(pathFile, "utf8").trim() : undefined;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, "dist");
  const binary = path.join(dist, name || "electron");
  return (name || env.ELECTRON_OVERRIDE_DIST_PATH) && existsSync(binary) ? binary : undefined;
}

export const ELECTRON_MISSING = `SSO Tray cannot start: Electron's binary is not installed.
  npm downloads it while installing the electron package, and here that download did not
  happen (no network, a proxy or firewall in the way, or ELECTRON_SKIP_BINARY_DOWNLOAD set).
To install it:  node node_modules/electron/install.js
  (behind a firewall, first set ELECTRON_MIRROR to a mirror your network allows).
Meanwhile the command line works without it: \`npm run demo\` keeps a local simulator running
  and prints the ssotray command to try against it.
`;
