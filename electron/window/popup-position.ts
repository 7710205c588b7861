// Where the popup goes: next to the tray icon, inside the display's work area. A pure function of
// rectangles (the menubar library's approach) so every placement is tested without a screen.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Which screen edge the taskbar/menu bar holds, judged from where the tray sits in the work area. */
export type TrayEdge = "top" | "bottom" | "left" | "right";

const MARGIN = 8;

export function trayEdge(tray: Rect, display: Rect, workArea: Rect): TrayEdge {
  if (workArea.y > display.y) return "top";
  if (workArea.x > display.x) return "left";
  if (workArea.width < display.width && workArea.x === display.x) return "right";
  if (workArea.height < display.height) return "bottom";
  // The bar auto-hides: guess from the icon's position on the display.
  const centreY = tray.y + tray.height / 2;
  return centreY < display.y + display.height / 2 ? "top" : "bottom";
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

/**
 * The popup's top-left corner. `tray` is undefined (or all zeros) on Linux, where AppIndicator
 * gives no bounds: the popup then goes near the cursor if known, else the work area's top right.
 */
export function popupPosition(
  window: Size,
  workArea: Rect,
  display: Rect,
  tray?: Rect,
  cursor?: { x: number; y: number },
): { x: number; y: number } {
  const maxX = workArea.x + workArea.width - window.width - MARGIN;
  const maxY = workArea.y + workArea.height - window.height - MARGIN;
  const minX = workArea.x + MARGIN;
  const minY = workArea.y + MARGIN;
  const place = (x: number, y: number) => ({
    x: Math.round(clamp(x, minX, Math.max(minX, maxX))),
    y: Math.round(clamp(y, minY, Math.max(minY, maxY))),
  });

  if (!tray || (tray.width === 0 && tray.height === 0)) {
    if (cursor) return place(cursor.x - window.width / 2, cursor.y + MARGIN);
    return place(maxX, minY);
  }
  const centreX = tray.x + tray.width / 2 - window.width / 2;
  const centreY = tray.y + tray.height / 2 - window.height / 2;
  switch (trayEdge(tray, display, workArea)) {
    case "top":
      return place(centreX, workArea.y + MARGIN);
    case "bottom":
      return place(centreX, workArea.y + workArea.height - window.height - MARGIN);
    case "left":
      return place(workArea.x + MARGIN, centreY);
    case "right":
      return place(workArea.x + workArea.width - window.width - MARGIN, centreY);
  }
}
