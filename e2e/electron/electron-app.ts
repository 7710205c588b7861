// Drives the packaged app's code (dist-electron + dist/renderer) through Playwright's Electron
// support, with an isolated home, in the style of a small App wrapper with named waits.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { _electron, type ElectronApplication, type Page } from "playwright-core";
import type { Simulator } from "../../simulator/index.js";
import { electronBinary } from "../../scripts/electron-binary.mjs";

export { electronBinary };

const root = path.resolve(import.meta.dirname, "../..");

export const SKIP_ELECTRON =
  "Electron's binary is not installed and its installer could not fetch it: skipping the packaged-app e2e";

export class ElectronApp {
  private constructor(
    readonly app: ElectronApplication,
    readonly page: Page,
    readonly home: string,
  ) {}

  static async launch(sim: Simulator): Promise<ElectronApp> {
    const home = await mkdtemp(path.join(tmpdir(), "ssotray-electron-"));
    const app = await _electron.launch({
      executablePath: electronBinary(),
      args: [path.join(root, "dist-electron", "main.js"), "--window", "--no-sandbox"],
      env: {
        ...process.env,
        ...sim.env,
        HOME: home,
        SSOTRAY_HOME: path.join(home, "ssotray"),
        SSOTRAY_WINDOW: "1",
      },
    });
    const page = await app.firstWindow();
    await page.waitForFunction(() => "sso" in window);
    return new ElectronApp(app, page, home);
  }

  async waitForSignedIn(session: string): Promise<void> {
    await this.page.waitForFunction(
      async (name) =>
        (await window.sso.getState({})).sessions.some(
          (s) => s.name === name && s.state === "signed-in",
        ),
      session,
    );
  }

  async clipboardText(): Promise<string> {
    return this.app.evaluate(({ clipboard }) => clipboard.readText());
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
