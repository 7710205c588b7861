// The parts of the `electron` module electron-updater uses, for running its real code in Node:
// app (version, name, paths, ready, quit), net.request (Electron's ClientRequest, over Node's
// http), session.fromPartition and, for macOS's updater, autoUpdater (Squirrel's). Each follows
// Electron's documentation, including what it does not do: a ClientRequest has no 'socket'
// event (so electron-updater's socket timeout never fires in Electron either) and its errors are
// Chromium's net::ERR_… names. Installed as `electron` for Node's require while a test runs.
import { EventEmitter } from "node:events";
import { request as httpRequest, type ClientRequest as NodeRequest } from "node:http";
import Module from "node:module";
import type * as Electron from "electron";

export interface StandInOptions {
  version: string;
  isPackaged: boolean;
  /** Folders app.getPath answers with (userData at least). */
  paths: Partial<Record<Parameters<Electron.App["getPath"]>[0], string>>;
  appPath: string;
}

/** Node's error codes as Chromium's network stack names them in Electron. */
const NET_ERRORS: Record<string, string> = {
  ECONNREFUSED: "net::ERR_CONNECTION_REFUSED",
  ECONNRESET: "net::ERR_CONNECTION_RESET",
  ENOTFOUND: "net::ERR_NAME_NOT_RESOLVED",
  EAI_AGAIN: "net::ERR_NAME_NOT_RESOLVED",
  ENETUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
};

type RequestOptions = Electron.ClientRequestConstructorOptions & {
  headers?: Record<string, string>;
};

/** Electron's ClientRequest: 'response', 'redirect', 'error', 'abort', 'close'; no 'socket'. */
class StandInRequest extends EventEmitter {
  private readonly inner: NodeRequest;
  private aborted = false;

  constructor(options: RequestOptions) {
    super();
    const url = options.url
      ? new URL(options.url)
      : new URL(
          `${options.protocol ?? "http:"}//${options.hostname ?? options.host}${options.port ? `:${options.port}` : ""}${options.path ?? "/"}`,
        );
    if (url.protocol !== "http:")
      throw new Error(`The stand-in speaks only http (${url.protocol})`);
    this.inner = httpRequest(url, {
      method: options.method ?? "GET",
      headers: options.headers ?? {},
    });
    this.inner.on("response", (response) => {
      const status = response.statusCode ?? 0;
      if (
        options.redirect === "manual" &&
        status >= 300 &&
        status < 400 &&
        response.headers.location
      ) {
        this.emit(
          "redirect",
          status,
          options.method ?? "GET",
          response.headers.location,
          response.headers,
        );
        return;
      }
      this.emit("response", response);
    });
    this.inner.on("error", (error: NodeJS.ErrnoException) => {
      if (this.aborted) return;
      this.emit(
        "error",
        new Error(NET_ERRORS[error.code ?? ""] ?? `net::ERR_FAILED (${error.message})`),
      );
    });
    this.inner.on("close", () => this.emit("close"));
  }

  setHeader(name: string, value: string): void {
    this.inner.setHeader(name, value);
  }

  write(chunk: string | Buffer): boolean {
    return this.inner.write(chunk);
  }

  end(chunk?: string | Buffer): this {
    if (chunk === undefined) this.inner.end();
    else this.inner.end(chunk);
    return this;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.inner.destroy();
    this.emit("abort");
  }

  followRedirect(): void {
    throw new Error("The stand-in follows no redirect; electron-updater asks for 'manual'");
  }
}

/** Squirrel's autoUpdater as the documentation describes it; records what it is asked. */
class StandInAutoUpdater extends EventEmitter {
  feed: Electron.FeedURLOptions | undefined;
  readonly calls: string[] = [];
  setFeedURL(options: Electron.FeedURLOptions): void {
    this.feed = options;
    this.calls.push("setFeedURL");
  }
  getFeedURL(): string {
    return this.feed?.url ?? "";
  }
  checkForUpdates(): void {
    this.calls.push("checkForUpdates");
  }
  quitAndInstall(): void {
    this.calls.push("quitAndInstall");
  }
}

export interface ElectronStandIn {
  module: Record<string, unknown>;
  autoUpdater: StandInAutoUpdater;
  quits: number;
  relaunches: number;
}

export function electronForUpdater(options: StandInOptions): ElectronStandIn {
  const events = new EventEmitter();
  const standIn: ElectronStandIn = {
    quits: 0,
    relaunches: 0,
    autoUpdater: new StandInAutoUpdater(),
    module: {},
  };
  const app = {
    isPackaged: options.isPackaged,
    getVersion: () => options.version,
    getName: () => "SSO Tray",
    getAppPath: () => options.appPath,
    getPath(name: Parameters<Electron.App["getPath"]>[0]): string {
      const folder = options.paths[name];
      if (!folder) throw new Error(`Failed to get '${name}' path`);
      return folder;
    },
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    on: (event: string, listener: (...args: unknown[]) => void) => (
      events.on(event, listener),
      app
    ),
    once: (event: string, listener: (...args: unknown[]) => void) => (
      events.once(event, listener),
      app
    ),
    quit: () => {
      standIn.quits++;
    },
    relaunch: () => {
      standIn.relaunches++;
    },
  };
  standIn.module = {
    app,
    net: { request: (o: RequestOptions) => new StandInRequest(o) },
    session: { fromPartition: (partition: string) => ({ partition }) },
    autoUpdater: standIn.autoUpdater,
  };
  return standIn;
}

const loader = Module as unknown as {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
};

/** Answers require("electron") with the stand-in until the returned function is called. */
export function installElectron(standIn: ElectronStandIn): () => void {
  const original = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === "electron") return standIn.module;
    return original.call(this, request, parent, isMain);
  };
  return () => {
    loader._load = original;
  };
}
