// What "Install command line tool" says once the link is made, in the tray's notification and in
// Settings alike: where it went, whether a terminal finds it, and how to undo it.
import type { CliToolStatus } from "./api.js";

export function cliToolInstalledText(status: CliToolStatus): string {
  const dir = status.link.replace(/[\\/][^\\/]+$/, "");
  const path = status.onPath
    ? "Terminals opened from now on find `ssotray`."
    : `${dir} is not on your PATH yet: add it (or open a new terminal if you just did) to type \`ssotray\`.`;
  return `Linked ssotray as ${status.link}. ${path} To undo it, choose Remove command line tool.`;
}
