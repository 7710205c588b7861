import { spawn, spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inTerminalForeground, relaySignals } from "./signal-relay.js";
import { linuxOnly } from "../../test-support/platform-only.js";

const terminal = linuxOnly("util-linux's script gives it a terminal");

const here = path.dirname(fileURLToPath(import.meta.url));

/** A child that reports the signals it got: it ends on SIGTERM, or on the first SIGINT. */
const REPORTER = `
const seen = { SIGINT: 0, SIGTERM: 0 };
const report = () => { console.log(JSON.stringify(seen)); process.exit(0); };
process.on("SIGINT", () => { seen.SIGINT += 1; if (process.argv[1] === "end-on-int") report(); });
process.on("SIGTERM", () => { seen.SIGTERM += 1; report(); });
console.log("ready");
setInterval(() => undefined, 1000);
`;

/** Starts the reporter, relays through `source` once it is ready, returns what it saw. */
function relayTo(
  foreground: boolean,
  mode: string,
  send: (source: EventEmitter) => void,
): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", REPORTER, mode], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const source = new EventEmitter();
    const stop = relaySignals(child, { foreground: () => foreground, source });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      const first = out === "";
      out += d.toString();
      if (first && out.startsWith("ready")) send(source);
    });
    child.on("error", reject);
    child.on("close", () => {
      stop();
      resolve(JSON.parse(out.slice(out.indexOf("\n") + 1)) as Record<string, number>);
    });
  });
}

describe("relaySignals", () => {
  it("leaves a keyboard SIGINT to the terminal when we share its foreground group", async () => {
    const seen = await relayTo(true, "keep-on-int", (source) => {
      source.emit("SIGINT");
      source.emit("SIGTERM");
    });
    expect(seen).toEqual({ SIGINT: 0, SIGTERM: 1 });
  });

  it("relays SIGINT sent to us alone, once", async () => {
    const seen = await relayTo(false, "end-on-int", (source) => source.emit("SIGINT"));
    expect(seen).toEqual({ SIGINT: 1, SIGTERM: 0 });
  });

  it("stops relaying when told to", () => {
    const source = new EventEmitter();
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    const stop = relaySignals(child, { foreground: () => false, source });
    expect(source.listenerCount("SIGTERM")).toBe(1);
    stop();
    expect(source.listenerCount("SIGTERM")).toBe(0);
  });
});

describe("inTerminalForeground", () => {
  const probe = `import { inTerminalForeground } from ${JSON.stringify(path.join(here, "signal-relay.ts"))}; console.log(String(inTerminalForeground()));`;
  const tsx = ["--import", "tsx", "--input-type=module", "-e", probe];

  it("is false without a controlling terminal", () => {
    const out = spawnSync("setsid", [process.execPath, ...tsx], { encoding: "utf8" });
    expect(out.stdout.trim(), out.stderr).toBe("false");
    expect(typeof inTerminalForeground()).toBe("boolean");
  });

  it.skipIf(!terminal.runs)(terminal.title("is true in a terminal's foreground group"), () => {
    const line = [process.execPath, ...tsx].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(" ");
    const out = spawnSync("script", ["-qfec", line, "/dev/null"], {
      encoding: "utf8",
      input: "",
    });
    expect(out.stdout.trim(), out.stderr).toBe("true");
  });
});
