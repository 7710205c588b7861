// Electron security checklist, "Validate the sender of all IPC messages": only our own windows,
// showing our own page, may call the service. Pure, so it is tested without Electron.

export interface SenderInfo {
  /** webContents id of the sender. */
  id: number;
  /** URL of the frame that sent the message. */
  frameUrl: string;
}

/**
 * scheme://host:port, spelled out: WHATWG URL gives every non-special scheme (our app://) the
 * opaque origin "null", which would make any two such pages look alike.
 */
function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
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
  if (frame.username !== "" || frame.password !== "") return false;
  if (originOf(frame) !== originOf(app)) return false;
  // file:// pages share one origin whatever their path: only the page itself is ours.
  if (app.protocol === "file:") return frame.pathname === app.pathname;
  return true;
}
