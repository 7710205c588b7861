// A stand-in for the `electron` module that the built main process and preload run against when no
// Electron binary can. It is typed against Electron's own declarations (every member it offers is a
// Pick of electron.d.ts, so a signature that drifts from Electron's fails to compile) and it
// enforces the documented rules that code which type-checks can still break at run time:
// - APIs that need `ready` throw before it; registerSchemesAsPrivileged throws after it;
// - app.setPath throws for a folder that does not exist;
// - app.quit() emits before-quit, then closes every window: a prevented close cancels the quit;
// - globalShortcut.register throws on an accelerator Electron cannot parse;
// - a destroyed Tray, BrowserWindow or WebContents throws "Object has been destroyed";
// - a shown Notification is held only weakly;
// - IPC payloads are structured-cloned and arrive in a later task; ipcMain.handle twice throws;
// - the preload runs as a sandboxed one: its own realm, only electron, events, timers and url
//   requirable, and contextBridge copies what crosses it;
// - app.exit(code) closes every window at once, with no close, before-quit or will-quit events;
// - webContents.executeJavaScript waits for the page to stop loading, runs in the page's world
//   (where the preload's window.sso is) and its result is serialised;
// - with the grantFileProtocolExtraPrivileges fuse off, file:// cannot read inside app.asar and its
//   module scripts are blocked, as in Chromium.
import { EventEmitter } from "node:events";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import vm from "node:vm";
import type * as Electron from "electron";

type Rect = Electron.Rectangle;

export interface WorldOptions {
  platform: "linux" | "darwin" | "win32";
  isPackaged?: boolean;
  appPath: string;
  /** False: another instance holds the single-instance lock. */
  lockAvailable?: boolean;
  /** Accelerators another app holds: register answers false. */
  takenShortcuts?: string[];
  /** Accelerators this platform's Electron cannot parse though the grammar allows them. */
  refusedShortcuts?: string[];
  display?: { bounds: Rect; workArea: Rect };
  cursor?: Electron.Point;
  trayBounds?: Rect;
  /** electron-builder.yml's fuse; the packaged app keeps it off. */
  grantFileProtocolExtraPrivileges?: boolean;
}

export interface PageLoad {
  url: string;
  ok: boolean;
  problem?: string;
  assets: Array<{ url: string; status: number; type: string | null }>;
}

/** Every use of a destroyed object, whether or not the app caught what it threw. */
let destroyedUses: string[] = [];

class DestroyedError extends TypeError {
  constructor(what: string) {
    super("Object has been destroyed");
    destroyedUses.push(`${what}: ${new Error().stack?.split("\n").slice(3, 6).join(" / ")}`);
  }
}

