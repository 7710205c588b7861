#!/usr/bin/env node
// The `ssotray` command: runs the bundle built by `npm run build:cli`.
try {
  await import("../dist-cli/ssotray.mjs");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist-cli")) {
    process.stderr.write("ssotray: the command is not built yet; run: npm run build:cli\n");
    process.exit(1);
  }
  throw error;
}
