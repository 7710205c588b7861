// A local update feed, as GitHub Releases serves one to electron-updater: latest-linux.yml,
// latest-mac.yml and latest.yml naming the release's files with their sha512, and the files.
// Loopback only, on a port the system picks. What it serves is set per test: a newer release,
// the same or an older one, a file that does not match its sha512, a feed that never answers.
import { createHash } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FeedRelease {
  version: string;
  /** Serve other bytes than those the feed's sha512 describes. */
  tampered?: boolean;
  /** Leave sha512 out of the feed, as a hand-written or damaged feed might. */
  withoutSha512?: boolean;
  notes?: string;
}

export type FeedMode = { kind: "release"; release: FeedRelease } | { kind: "hang" };

/** The file names electron-builder.yml gives the installers (the feeds name them). */
export function releaseFiles(version: string): Record<string, string[]> {
  return {
    "latest-linux.yml": [
      `SSO-Tray-${version}.AppImage`,
      `sso-tray_${version}_amd64.deb`,
      `sso-tray-${version}.x86_64.rpm`,
    ],
    "latest-mac.yml": [`SSO-Tray-${version}-x64.zip`, `SSO-Tray-${version}-arm64.zip`],
    "latest.yml": [`SSO-Tray-Setup-${version}.exe`],
  };
}

/**
 * A file's content: small, different for every name, and a shell script, so that the Linux
 * updater's install (which moves the new AppImage over the running one and starts it) can be
 * seen: started, it leaves "<its path>.started" beside itself.
 */
function content(name: string): Buffer {
  const padding = `# SSO Tray installer stand-in: ${name}\n`.repeat(64);
  return Buffer.from(`#!/bin/sh\n: > "$0.started"\n${padding}`);
}

function sha512(data: Buffer): string {
  return createHash("sha512").update(data).digest("base64");
}

function feedText(release: FeedRelease, files: string[]): string {
  const lines = [`version: ${release.version}`, "files:"];
  for (const name of files) {
    const data = content(name);
    lines.push(`  - url: ${name}`);
    if (!release.withoutSha512) lines.push(`    sha512: ${sha512(data)}`);
    lines.push(`    size: ${data.length}`);
  }
  lines.push(`path: ${files[0]}`);
  if (!release.withoutSha512) lines.push(`sha512: ${sha512(content(files[0]!))}`);
  lines.push(`releaseDate: '2026-12-01T10:00:00.000Z'`);
  if (release.notes !== undefined) lines.push(`releaseNotes: ${JSON.stringify(release.notes)}`);
  return lines.join("\n") + "\n";
}

export class UpdateFeed {
  mode: FeedMode = { kind: "hang" };
  /** Paths asked for, in order (without the query electron-updater adds against caches). */
  readonly requests: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("request", (request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://feed").pathname);
      this.requests.push(path);
      this.answer(path.slice(1), response);
    });
  }

  static async start(): Promise<UpdateFeed> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new UpdateFeed(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  serve(mode: FeedMode): void {
    this.mode = mode;
    this.requests.length = 0;
  }

  private answer(name: string, response: ServerResponse): void {
    // A feed that hangs: the request is read and never answered.
    if (this.mode.kind === "hang") return;
    const release = this.mode.release;
    const files = releaseFiles(release.version);
    const feed = files[name];
    if (feed) {
      response.writeHead(200, { "content-type": "text/yaml" }).end(feedText(release, feed));
      return;
    }
    if (Object.values(files).flat().includes(name)) {
      const data = content(name);
      if (release.tampered)
        data.writeUInt8(data.readUInt8(data.length >> 1) ^ 0xff, data.length >> 1);
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(data);
      return;
    }
    response.writeHead(404).end();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