interface ElectronEvent {
  preventDefault(): void;
  defaultPrevented: boolean;
}
function makeEvent(): ElectronEvent {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---- Electron's accelerator parser, from its documentation, independent of the app's own ----

const ACCELERATOR_MODIFIERS = new Set(
  "command cmd control ctrl commandorcontrol cmdorctrl alt option altgr shift super meta".split(
    " ",
  ),
);
const ACCELERATOR_KEYS = new Set(
  (
    "plus space tab capslock numlock scrolllock backspace delete insert return enter up down left " +
    "right home end pageup pagedown escape esc volumeup volumedown volumemute medianexttrack " +
    "mediaprevioustrack mediastop mediaplaypause printscreen numdec numadd numsub nummult numdiv"
  ).split(" "),
);
export function electronParsesAccelerator(accelerator: string): boolean {
  const parts = accelerator.toLowerCase().split("+");
  const key = parts.pop() ?? "";
  if (!parts.every((p) => ACCELERATOR_MODIFIERS.has(p))) return false;
  return (
    /^[0-9a-z`~!@#$%^&*()\-_=[{\]}\\|;:'",<.>/?]$/.test(key) ||
    ACCELERATOR_KEYS.has(key) ||
    /^f([1-9]|1\d|2[0-4])$/.test(key) ||
    /^num[0-9]$/.test(key)
  );
}

// ---- the world: everything the fake module records, and the levers a test pulls ----

export class ElectronWorld {
  readonly log: string[] = [];
  ready = false;
  exitCode: number | undefined;
  quitCancelled = 0;
  readonly windows: FakeBrowserWindow[] = [];
  readonly trays: FakeTray[] = [];
  readonly notifications: Array<{ title: string; body: string; ref: WeakRef<FakeNotification> }> =
    [];
  readonly shortcuts = new Map<string, () => void>();
  readonly ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  readonly privilegedSchemes: Electron.CustomScheme[] = [];
  readonly protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly openedExternal: string[] = [];
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  readonly loginItemSettings: Electron.Settings[] = [];
  readonly pageLoads: PageLoad[] = [];
  /** Every page load started: settled once each page and its preload have run. */
  readonly loads: Promise<void>[] = [];
  /** What the app chained on whenReady(): settled once start-up has run. */
  readonly startUp: Promise<unknown>[] = [];
  /** Times the OS showed a tray's context menu (macOS also does on a left click). */
  contextMenusShown = 0;
  applicationMenu: FakeMenu | null | undefined;
  appUserModelId: string | undefined;
  clipboardText = "";
  readonly paths = new Map<string, string>();
  lockedAt: string | undefined;
  private readyResolve!: () => void;
  readonly readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));
  readonly app: FakeApp;
  readonly module: Record<string, unknown>;
  private nextWebContentsId = 1;

  constructor(readonly options: WorldOptions) {
    destroyedUses = [];
    this.app = new FakeApp(this);
    this.module = guardModule(buildModule(this));
  }

  /** Uses of a destroyed Tray, BrowserWindow or WebContents: Electron throws on each. */
  get destroyedUses(): readonly string[] {
    return destroyedUses;
  }

  newWebContentsId(): number {
    return this.nextWebContentsId++;
  }

  requireReady(what: string): void {
    if (!this.ready) throw new Error(`${what} cannot be used before the app is ready`);
  }

  emitReady(): void {
    this.ready = true;
    this.log.push("ready");
    this.app.emit("ready", makeEvent(), {});
    this.readyResolve();
  }

  /** app.quit() as Electron runs it, also what SIGTERM, Cmd+Q and logout do. */
  quit(): void {
    this.log.push("app.quit");
    const before = makeEvent();
    this.app.emit("before-quit", before);
    if (before.defaultPrevented) return;
    for (const window of this.windows.filter((w) => !w.isDestroyed())) {
      const close = makeEvent();
      window.emit("close", close);
      if (close.defaultPrevented) {
        this.quitCancelled += 1;
        this.log.push("quit cancelled by a prevented close");
        return;
      }
    }
    for (const window of this.windows) if (!window.isDestroyed()) window.destroy();
    const willQuit = makeEvent();
    this.app.emit("will-quit", willQuit);
    if (willQuit.defaultPrevented) return;
    this.app.emit("quit", makeEvent(), 0);
    this.exitCode = 0;
    this.log.push("exited");
  }

  pressShortcut(accelerator: string): void {
    const callback = this.shortcuts.get(accelerator);
    if (!callback) throw new Error(`No global shortcut ${accelerator} is registered`);
    callback();
  }

  /** Runs the garbage collector, as Electron's would eventually. */
  collectGarbage(): void {
    setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
  }

  async fetch(url: string): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.protocolHandlers.get(scheme);
    if (!handler) throw new Error(`No handler for ${scheme}://`);
    return handler(new Request(url));
  }
}

// ---- app ----

type AppSurface = Pick<
  Electron.App,
  | "quit"
  | "exit"
  | "setPath"
  | "getPath"
  | "getVersion"
  | "getAppPath"
  | "isReady"
  | "whenReady"
  | "requestSingleInstanceLock"
  | "releaseSingleInstanceLock"
  | "setAppUserModelId"
  | "setLoginItemSettings"
  | "isPackaged"
>;

class FakeApp extends EventEmitter implements AppSurface {
  readonly isPackaged: boolean;
  readonly dock: Pick<Electron.Dock, "hide"> | undefined;

  constructor(private readonly world: ElectronWorld) {
    super();
    this.isPackaged = world.options.isPackaged ?? false;
    this.dock =
      world.options.platform === "darwin"
        ? { hide: () => void world.log.push("dock.hide") }
        : undefined;
  }
  quit(): void {
    // Electron runs the sequence from its own loop, never inside the caller's stack.
    setImmediate(() => this.world.quit());
  }
  exit(exitCode = 0): void {
    // electron.d.ts: "All windows will be closed immediately without asking the user, and the
    // before-quit and will-quit events will not be emitted."
    for (const window of this.world.windows) window.destroy();
    this.world.exitCode = exitCode;
    this.world.log.push(`app.exit(${exitCode})`);
  }
  setPath(name: string, folder: string): void {
    // electron.d.ts: "If the path specifies a directory that does not exist, an Error is thrown."
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw new Error(`Failed to set path: ${folder} does not exist`);
    this.world.paths.set(name, folder);
    this.world.log.push(`app.setPath(${name})`);
  }
  getPath(name: Parameters<Electron.App["getPath"]>[0]): string {
    const folder = this.world.paths.get(name);
    if (!folder) throw new Error(`The contract harness sets no default for app.getPath(${name})`);
    return folder;
  }
  getVersion(): string {
    return "0.0.0-contract";
  }
  getAppPath(): string {
    return this.world.options.appPath;
  }
  isReady(): boolean {
    return this.world.ready;
  }
  whenReady(): Promise<void> {
    // Whatever the app chains on `ready` (its start-up) is kept, so a test can wait for it.
    const ready = this.world.readyPromise.then(() => undefined);
    const then = ready.then.bind(ready);
    ready.then = ((onFulfilled, onRejected) => {
      const chained = then(onFulfilled, onRejected);
      this.world.startUp.push(chained);
      return chained;
    }) as typeof ready.then;
    return ready;
  }
  requestSingleInstanceLock(): boolean {
    this.world.log.push("app.requestSingleInstanceLock");
    // Electron keeps the lock in userData as it is at this moment.
    this.world.lockedAt = this.world.paths.get("userData") ?? "(default userData)";
    return this.world.options.lockAvailable ?? true;
  }
  releaseSingleInstanceLock(): void {
    this.world.lockedAt = undefined;
    this.world.log.push("app.releaseSingleInstanceLock");
  }
  setAppUserModelId(id: string): void {
    this.world.appUserModelId = id;
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    // Documented for macOS and Windows only: elsewhere it does nothing.
    if (this.world.options.platform !== "linux") this.world.loginItemSettings.push(settings);
    this.world.log.push(`app.setLoginItemSettings(${settings.openAtLogin})`);
  }
}

// ---- windows and their contents ----

abstract class Destroyable extends EventEmitter {
  protected destroyedFlag = false;
  isDestroyed(): boolean {
    return this.destroyedFlag;
  }
  protected alive(): void {
    if (this.destroyedFlag) throw new DestroyedError(this.constructor.name);
  }
}

type WebContentsSurface = Pick<
  Electron.WebContents,
  "id" | "send" | "getURL" | "setWindowOpenHandler" | "isDestroyed" | "executeJavaScript"
>;

export class FakeWebContents extends Destroyable implements WebContentsSurface {
  readonly id: number;
  private url = "";
  private readonly rendererListeners = new Map<
    string,
    Set<(event: unknown, ...args: unknown[]) => void>
  >();
  /** What the preload put into the page's world with contextBridge. */
  readonly mainWorld: Record<string, unknown> = {};
  windowOpenHandler: ((details: Electron.HandlerDetails) => unknown) | undefined;
  preloadError: unknown;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly world: ElectronWorld,
    readonly preferences: Electron.WebPreferences,
  ) {
    super();
    this.id = world.newWebContentsId();
  }
  getURL(): string {
    this.alive();
    return this.url;
  }
  setWindowOpenHandler(handler: (details: Electron.HandlerDetails) => unknown): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.alive();
    const cloned = structuredClone(args);
    setImmediate(() => {
      for (const listener of this.rendererListeners.get(channel) ?? []) listener({}, ...cloned);
    });
  }
  destroyNow(): void {
    this.destroyedFlag = true;
    this.emit("destroyed");
  }

  /**
   * Runs `code` in the page's main world: what the preload exposed there and `location`. A
   * thrown error or a rejected promise rejects; the result comes back structured-cloned.
   */
  async executeJavaScript(code: string): Promise<unknown> {
    this.alive();
    // electron.d.ts: "Code execution will be suspended until web page stop loading."
    await this.loading;
    const page = vm.createContext({ ...this.mainWorld, location: { href: this.url } });
    (page as { window?: unknown }).window = page;
    try {
      const result: unknown = await (vm.runInContext(code, page) as unknown);
      return structuredClone(result);
    } catch (error) {
      throw new Error((error as { message?: string }).message ?? String(error));
    }
  }

  load(url: string): Promise<void> {
    this.alive();
    const loading = this.loadPage(url).finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  private async loadPage(url: string): Promise<void> {
    const load: PageLoad = { url, ok: false, assets: [] };
    this.world.pageLoads.push(load);
    const parsed = new URL(url);
    let html: string | undefined;
    if (parsed.protocol === "file:") {
      html = this.loadFile(parsed, load);
    } else if (this.world.protocolHandlers.has(parsed.protocol.slice(0, -1))) {
      html = await this.loadFromHandler(url, load);
    } else {
      load.problem = `Nothing serves ${parsed.protocol}// in the contract harness`;
    }
    if (html === undefined) return;
    load.ok = true;
    this.url = url;
    this.runPreload();
    this.emit("did-finish-load");
  }

  private loadFile(url: URL, load: PageLoad): string | undefined {
    const file = decodeURIComponent(url.pathname);
    if (!this.world.options.grantFileProtocolExtraPrivileges && /\.asar[/\\]/.test(file)) {
      load.problem = "file:// cannot read inside app.asar with the file-protocol fuse off";
      return undefined;
    }
    const html = readFileSync(file, "utf8");
    if (/<script[^>]*type="module"/.test(html)) {
      load.problem = "module scripts from file:// (origin null) are blocked by CORS";
      return undefined;
    }
    return html;
  }

  private async loadFromHandler(url: string, load: PageLoad): Promise<string | undefined> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const privileges = this.world.privilegedSchemes.find((s) => s.scheme === scheme)?.privileges;
    if (!privileges?.standard || !privileges.secure) {
      load.problem = `${scheme}:// is not registered as a standard, secure scheme: no origin, no 'self'`;
      return undefined;
    }
    const page = await this.world.fetch(url);
    load.assets.push({ url, status: page.status, type: page.headers.get("content-type") });
    if (page.status !== 200) {
      load.problem = `the page answered ${page.status}`;
      return undefined;
    }
    const html = await page.text();
    const refs = [
      ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
      ...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g),
    ].map((m) => new URL(m[1]!, url).toString());
    for (const ref of refs) {
      const asset = await this.world.fetch(ref);
      load.assets.push({ url: ref, status: asset.status, type: asset.headers.get("content-type") });
    }
    const bad = load.assets.find((a) => a.status !== 200);
    if (bad) {
      load.problem = `${bad.url} answered ${bad.status}`;
      return undefined;
    }
    return html;
  }

  /** The preload in a realm of its own, as a sandboxed, context-isolated preload runs. */
  private runPreload(): void {
    const file = this.preferences.preload;
    if (!file) return;
    if (this.preferences.sandbox !== true || this.preferences.contextIsolation === false) {
      this.preloadError = new Error("The harness runs only sandboxed, context-isolated preloads");
      return;
    }
    const electronForRenderer = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => {
          this.mainWorld[key] = bridgeCopy(api);
        },
      },
      ipcRenderer: {
        invoke: (channel: string, ...args: unknown[]) => this.invoke(channel, args),
        on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
          const set = this.rendererListeners.get(channel) ?? new Set();
          set.add(listener);
          this.rendererListeners.set(channel, set);
        },
        removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
          this.rendererListeners.get(channel)?.delete(listener),
      },
    };
    const requirable: Record<string, unknown> = {
      electron: electronForRenderer,
      events: EventEmitter,
      timers: { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate },
      url: { URL, URLSearchParams },
    };
    const sandboxRequire = (id: string) => {
      if (!(id in requirable)) throw new Error(`module not found: ${id}`);
      return requirable[id];
    };
    const context = vm.createContext({
      console,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
    });
    const source = readFileSync(file, "utf8");
    const wrapper = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname, process, global) {${source}\n})`,
      context,
      { filename: file },
    ) as (...args: unknown[]) => void;
    const module = { exports: {} };
    const process = {
      platform: this.world.options.platform,
      env: {},
      sandboxed: true,
      contextIsolated: true,
      type: "renderer",
    };
    try {
      wrapper(module.exports, sandboxRequire, module, file, path.dirname(file), process, context);
    } catch (error) {
      this.preloadError = error;
    }
  }

  private async invoke(channel: string, args: unknown[]): Promise<unknown> {
    const cloned = structuredClone(args);
    await nextTask();
    if (this.destroyedFlag) throw new Error("The window was destroyed");
    const handler = this.world.ipcHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = {
      sender: this,
      senderFrame: { url: this.url },
      processId: 1,
      frameId: 1,
    };
    let result: unknown;
    try {
      result = await handler(event, ...cloned);
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
    const out = structuredClone(result);
    await nextTask();
    return out;
  }
}

/**
 * contextBridge's copy: values are copied, functions and promises proxied, prototypes dropped.
 * The preload's values come from its own realm, so nothing here may rely on `instanceof`.
 */
function bridgeCopy(value: unknown): unknown {
  if (typeof value === "function") {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridgeCopy(fn(...args.map(bridgeCopy)));
  }
  if (value === null || typeof value !== "object") return value;
  if (typeof (value as { then?: unknown }).then === "function")
    return Promise.resolve(value as PromiseLike<unknown>).then(bridgeCopy, (error: unknown) => {
      throw bridgeCopy(error);
    });
  if (Object.prototype.toString.call(value) === "[object Error]")
    return new Error((value as { message: string }).message);
  if (Array.isArray(value)) return value.map(bridgeCopy);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bridgeCopy(v)]));
}

type WindowSurface = Pick<
  Electron.BrowserWindow,
  | "loadURL"
  | "show"
  | "hide"
  | "focus"
  | "isVisible"
  | "setPosition"
  | "getPosition"
  | "setContentProtection"
  | "destroy"
  | "isDestroyed"
>;

export class FakeBrowserWindow extends Destroyable implements WindowSurface {
  readonly webContents: FakeWebContents;
  visible = false;
  contentProtection = false;
  private position: [number, number] = [0, 0];

  constructor(
    private readonly world: ElectronWorld,
    readonly options: Electron.BrowserWindowConstructorOptions,
  ) {
    super();
    world.requireReady("BrowserWindow");
    this.webContents = new FakeWebContents(world, options.webPreferences ?? {});
    world.windows.push(this);
    world.app.emit("web-contents-created", makeEvent(), this.webContents);
  }
  /** electron.d.ts: resolves when the page has finished loading, rejects if it fails to. */
  async loadURL(url: string): Promise<void> {
    this.alive();
    const loading = this.webContents.load(url);
    this.world.loads.push(loading);
    await loading;
    const load = this.world.pageLoads.findLast((l) => l.url === url);
    if (!load?.ok) throw new Error(`ERR_FAILED (-2) loading '${url}': ${load?.problem ?? ""}`);
  }
  show(): void {
    this.alive();
    this.visible = true;
    this.emit("show");
  }
  hide(): void {
    this.alive();
    this.visible = false;
    this.emit("hide");
  }
  focus(): void {
    this.alive();
  }
  isVisible(): boolean {
    this.alive();
    return this.visible;
  }
  setPosition(x: number, y: number): void {
    this.alive();
    this.position = [x, y];
  }
  getPosition(): number[] {
    this.alive();
    return [...this.position];
  }
  setContentProtection(enable: boolean): void {
    this.alive();
    this.contentProtection = enable;
  }
  destroy(): void {
    if (this.destroyedFlag) return;
    this.destroyedFlag = true;
    this.webContents.destroyNow();
    this.emit("closed");
  }
  /** The user closes the window (its close button, Alt+F4). */
  userClose(): void {
    const event = makeEvent();
    this.emit("close", event);
    if (!event.defaultPrevented) this.destroy();
  }
  blur(): void {
    this.emit("blur");
  }
}

// ---- tray, menus, images ----

export class FakeMenu {
  constructor(readonly items: Electron.MenuItemConstructorOptions[]) {}
  /** A click on the item with this label, anywhere in the menu. */
  click(label: string | RegExp): void {
    const find = (
      items: Electron.MenuItemConstructorOptions[],
    ): (typeof items)[number] | undefined => {
      for (const item of items) {
        const matches =
          typeof label === "string" ? item.label === label : label.test(item.label ?? "");
        if (matches) return item;
        const sub = Array.isArray(item.submenu) ? find(item.submenu) : undefined;
        if (sub) return sub;
      }
      return undefined;
    };
    const item = find(this.items);
    if (!item?.click) throw new Error(`No menu item ${String(label)} with a click handler`);
    item.click({} as Electron.MenuItem, undefined, {} as Electron.KeyboardEvent);
  }
  labels(): string[] {
    return this.items.map((item) => item.label ?? item.role ?? item.type ?? "");
  }
}

type TraySurface = Pick<
  Electron.Tray,
  | "setImage"
  | "setToolTip"
  | "setContextMenu"
  | "popUpContextMenu"
  | "getBounds"
  | "destroy"
  | "isDestroyed"
>;

export class FakeTray extends Destroyable implements TraySurface {
  image: FakeImage;
  tooltip = "";
  contextMenu: FakeMenu | null = null;
  poppedUp: FakeMenu[] = [];

  constructor(
    private readonly world: ElectronWorld,
    image: FakeImage,
  ) {
    super();
    world.requireReady("Tray");
    this.image = image;
    world.trays.push(this);
  }
  setImage(image: string | Electron.NativeImage): void {
    this.alive();
    this.image = typeof image === "string" ? new FakeImage(image) : (image as unknown as FakeImage);
  }
  setToolTip(toolTip: string): void {
    this.alive();
    this.tooltip = toolTip;
  }
  setContextMenu(menu: Electron.Menu | null): void {
    this.alive();
    this.contextMenu = menu as unknown as FakeMenu | null;
  }
  popUpContextMenu(menu?: Electron.Menu): void {
    this.alive();
    const shown = (menu as unknown as FakeMenu | undefined) ?? this.contextMenu;
    if (shown) {
      this.poppedUp.push(shown);
      this.world.contextMenusShown += 1;
    }
  }
  getBounds(): Rect {
    this.alive();
    return this.world.options.trayBounds ?? { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy(): void {
    this.alive();
    this.destroyedFlag = true;
  }
  /** A left click, as each platform delivers it. */
  leftClick(): void {
    this.alive();
    const platform = this.world.options.platform;
    if (platform === "linux") {
      // AppIndicator sends no click: it shows the context menu.
      if (this.contextMenu) this.world.contextMenusShown += 1;
      return;
    }
    // macOS shows a tray's context menu on a left click too.
    if (platform === "darwin" && this.contextMenu) this.world.contextMenusShown += 1;
    this.emit("click", makeEvent(), this.getBounds(), { x: 0, y: 0 });
  }
  rightClick(): void {
    this.alive();
    // Every platform shows a context menu that was set with setContextMenu on a right click.
    if (this.contextMenu) this.world.contextMenusShown += 1;
    this.emit("right-click", makeEvent(), this.getBounds());
  }
}

export class FakeImage {
  template = false;
  constructor(readonly file: string) {}
  isEmpty(): boolean {
    return !existsSync(this.file);
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
  }
}

// ---- notifications ----

type NotificationSurface = Pick<Electron.Notification, "show" | "close">;

export class FakeNotification extends EventEmitter implements NotificationSurface {
  static isSupported(): boolean {
    return true;
  }
  constructor(
    private readonly world: ElectronWorld,
    readonly options: Electron.NotificationConstructorOptions,
  ) {
    super();
    world.requireReady("Notification");
  }
  show(): void {
    // Electron keeps no strong reference to a shown notification.
    this.world.notifications.push({
      title: this.options.title ?? "",
      body: this.options.body ?? "",
      ref: new WeakRef(this),
    });
  }
  close(): void {
    this.emit("close", makeEvent());
  }
}

// ---- the module ----

function buildModule(world: ElectronWorld): Record<string, unknown> {
  const app = world.app;
  const ipcMain: Pick<Electron.IpcMain, "handle" | "removeHandler"> = {
    handle(channel, listener) {
      if (world.ipcHandlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      world.ipcHandlers.set(channel, listener as (...args: unknown[]) => unknown);
    },
    removeHandler(channel) {
      world.ipcHandlers.delete(channel);
    },
  };
  const globalShortcut: Pick<
    Electron.GlobalShortcut,
    "register" | "unregister" | "unregisterAll" | "isRegistered"
  > = {
    register(accelerator, callback) {
      world.requireReady("globalShortcut");
      if (
        !electronParsesAccelerator(accelerator) ||
        world.options.refusedShortcuts?.includes(accelerator)
      )
        throw new TypeError(
          `Error processing argument at index 0, conversion failure from ${accelerator}`,
        );
      if (world.options.takenShortcuts?.includes(accelerator)) return false;
      world.shortcuts.set(accelerator, callback);
      world.log.push(`globalShortcut.register(${accelerator})`);
      return true;
    },
    unregister(accelerator) {
      world.shortcuts.delete(accelerator);
      world.log.push(`globalShortcut.unregister(${accelerator})`);
    },
    unregisterAll() {
      world.shortcuts.clear();
      world.log.push("globalShortcut.unregisterAll");
    },
    isRegistered(accelerator) {
      return world.shortcuts.has(accelerator);
    },
  };
  const protocol: Pick<Electron.Protocol, "registerSchemesAsPrivileged" | "handle"> = {
    registerSchemesAsPrivileged(schemes) {
      if (world.ready)
        throw new Error(
          "protocol.registerSchemesAsPrivileged should be called before app is ready",
        );
      world.privilegedSchemes.push(...schemes);
      world.log.push("protocol.registerSchemesAsPrivileged");
    },
    handle(scheme, handler) {
      world.requireReady("protocol.handle");
      if (world.protocolHandlers.has(scheme))
        throw new Error(`Failed to register protocol: ${scheme}`);
      world.protocolHandlers.set(scheme, handler as (request: Request) => Response);
    },
  };
  const defaultSession = {
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    webRequest: { onHeadersReceived: () => undefined },
  };
  const screen: Pick<Electron.Screen, "getCursorScreenPoint" | "getDisplayNearestPoint"> = {
    getCursorScreenPoint() {
      world.requireReady("screen");
      return world.options.cursor ?? { x: 0, y: 0 };
    },
    getDisplayNearestPoint() {
      world.requireReady("screen");
      const display = world.options.display ?? {
        bounds: { x: 0, y: 0, width: 1920, height: 1080 },
        workArea: { x: 0, y: 0, width: 1920, height: 1040 },
      };
      return display as Electron.Display;
    },
  };
  const clipboard: Pick<Electron.Clipboard, "readText" | "writeText"> = {
    async readText() {
      await nextTask();
      return world.clipboardText;
    },
    async writeText(text) {
      await nextTask();
      world.clipboardText = text;
    },
  };
  const shell: Pick<Electron.Shell, "openExternal"> = {
    async openExternal(url) {
      world.openedExternal.push(url);
    },
  };
  const safeStorage: Pick<
    Electron.SafeStorage,
    "isEncryptionAvailable" | "getSelectedStorageBackend" | "encryptString" | "decryptString"
  > = {
    isEncryptionAvailable: () => false,
    getSelectedStorageBackend: () => "basic_text",
    encryptString: () => {
      throw new Error("Encryption is not available.");
    },
    decryptString: () => {
      throw new Error("Encryption is not available.");
    },
  };
  const dialog: Pick<Electron.Dialog, "showErrorBox"> = {
    showErrorBox(title, content) {
      world.errorBoxes.push({ title, content });
    },
  };
  const Menu = {
    buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => new FakeMenu(template),
    setApplicationMenu: (menu: FakeMenu | null) => {
      world.applicationMenu = menu;
    },
  };
  const nativeImage = { createFromPath: (file: string) => new FakeImage(file) };
  return {
    app,
    ipcMain,
    globalShortcut,
    protocol,
    get session() {
      world.requireReady("session");
      return { defaultSession };
    },
    screen,
    clipboard,
    shell,
    safeStorage,
    dialog,
    Menu,
    nativeImage,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: Electron.BrowserWindowConstructorOptions) {
        super(world, options);
      }
    },
    Tray: class extends FakeTray {
      constructor(image: FakeImage) {
        super(world, image);
      }
    },
    Notification: class extends FakeNotification {
      constructor(options: Electron.NotificationConstructorOptions) {
        super(world, options);
      }
    },
  };
}

/** Anything the app asks of `electron` that the harness does not model fails loudly. */
function guardModule(module: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(module, {
    get(target, key) {
      if (typeof key === "symbol" || key === "__esModule" || key === "default" || key === "then")
        return Reflect.get(target, key);
      if (!(key in target))
        throw new Error(`electron.${key} is used but the contract harness does not model it`);
      return Reflect.get(target, key);
    },
  });
}
