// Electron security checklist, "Validate the sender of all IPC messages": only our own windows,
// showing our own page, may call the service. Pure, so it is tested without Electron.

export interface SenderInfo {
  /** webContents id of the sender. */
  id: number;
  /** URL of the frame that sent the message. */
  frameUrl: string;
}

export function isTrustedSender(
  sender: SenderInfo,
  ownWebContentsIds: ReadonlySet<number>,
  appUrl: string,
): boolean {
  if (!ownWebContentsIds.has(sender.id)) return false;
  let frame: URL;
  let app: URL;
  try {
    frame = new URL(sender.frameUrl);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (frame.protocol !== app.protocol) return false;
  // file:// pages have no origin: compare the path of the page itself.
  if (app.protocol === "file:") return frame.pathname === app.pathname;
  return frame.origin === app.origin;
}
