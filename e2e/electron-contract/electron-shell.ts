// Runs the built main process (and through its window, the built preload) against the stand-in
// `electron` module, with the real AppService inside it, in a staged app layout: as
// `npm start` lays it out, or as electron-builder.yml packages it (resources/app.asar/…,
// resources/build/tray). One wrapper with named waits, like the Playwright app wrappers.
import type { EventEmitter } from "node:events";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import Module, { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Api } from "../../shared/api.js";
import { buildElectron } from "../../scripts/build-electron.mjs";
import { builtRenderer } from "../support/build.js";
import { ElectronWorld, type FakeBrowserWindow, type WorldOptions } from "./fake-electron.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);
type Env = Record<string, string | undefined>;

// ---- the staged app ----

let bundles: Promise<string> | undefined;
/** dist-electron built once per test process, as `npm run build:electron` builds it. */
function builtBundles(): Promise<string> {
  bundles ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-contract-bundles-"));
    await buildElectron(dir);
    return dir;
  })();
  return bundles;
}

export interface StagedApp {
  root: string;
  mainPath: string;
  resourcesPath: string | undefined;
}

/** The app's files as `npm start` runs them, or as the packaged app holds them. */
export async function stageApp(packaged: boolean): Promise<StagedApp> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ssotray-contract-app-"));
  const resources = path.join(root, "resources");
  const appDir = packaged ? path.join(resources, "app.asar") : path.join(root, "app");
  await mkdir(path.join(appDir, "dist"), { recursive: true });
  await cp(await builtBundles(), path.join(appDir, "dist-electron"), { recursive: true });
  await cp(await builtRenderer(), path.join(appDir, "dist", "renderer"), { recursive: true });
  await writeFile(
    path.join(appDir, "package.json"),
    '{ "name": "sso-tray", "main": "dist-electron/main.js" }',
  );
  // electron-builder.yml: extraResources build/tray → resources/build/tray.
  const trayFrom = path.join(repo, "build", "tray");
  await cp(trayFrom, path.join(packaged ? resources : appDir, "build", "tray"), {
    recursive: true,
  });
  return {
    root,
    mainPath: path.join(appDir, "dist-electron", "main.js"),
    resourcesPath: packaged ? resources : undefined,
  };
}

// ---- loading main.js against the fake ----

let current: ElectronWorld | undefined;
const loader = Module as unknown as {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
};
const originalLoad = loader._load;
loader._load = function (request: string, parent: unknown, isMain: boolean) {
  if (request === "electron") {
    if (!current) throw new Error("electron required outside a contract scenario");
    return current.module;
  }
  return originalLoad.call(this, request, parent, isMain);
};

/**
 * What loading main.js hooks into the process. Every scenario loads a fresh copy of it, and with
 * it of proper-lockfile's signal-exit, which listens for each of ~18 signals and wraps
 * process.emit and process.reallyExit; Electron loads main.js once, but a file of eleven
 * scenarios passed Node's limit of ten listeners per signal and printed a
 * MaxListenersExceededWarning for each. Closing a scenario takes its hooks away again.
 */
interface ProcessHooks {
  listeners: Map<string | symbol, ReadonlySet<unknown>>;
  emit: typeof process.emit;
  reallyExit: unknown;
}

/** The process as the plain emitter it is (its typings allow only known event names). */
const events: EventEmitter = process;

function processHooks(): ProcessHooks {
  return {
    listeners: new Map(process.eventNames().map((name) => [name, new Set(events.listeners(name))])),
    emit: process.emit,
    reallyExit: (process as { reallyExit?: unknown }).reallyExit,
  };
}

function restoreProcessHooks(saved: ProcessHooks): void {
  for (const name of process.eventNames()) {
    if (typeof name !== "string" || !name.startsWith("SIG")) continue;
    const before = saved.listeners.get(name);
    for (const listener of events.listeners(name))
      if (!before?.has(listener)) events.removeListener(name, listener as () => void);
  }
  process.emit = saved.emit;
  (process as { reallyExit?: unknown }).reallyExit = saved.reallyExit;
}

export interface ShellOptions extends Partial<WorldOptions> {
  env: Env;
  argv?: string[];
  packaged?: boolean;
  /** Changes the staged app before it starts (a file missing from a broken build, say). */
  alter?: (staged: StagedApp) => Promise<void>;
}

