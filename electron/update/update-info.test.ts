import { describe, expect, it } from "vitest";
import { NOTES_LIMIT, readUpdateInfo, releaseNotesText } from "./update-info.js";

const sha512 = "A".repeat(86) + "==";
const info = (extra: object = {}) => ({
  version: "1.5.0",
  files: [{ url: "SSO-Tray-1.5.0.AppImage", sha512, size: 10 }],
  releaseDate: "2026-12-01T10:00:00.000Z",
  ...extra,
});

describe("readUpdateInfo", () => {
  it("reads the version, the notes as text and the date", () => {
    expect(readUpdateInfo(info({ releaseNotes: "<ul><li>One</li><li>Two</li></ul>" }))).toEqual({
      ok: true,
      update: { version: "1.5.0", notes: "• One\n• Two", releaseDate: "2026-12-01T10:00:00.000Z" },
    });
  });

  it("refuses a release with a file it could not verify", () => {
    const noSha = readUpdateInfo(info({ files: [{ url: "a.AppImage", size: 1 }] }));
    expect(noSha).toEqual({
      ok: false,
      problem: expect.stringContaining(
        "files.0.sha512: a file without a sha512 cannot be verified",
      ),
    });
    expect(readUpdateInfo(info({ files: [{ url: "a", sha512: "abc" }] }))).toMatchObject({
      ok: false,
    });
    expect(readUpdateInfo(info({ files: [] }))).toMatchObject({ ok: false });
  });

  it("leaves out a date it cannot read", () => {
    const read = readUpdateInfo(info({ releaseDate: "soon" }));
    expect(read.ok && read.update.releaseDate).toBeUndefined();
  });
});

describe("releaseNotesText", () => {
  it("turns GitHub's HTML into plain lines, entities decoded", () => {
    expect(releaseNotesText("<h2>New</h2><p>Tray &amp; popup&nbsp;fixes</p><p>&lt;b&gt;</p>")).toBe(
      "New\nTray & popup fixes\n<b>",
    );
  });

  it("lists a full changelog by version, and falls back to the release name", () => {
    expect(
      releaseNotesText([
        { version: "1.5.0", note: "B" },
        { version: "1.4.1", note: null },
      ]),
    ).toBe("1.5.0: B\n1.4.1:");
    expect(releaseNotesText(null, "Winter release")).toBe("Winter release");
  });

  it("drops invisible characters and shortens long notes", () => {
    expect(releaseNotesText("sand\u200bbox")).toBe("sandbox");
    const long = releaseNotesText("x".repeat(NOTES_LIMIT * 2));
    expect(long).toHaveLength(NOTES_LIMIT);
    expect(long.endsWith("…")).toBe(true);
  });
});
