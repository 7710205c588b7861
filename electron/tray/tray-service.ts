// The tray: always a context menu (Linux's AppIndicator shows no icon without one and ignores
// clicks), rebuilt whole from state on every change; the icon and tooltip say how the sessions are.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from "electron";
import path from "node:path";
import type { SessionStatus, Settings } from "../../shared/model.js";
import { trayMenu, type MenuItem, type TrayAction } from "./tray-menu.js";
import { trayIcon, trayIconFile, trayTooltip } from "./tray-status.js";

export class TrayService {
  readonly tray: Tray;

  constructor(
    private readonly iconDir: string,
    private readonly onAction: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(this.image("signed-out"));
    // macOS and Windows: a click opens the popup; Linux never sends it.
    this.tray.on("click", () => onAction({ kind: "open" }));
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
  ): void {
    const now = Date.now();
    this.tray.setImage(this.image(trayIcon(sessions, now, settings.expiryWarningMinutes)));
    this.tray.setToolTip(trayTooltip(sessions, now));
    const template = trayMenu({ sessions, settings, accountNames, now }).map((item) =>
      this.toElectron(item),
    );
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
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
    this.tray.destroy();
  }
}
