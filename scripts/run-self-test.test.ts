// The CI runner for `--self-test`, with a stand-in for the app (a Node script): it is given the
// flag and a running simulator, and its line and exit status come back as they were.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAppSelfTest } from "./run-self-test.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "ssotray-run-self-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An "app" that registers a client with the simulator it was pointed at, then exits `status`. */
function standIn(status: number): string {
  const file = path.join(dir, `app-${status}.mjs`);
  writeFileSync(
    file,
    `const answer = await fetch(process.env.AWS_ENDPOINT_URL_SSO_OIDC + "/client/register", {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ clientName: "stand-in", clientType: "public" }),
});
const said = { argv: process.argv.slice(2), startUrl: process.env.SSOTRAY_SELF_TEST_START_URL, registered: answer.status };
(${status} === 0 ? process.stdout : process.stderr).write(JSON.stringify(said) + "\\n");
process.exitCode = ${status};
`,
  );
  return file;
}

describe("run-self-test", () => {
  it("runs the app with --self-test against a running simulator, and passes on its line and status", async () => {
    const run = await runAppSelfTest(process.execPath, [standIn(0)]);
    expect(run.status).toBe(0);
    const said = JSON.parse(run.stdout) as { argv: string[]; startUrl: string; registered: number };
    expect(said.argv[0]).toBe("--self-test");
    expect(said.startUrl).toMatch(/^https:\/\/.+\/start$/);
    expect(said.registered).toBe(200);
  });

  it("a failing app's status is its own", async () => {
    const run = await runAppSelfTest(process.execPath, [standIn(3)]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('"registered":200');
  });

  it("an app that never exits is stopped and fails the run", async () => {
    const hangs = path.join(dir, "hangs.mjs");
    writeFileSync(hangs, "setInterval(() => undefined, 1000);\n");
    const run = await runAppSelfTest(process.execPath, [hangs], 500);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/had not exited 0\.5 s after it started, and was stopped/);
  });

  it("an executable that is not there fails with its path", async () => {
    const missing = path.join(dir, "no-such-app");
    const run = await runAppSelfTest(missing, []);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Could not start ${missing}`);
  });
});
