// The thin layer over electron-updater: configure it safely, check, download with deadlines,
// and install only on the user's click. Every decision is update-policy.ts's and every piece of
// the feed is read by update-info.ts; this file only carries out what they say.
import type { AppUpdater, UpdateCheckResult } from "electron-updater";
import { ApiError, type UpdateReady } from "../../shared/api.js";
import type { UpdateInstaller } from "../../core/service/service.js";
import { readUpdateInfo } from "./update-info.js";
import {
  CHECK_DEADLINE_MS,
  classifyFailure,
  DOWNLOAD_DEADLINE_MS,
  installDecision,
  isNewer,
  UpdateDeadlineError,
  type CheckOutcome,
} from "./update-policy.js";

export interface UpdateServiceDeps {
  /** electron-updater's updater for this platform (its `autoUpdater`), made on first use. */
  createUpdater(): Promise<AppUpdater>;
  /** The running app's version (app.getVersion()). */
  currentVersion: string;
  packaged: boolean;
  /** Sessions whose sign-in is under way (AppService.signInsUnderWay). */
  signInsUnderWay(): readonly string[];
  /** A release is downloaded and verified: offer "Restart to update". */
  onReady(update: UpdateReady): void;
  /**
   * The install the user asked for failed after the call returned (Squirrel.Mac refusing an
   * unsigned app, an installer that would not start): the app stays as it is, and says why.
   */
  onInstallFailed?(message: string): void;
  log?(message: string): void;
  /** Tests shorten these; the app uses update-policy's. */
  checkDeadlineMs?: number;
  downloadDeadlineMs?: number;
}

/** What electron-updater is told, whatever its defaults are or become. */
export function configureUpdater(updater: AppUpdater, log: (message: string) => void): AppUpdater {
  // We download only a release our own checks accept, and install only on the user's click.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  // A web installer's package is not covered by the installer's signature.
  updater.disableWebInstaller = true;
  // Its own notifications and dialogs stay off: the app says what it has to say, once.
  updater.logger = {
    info: (m: unknown) => log(`update: ${String(m)}`),
    warn: (m: unknown) => log(`update warning: ${String(m)}`),
    error: (m: unknown) => log(`update error: ${String(m)}`),
  };
  return updater;
}

export class UpdateService implements UpdateInstaller {
  private updater: AppUpdater | undefined;
  private ready: UpdateReady | undefined;
  private running: Promise<CheckOutcome> | undefined;
  private installing = false;
  private readonly log: (message: string) => void;

  constructor(private readonly deps: UpdateServiceDeps) {
    this.log = deps.log ?? (() => undefined);
  }

  /** The update downloaded and waiting for "Restart to update", if any. */
  get readyUpdate(): UpdateReady | undefined {
    return this.ready;
  }

  /** One check at a time: a second request while one runs gets that one's outcome. */
  check(): Promise<CheckOutcome> {
    if (!this.deps.packaged) return Promise.resolve({ kind: "development" });
    if (this.ready) return Promise.resolve({ kind: "ready", update: this.ready });
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<CheckOutcome> {
    let updater: AppUpdater;
    let result: UpdateCheckResult | null;
    try {
      updater = this.updater ??= this.watch(
        configureUpdater(await this.deps.createUpdater(), this.log),
      );
      result = await withDeadline(
        updater.checkForUpdates(),
        this.deps.checkDeadlineMs ?? CHECK_DEADLINE_MS,
        () => {
          // electron-updater cannot cancel a check, and would hand its hung request to the next
          // one: that updater is left behind, and the next check makes a fresh one.
          this.updater = undefined;
          return new UpdateDeadlineError("check");
        },
      );
    } catch (error) {
      return failed(error);
    }
    if (result === null) return { kind: "unsupported" };
    const feed = readUpdateInfo(result.updateInfo);
    if (!feed.ok)
      return {
        kind: "refused",
        version: String(result.updateInfo.version).slice(0, 64),
        problem: feed.problem,
      };
    if (!result.isUpdateAvailable || !isNewer(feed.update.version, this.deps.currentVersion))
      return { kind: "up-to-date", offered: feed.update.version };

    const { CancellationToken } = await import("electron-updater");
    const cancel = new CancellationToken();
    try {
      // Resolves once the file is downloaded and its sha512 matches the feed's (electron-updater
      // compares as it writes, and throws ERR_CHECKSUM_MISMATCH otherwise).
      await withDeadline(
        updater.downloadUpdate(cancel),
        this.deps.downloadDeadlineMs ?? DOWNLOAD_DEADLINE_MS,
        () => {
          cancel.cancel();
          return new UpdateDeadlineError("download");
        },
      );
    } catch (error) {
      return failed(error);
    }
    this.ready = feed.update;
    this.deps.onReady(feed.update);
    return { kind: "ready", update: feed.update };
  }

  /** electron-updater reports a failed install only as an `error` event. */
  private watch(updater: AppUpdater): AppUpdater {
    updater.on("error", (error: Error) => {
      if (!this.installing) return;
      this.installing = false;
      this.deps.onInstallFailed?.(error.message.split("\n")[0] ?? String(error));
    });
    return updater;
  }

  /** "Restart to update": quits and runs the installer, unless now is not the time. */
  async install(): Promise<void> {
    const decision = installDecision({
      ready: this.ready,
      signInsUnderWay: this.deps.signInsUnderWay(),
    });
    if (decision.kind === "refuse") throw new ApiError("UpdateNotNow", decision.message);
    this.installing = true;
    // isSilent false: the installer may show its progress; isForceRunAfter: SSO Tray comes back.
    this.updater?.quitAndInstall(false, true);
  }
}

function failed(error: unknown): CheckOutcome {
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  return { kind: "failed", failure: classifyFailure(error), message };
}

/** The promise's value, or the deadline's error once `ms` have passed. */
async function withDeadline<T>(work: Promise<T>, ms: number, onDeadline: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onDeadline()), ms);
  });
  // The abandoned work may still fail later: that is no longer anyone's business.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
