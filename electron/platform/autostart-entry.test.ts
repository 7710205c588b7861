import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { autostartEntry, setAutostart } from "./autostart-entry.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("start at login on Linux", () => {
  it("quotes the command as the Desktop Entry Specification says", () => {
    const entry = autostartEntry(["/opt/SSO Tray/sso-tray", '/home/u/app$HOME`x`"q"\\100%']);
    expect(entry).toContain(
      'Exec="/opt/SSO Tray/sso-tray" "/home/u/app\\$HOME\\`x\\`\\"q\\"\\\\100%%"\n',
    );
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\nName=SSO Tray\n/);
    expect(autostartEntry(["/usr/bin/sso-tray"])).toContain("Exec=/usr/bin/sso-tray\n");
    expect(() => autostartEntry(["/tmp/x\nExec=evil"])).toThrow(/line break/);
  });

  it("writes the entry when turned on and removes it when turned off", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-autostart-"));
    dirs.push(dir);
    const file = path.join(dir, "autostart", "sso-tray.desktop");
    await setAutostart(file, ["/usr/bin/sso-tray"]);
    expect(await readFile(file, "utf8")).toContain("Exec=/usr/bin/sso-tray");
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    await setAutostart(file, null);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    await setAutostart(file, null); // already off: no error
  });
});