export class ElectronShell {
  readonly rejections: unknown[] = [];
  /** What the main process wrote to stdout and stderr while it ran here. */
  readonly output = { stdout: "", stderr: "" };
  private readonly onRejection = (reason: unknown) => this.rejections.push(reason);
  private readonly saved: {
    env: NodeJS.ProcessEnv;
    argv: string[];
    platform: PropertyDescriptor;
    resourcesPath: PropertyDescriptor | undefined;
    hooks: ProcessHooks;
    stdout: typeof process.stdout.write;
    stderr: typeof process.stderr.write;
  };

  private constructor(
    readonly world: ElectronWorld,
    readonly staged: StagedApp,
    options: ShellOptions,
  ) {
    this.saved = {
      env: process.env,
      argv: process.argv,
      platform: Object.getOwnPropertyDescriptor(process, "platform")!,
      resourcesPath: Object.getOwnPropertyDescriptor(process, "resourcesPath"),
      hooks: processHooks(),
      stdout: process.stdout.write,
      stderr: process.stderr.write,
    };
    for (const stream of ["stdout", "stderr"] as const)
      process[stream].write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        this.output[stream] += String(chunk);
        return this.saved[stream].call(process[stream], chunk, ...rest);
      }) as typeof process.stdout.write;
    process.on("unhandledRejection", this.onRejection);
    process.env = { PATH: this.saved.env.PATH, ...options.env } as NodeJS.ProcessEnv;
    process.argv = [process.execPath, staged.mainPath, ...(options.argv ?? [])];
    Object.defineProperty(process, "platform", {
      value: world.options.platform,
      configurable: true,
    });
    if (staged.resourcesPath)
      Object.defineProperty(process, "resourcesPath", {
        value: staged.resourcesPath,
        configurable: true,
      });
  }

  /** Loads main.js as Electron would, then fires `ready` and waits for start-up to finish. */
  static async launch(options: ShellOptions): Promise<ElectronShell> {
    const staged = await stageApp(options.packaged ?? false);
    await options.alter?.(staged);
    const world = new ElectronWorld({
      platform: options.platform ?? "linux",
      isPackaged: options.packaged ?? false,
      appPath: path.dirname(path.dirname(staged.mainPath)),
      ...options,
    });
    const shell = new ElectronShell(world, staged, options);
    current = world;
    try {
      delete require.cache[staged.mainPath];
      require(staged.mainPath);
      await new Promise((resolve) => setImmediate(resolve));
      world.emitReady();
      await Promise.allSettled(world.startUp);
      await Promise.allSettled(world.loads);
      await shell.settle();
    } catch (error) {
      await shell.close();
      throw error;
    }
    return shell;
  }

  get window(): FakeBrowserWindow {
    const window = this.world.windows[0];
    if (!window) throw new Error("The app made no window");
    return window;
  }

  /** `window.sso` as the page sees it, through the preload and contextBridge. */
  get page(): Api {
    const api = this.window.webContents.mainWorld.sso;
    if (!api)
      throw new Error(
        `The preload exposed no window.sso (${String(this.window.webContents.preloadError)})`,
      );
    return api as Api;
  }

  /** Lets every task queued so far (IPC, clipboard, events) run. */
  async settle(turns = 20): Promise<void> {
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  async waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Quit as SIGTERM, Cmd+Q or logout would: app.quit() from outside the app. */
  async quitFromOutside(): Promise<void> {
    this.world.app.quit();
    await this.waitFor(
      "the app to exit or cancel its quit",
      () => this.world.exitCode !== undefined || this.world.quitCancelled > 0,
    );
    await this.settle();
  }

  notificationBodies(): string[] {
    return this.world.notifications.map((n) => n.body);
  }

  /** Ends the scenario: quits if still running, restores the process, removes the staged app. */
  async close(): Promise<void> {
    if (this.world.exitCode === undefined && this.world.ready && this.world.quitCancelled === 0) {
      this.world.quit();
      await this.settle();
    }
    current = undefined;
    process.off("unhandledRejection", this.onRejection);
    process.env = this.saved.env;
    process.argv = this.saved.argv;
    process.stdout.write = this.saved.stdout;
    process.stderr.write = this.saved.stderr;
    Object.defineProperty(process, "platform", this.saved.platform);
    if (this.saved.resourcesPath)
      Object.defineProperty(process, "resourcesPath", this.saved.resourcesPath);
    else delete (process as { resourcesPath?: string }).resourcesPath;
    restoreProcessHooks(this.saved.hooks);
    await rm(this.staged.root, { recursive: true, force: true });
  }
}
