import { describe, expect, it } from "vitest";
import { popupPosition, trayEdge } from "./popup-position.js";

const window = { width: 420, height: 640 };
const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe("popupPosition", () => {
  it("hangs below a macOS menu bar icon, centred on it", () => {
    const workArea = { x: 0, y: 25, width: 1920, height: 1055 };
    const tray = { x: 1500, y: 0, width: 22, height: 22 };
    expect(trayEdge(tray, display, workArea)).toBe("top");
    expect(popupPosition(window, workArea, display, tray)).toEqual({ x: 1301, y: 33 });
  });

  it("sits above a Windows taskbar icon and stays inside the work area at the screen's edge", () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1900, y: 1045, width: 16, height: 16 };
    expect(popupPosition(window, workArea, display, tray)).toEqual({ x: 1492, y: 392 });
  });

  it("opens beside a taskbar on the left or the right", () => {
    const left = { x: 60, y: 0, width: 1860, height: 1080 };
    expect(popupPosition(window, left, display, { x: 20, y: 900, width: 20, height: 20 })).toEqual({
      x: 68,
      y: 432,
    });
    const right = { x: 0, y: 0, width: 1860, height: 1080 };
    expect(
      popupPosition(window, right, display, { x: 1880, y: 100, width: 20, height: 20 }),
    ).toEqual({ x: 1432, y: 8 });
  });

  it("uses the second display's coordinates", () => {
    const second = { x: 1920, y: 0, width: 2560, height: 1440 };
    const workArea = { x: 1920, y: 0, width: 2560, height: 1400 };
    const pos = popupPosition(window, workArea, second, {
      x: 4400,
      y: 1410,
      width: 20,
      height: 20,
    });
    expect(pos.x).toBeGreaterThanOrEqual(1920);
    expect(pos.x + window.width).toBeLessThanOrEqual(1920 + 2560);
    expect(pos.y + window.height).toBeLessThanOrEqual(1400);
  });

  it("falls back on Linux, where the tray has no bounds: near the cursor, else the top right", () => {
    const workArea = { x: 0, y: 27, width: 1920, height: 1053 };
    const none = { x: 0, y: 0, width: 0, height: 0 };
    expect(popupPosition(window, workArea, display, none, { x: 1800, y: 10 })).toEqual({
      x: 1492,
      y: 35,
    });
    expect(popupPosition(window, workArea, display, undefined)).toEqual({ x: 1492, y: 35 });
  });

  it("never leaves a small screen", () => {
    const tiny = { x: 0, y: 0, width: 400, height: 500 };
    const pos = popupPosition(window, tiny, tiny, { x: 380, y: 480, width: 16, height: 16 });
    expect(pos).toEqual({ x: 8, y: 8 });
  });
});
