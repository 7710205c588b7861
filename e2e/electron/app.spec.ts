// The real Electron app against the simulator: the preload, the IPC checks and the main process's
// AppService, signed in with a device code (auto-approved by the simulator) and credentials copied
// to the system clipboard. Where the binary is missing, Electron's own installer fetches it first
// (as `npm start` does); only where the network does not allow that is this skipped, with the
// installer's reason.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index.js";
import { buildElectron } from "../../scripts/build-electron.mjs";
import { installElectron } from "../../scripts/electron-binary.mjs";
import { ElectronApp, electronBinary, SKIP_ELECTRON } from "./electron-app.js";

const INSTALL_TIMEOUT_MS = 5 * 60_000;
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
let binary = electronBinary();
if (!binary) {
  const installed = await installElectron({ timeoutMs: INSTALL_TIMEOUT_MS });
  if ("binary" in installed) binary = installed.binary;
  else console.warn(`${SKIP_ELECTRON}: ${installed.reason}`);
}

describe.skipIf(!binary)("the Electron app", () => {
  let sim: Simulator;
  let app: ElectronApp;
  beforeAll(async () => {
    await buildElectron();
    sim = await startSimulator({ accounts: 5, deviceApproval: { afterPolls: 1 } });
    app = await ElectronApp.launch(sim);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it("signs in, syncs accounts and copies credentials to the clipboard", async () => {
    const account = sim.accounts()[0]!;
    await app.page.evaluate(
      async ({ startUrl, region }) => {
        await window.sso.addSession({ startUrl, region, name: "sim" });
        await window.sso.signIn({ session: "sim", method: "device" });
      },
      { startUrl: sim.startUrl, region: sim.region },
    );
    await app.waitForSignedIn("sim");
    // The dashboard lists the account's roles, through the preload's prefetched state and events.
    await app.page
      .locator(`[role=option][data-account-id="${account.accountId}"]`)
      .first()
      .waitFor({ timeout: 30_000 });
    await app.page.evaluate((role) => window.sso.copyCredentials({ role, format: "bash" }), {
      session: "sim",
      accountId: account.accountId,
      roleName: account.roles[0]!,
    });
    expect(await app.clipboardText()).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/);
    // The renderer cannot reach Node or Electron: only the contract.
    expect(
      await app.page.evaluate(() => typeof (window as unknown as { require?: unknown }).require),
    ).toBe("undefined");
  }, 60_000);

  it("--self-test signs in through the real preload and IPC and exits 0, beside a running app", async () => {
    // The app above holds its own lock; the self-test's lives in its throwaway home.
    const { stdout, stderr } = await run(
      binary!,
      [path.join(root, "dist-electron", "main.js"), "--self-test", "--no-sandbox"],
      {
        env: {
          ...process.env,
          ...sim.env,
          SSOTRAY_SELF_TEST_START_URL: sim.startUrl,
          SSOTRAY_SELF_TEST_REGION: sim.region,
        },
        timeout: 90_000,
      },
    );
    expect(stdout).toMatch(/^SSO Tray self-test passed: .*sign-in, accounts, role credentials/m);
    expect(stderr).not.toMatch(/self-test failed/);
  }, 120_000);
});
