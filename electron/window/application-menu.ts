// The application menu. Electron's default one carries Reload and Toggle DevTools accelerators
// that work in the popup; the app needs none of it. macOS is the exception: copy and paste in
// text fields go through the Edit menu's roles there, so it keeps an Edit menu and nothing else.
import { Menu } from "electron";

export function applyApplicationMenu(): void {
  if (process.platform !== "darwin") {
    Menu.setApplicationMenu(null);
    return;
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: "Edit",
        submenu: [
          { role: "undo" },
          { role: "redo" },
          { type: "separator" },
          { role: "cut" },
          { role: "copy" },
          { role: "paste" },
          { role: "selectAll" },
        ],
      },
    ]),
  );
}
