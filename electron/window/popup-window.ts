// The popup: frameless, placed next to the tray, hidden when it loses focus. `--window` (or
// SSOTRAY_WINDOW=1) makes it an ordinary window for people who prefer one.
import { BrowserWindow, screen, type Tray } from "electron";
import { secureWebPreferences } from "../security/security-restrictions.js";
import { popupPosition } from "./popup-position.js";

const SIZE = { width: 420, height: 640 };
/** `--window`: wide enough for the browsing layout (one line an account, roles beside it). */
const WINDOW_SIZE = { width: 960, height: 680 };
const MIN_SIZE = { minWidth: 380, minHeight: 480 };

export class PopupWindow {
  readonly window: BrowserWindow;
  /** Settles when the first page load does: rejects with Chromium's reason when it failed. */
  readonly loaded: Promise<void>;
  /** Set once the app is quitting: from then on a close really closes. */
  private quitting = false;

  constructor(
    private readonly pageUrl: string,
    preload: string,
    private readonly normalWindow: boolean,
    devTools: boolean,
  ) {
    this.window = new BrowserWindow({
      ...(normalWindow ? { ...WINDOW_SIZE, ...MIN_SIZE } : SIZE),
      show: false,
      frame: normalWindow,
      resizable: normalWindow,
      skipTaskbar: !normalWindow,
      alwaysOnTop: !normalWindow,
      fullscreenable: false,
      title: "SSO Tray",
      webPreferences: secureWebPreferences(preload, devTools),
    });
    if (!normalWindow) this.window.on("blur", () => this.window.hide());
    this.window.on("close", (event) => {
      // Closing hides: the app lives in the tray until Quit. While quitting it must close, or
      // the prevented close cancels app.quit() (Cmd+Q, SIGTERM, logout, shutdown).
      if (this.quitting) return;
      event.preventDefault();
      this.window.hide();
    });
    this.loaded = this.window.loadURL(this.pageUrl);
    // A page that fails to load shows as a blank popup; only the self-test asks why.
    this.loaded.catch(() => undefined);
  }

  /** From `before-quit` on: closing the window no longer hides it. */
  allowClose(): void {
    this.quitting = true;
  }

  show(tray?: Tray): void {
    if (this.window.isDestroyed()) return;
    if (!this.normalWindow) {
      const cursor = screen.getCursorScreenPoint();
      const bounds = tray?.getBounds();
      const display = screen.getDisplayNearestPoint(
        bounds && bounds.width > 0 ? { x: bounds.x, y: bounds.y } : cursor,
      );
      const { x, y } = popupPosition(SIZE, display.workArea, display.bounds, bounds, cursor);
      this.window.setPosition(x, y, false);
    }
    this.window.show();
    this.window.focus();
  }

  hide(): void {
    if (!this.window.isDestroyed()) this.window.hide();
  }

  /** Keeps revealed credentials out of screenshots and screen sharing (macOS and Windows). */
  protectContent(on: boolean): void {
    if (!this.window.isDestroyed()) this.window.setContentProtection(on);
  }
}
