// Test support: stand-in browsers, openers and app bundles that record the arguments they were
// started with, one file per start, then exit with a chosen status. Imported by tests only.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

export interface StandIns {
  dir: string;
  /** A folder to put on PATH, holding the stand-in programs. */
  bin: string;
  /** A stand-in program `name` in `bin` (or at `file`) that records its argv and exits `status`. */
  program(name: string, options?: { status?: number; file?: string }): string;
  /** Each start so far, as the argument list it got (without the program's own name). */
  starts(): string[][];
  cleanup(): void;
}

export function standIns(): StandIns {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-browsers-"));
  const bin = path.join(dir, "bin");
  const record = path.join(dir, "starts");
  mkdirSync(bin);
  mkdirSync(record);
  return {
    dir,
    bin,
    program(name, options = {}) {
      const file = options.file ?? path.join(bin, name);
      mkdirSync(path.dirname(file), { recursive: true });
      // One NUL-separated record per start: the arguments exactly as the program got them.
      writeFileSync(
        file,
        `#!/bin/sh\nout="${record}/$$"\nfor a in "$@"; do printf '%s\\0' "$a"; done > "$out"\nexit ${options.status ?? 0}\n`,
      );
      chmodSync(file, 0o755);
      return file;
    },
    starts() {
      return readdirSync(record)
        .sort()
        .map((f) => readFileSync(path.join(record, f), "utf8").split("\0").slice(0, -1));
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
