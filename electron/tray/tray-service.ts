// The tray: always a context menu (Linux's AppIndicator shows no icon without one and ignores
// clicks), rebuilt whole from state on every change; the icon and tooltip say how the sessions are.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from "electron";
import path from "node:path";
import type { SessionStatus, Settings } from "../../shared/model.js";
import { trayMenu, type MenuItem, type TrayAction } from "./tray-menu.js";
import { trayIcon, trayIconFile, trayTooltip } from "./tray-status.js";

export class TrayService {
  readonly tray: Tray;
  private menu: Menu | undefined;

  constructor(
    private readonly iconDir: string,
    private readonly onAction: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(this.image("signed-out"));
    // macOS and Windows: a click opens the popup; Linux never sends it.
    this.tray.on("click", () => onAction({ kind: "open" }));
    // macOS shows a tray's context menu on every click, the left one too, on top of the popup
    // (electron/electron#20445): there the menu is ours to pop up, on a right click only.
    if (process.platform === "darwin")
      this.tray.on("right-click", () => {
        if (this.menu && !this.tray.isDestroyed()) this.tray.popUpContextMenu(this.menu);
      });
  }

  private image(state: ReturnType<typeof trayIcon>) {
    const image = nativeImage.createFromPath(
      path.join(this.iconDir, trayIconFile(state, process.platform)),
    );
    if (process.platform === "darwin") image.setTemplateImage(true);
    return image;
  }

  update(
    sessions: readonly SessionStatus[],
    settings: Settings,
    accountNames: ReadonlyMap<string, string>,
    cliTool?: { available: boolean; installed: boolean },
    updates?: { readyVersion?: string },
  ): void {
    // A late event or timer after Quit: the tray is gone, and touching it would throw.
    if (this.tray.isDestroyed()) return;
    const now = Date.now();
    this.tray.setImage(this.image(trayIcon(sessions, now, settings.expiryWarningMinutes)));
    this.tray.setToolTip(trayTooltip(sessions, now));
    const template = trayMenu({
      sessions,
      settings,
      accountNames,
      now,
      ...(cliTool ? { cliTool } : {}),
      ...(updates ? { updates } : {}),
    }).map((item) => this.toElectron(item));
    this.menu = Menu.buildFromTemplate(template);
    if (process.platform !== "darwin") this.tray.setContextMenu(this.menu);
  }

  private toElectron(item: MenuItem): MenuItemConstructorOptions {
    if (item.type === "separator") return { type: "separator" };
    const action = item.action;
    return {
      label: item.label ?? "",
      enabled: item.enabled ?? true,
      ...(action ? { click: () => this.onAction(action) } : {}),
      ...(item.submenu ? { submenu: item.submenu.map((sub) => this.toElectron(sub)) } : {}),
    };
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
