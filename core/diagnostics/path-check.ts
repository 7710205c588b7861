// Whether `ssotray` on PATH is this one: a second, older install found first is why a fixed bug
// seems to come back in a shell or in credential_process. A warning at most.
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import type { Env } from "../network/network-deadline.js";
import { found, type Finding } from "./finding.js";

async function real(file: string): Promise<string | undefined> {
  try {
    return await realpath(file);
  } catch {
    return undefined;
  }
}

/** `self`: the file this ssotray runs from (its script, or the executable). */
export async function checkSsotrayOnPath(
  env: Env,
  self: string,
  platform: NodeJS.Platform = process.platform,
): Promise<Finding[]> {
  const names = platform === "win32" ? ["ssotray.cmd", "ssotray.exe", "ssotray"] : ["ssotray"];
  const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter(Boolean);
  const me = await real(self);
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      const target = await real(candidate);
      if (!target) continue;
      if (target === me) return [found("path", "ok", `ssotray on PATH (${candidate}) is this one`)];
      // A small wrapper script (the app's link on Windows, a package manager's shim) naming us.
      const text = await readFile(target, "utf8").catch(() => "");
      if (me && text.length < 4096 && text.includes(me))
        return [found("path", "ok", `ssotray on PATH (${candidate}) runs this one`)];
      return [
        found(
          "path",
          "warning",
          `ssotray on PATH is ${candidate}${target !== candidate ? ` (${target})` : ""}, not this one (${me ?? self}); remove the other install or put this one first on PATH`,
        ),
      ];
    }
  }
  return [
    found(
      "path",
      "warning",
      "No ssotray on PATH: shells and tools find it only by its full path; the app's Settings, or a link in a folder on PATH, puts it there",
    ),
  ];
}
