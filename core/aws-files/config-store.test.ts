import { spawn } from "node:child_process";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, upsertSection } from "./config-file.js";
import { REFUSED_BYTES } from "../../test-support/config-cases.js";
import { ConfigEncodingError } from "./config-encoding.js";
import { ConfigWriteError, readConfig, updateConfig } from "./config-store.js";
import { canMakeReadOnly, readOnlyFolder } from "../../test-support/read-only-folder.js";
import { resolveLocations } from "../locations.js";

async function home() {
  return mkdtemp(join(tmpdir(), "ssotray-cfg-"));
}

const addProfile = (name: string) => (text: string) =>
  upsertSection(text, "profile", name, { region: "eu-west-1" });

describe("updateConfig", () => {
  it("creates ~/.aws and the file with mode 0600 when neither exists", async () => {
    const HOME = await home();
    const result = await updateConfig(resolveLocations({ HOME }), addProfile("a"));
    expect(result.changed).toBe(true);
    const file = join(HOME, ".aws", "config");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toBe("[profile a]\nregion = eu-west-1\n");
    expect((await readConfig(resolveLocations({ HOME }))).sections.map((s) => s.name)).toEqual([
      "a",
    ]);
  });

  it("removes, under its lock, what killed writes of the file left, and never a copy the user made", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "[default]\nregion = x\n", { mode: 0o644 });
    const killed = `${file}.ssotray-77-deadbeef.tmp`;
    const killedBackup = `${file}.ssotray.bak.ssotray-78-deadbeef.tmp`;
    const theirs = `${file}.20240101`;
    for (const f of [killed, killedBackup, theirs]) await writeFile(f, "[default]\n");
    // Nothing to change: the leftovers go all the same.
    await updateConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }), (t) => t);
    expect((await readdir(HOME)).sort()).toEqual(["cfg", "cfg.20240101"]);
    await updateConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }), addProfile("a"));
    // The backup is 0600 though the file is 0644: it outlives the edit that made it.
    expect((await stat(`${file}.ssotray.bak`)).mode & 0o777).toBe(0o600);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readFile(theirs, "utf8")).toBe("[default]\n");
  });

  it("keeps the file's mode, leaves one backup of the previous content, and writes nothing when nothing changes", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "[default]\nregion = x\n", { mode: 0o640 });
    await chmod(file, 0o640);
    await updateConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }), addProfile("a"));
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readFile(`${file}.ssotray.bak`, "utf8")).toBe("[default]\nregion = x\n");
    const again = await updateConfig(
      resolveLocations({ HOME, AWS_CONFIG_FILE: file }),
      addProfile("a"),
    );
    expect(again.changed).toBe(false);
  });

  it("writes through a symlink to its target, keeps the link, and backs up beside the link", async () => {
    const HOME = await home();
    await mkdir(join(HOME, "dotfiles"));
    await mkdir(join(HOME, ".aws"));
    const target = join(HOME, "dotfiles", "aws-config");
    await writeFile(target, "[default]\n");
    await symlink(target, join(HOME, ".aws", "config"));
    await updateConfig(resolveLocations({ HOME }), addProfile("linked"));
    expect((await lstat(join(HOME, ".aws", "config"))).isSymbolicLink()).toBe(true);
    expect(await readFile(target, "utf8")).toContain("[profile linked]");
    // The dotfiles folder (often a git repository) gets no stray copy.
    expect(await readdir(join(HOME, "dotfiles"))).toEqual(["aws-config"]);
    const backup = join(HOME, ".aws", "config.ssotray.bak");
    expect((await lstat(backup)).isFile()).toBe(true);
    expect(await readFile(backup, "utf8")).toBe("[default]\n");
  });

  it("keeps the backup a byte copy of the file, and writes unchanged bytes back as they were", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    const original = Buffer.from("# caf\u00e9 \u2603 \u{1F600}\r\n[default]\r\nregion = x\r\n");
    await writeFile(file, original);
    await updateConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }), addProfile("a"));
    expect((await readFile(`${file}.ssotray.bak`)).equals(original)).toBe(true);
    const after = await readFile(file);
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
  });

  it("refuses a file that is not UTF-8, naming the line and byte, and changes nothing", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, REFUSED_BYTES.latin1Comment);
    const error = await updateConfig(
      resolveLocations({ HOME, AWS_CONFIG_FILE: file }),
      addProfile("a"),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigEncodingError);
    expect((error as Error).message).toBe(
      `~/cfg line 1 (byte 5): the byte 0xe9 is not UTF-8 text, which the AWS CLI cannot read. Save the file as UTF-8 (or replace that character); SSO Tray has not changed the file.`,
    );
    expect((await readFile(file)).equals(REFUSED_BYTES.latin1Comment)).toBe(true);
    await expect(stat(`${file}.ssotray.bak`)).rejects.toThrow(/ENOENT/);
    await expect(readConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }))).rejects.toThrow(
      /line 1 \(byte 5\)/,
    );
    await writeFile(file, REFUSED_BYTES.truncatedSequence);
    await expect(readConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }))).rejects.toThrow(
      /line 2 \(byte 14\): the byte 0xe2/,
    );
    await writeFile(file, Buffer.from("[a]\rx = 1\r\n[b]\ry = \xff\n", "latin1"));
    await expect(readConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }))).rejects.toThrow(
      /line 4 \(byte 19\): the byte 0xff/,
    );
  });

  it("asks for a UTF-16 file to be saved as UTF-8, without a NUL byte in the message", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    const utf16NoBom = Buffer.from("[default]\n", "utf16le");
    for (const bytes of [REFUSED_BYTES.utf16le, REFUSED_BYTES.utf16be, utf16NoBom]) {
      await writeFile(file, bytes);
      const error = await readConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file })).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe(
        `~/cfg is saved as UTF-16, which the AWS CLI cannot read: save it as UTF-8 (in most editors: Save As, encoding UTF-8). SSO Tray has not changed the file.`,
      );
    }
  });

  it("refuses a read-only file with a message that says what to do, and leaves it untouched", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "[default]\n");
    await chmod(file, 0o444);
    const error = await updateConfig(
      resolveLocations({ HOME, AWS_CONFIG_FILE: file }),
      addProfile("a"),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigWriteError);
    // Said to `login` too, which has no --dry-run: the message offers only what always applies.
    expect((error as Error).message).toBe(
      `~/cfg is read-only: make it writable (chmod u+w ${file}) and try again. Nothing was changed.`,
    );
    expect(await readFile(file, "utf8")).toBe("[default]\n");
  });

  it.skipIf(!canMakeReadOnly)(
    "says which folder is not writable and how to fix it, not that another program holds it",
    async () => {
      const HOME = await home();
      const aws = join(HOME, ".aws");
      await mkdir(aws);
      await writeFile(join(aws, "config"), "[default]\n");
      const undo = await readOnlyFolder(aws);
      let error: unknown;
      try {
        error = await updateConfig(resolveLocations({ HOME }), addProfile("a")).catch(
          (e: unknown) => e,
        );
      } finally {
        await undo();
      }
      expect(error).toBeInstanceOf(ConfigWriteError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^~/\\.aws is not writable for you \\((EACCES|EPERM)\\), so ~/\\.aws/config cannot be written: make it writable \\(chmod u\\+w ${aws}; if it is marked immutable, chattr -i ${aws}\\) and try again\\. Nothing was changed\\.$`,
        ),
      );
      expect(await readFile(join(aws, "config"), "utf8")).toBe("[default]\n");
      expect(await readdir(aws)).toEqual(["config"]);
    },
  );

  it("says when ~/.aws is a file where a folder should be", async () => {
    const HOME = await home();
    await writeFile(join(HOME, ".aws"), "not a folder\n");
    const error = await updateConfig(resolveLocations({ HOME }), addProfile("a")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigWriteError);
    expect((error as Error).message).toMatch(
      /^~\/\.aws or a folder above it \(.*\) is a file where a folder is needed \((ENOTDIR|EEXIST)\), so ~\/\.aws\/config cannot be written: move that file away and try again\. Nothing was changed\.$/,
    );
  });

  it("never rewrites a malformed file, and says which line is wrong", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "[default]\nnot a setting\n");
    await expect(
      updateConfig(resolveLocations({ HOME, AWS_CONFIG_FILE: file }), addProfile("a")),
    ).rejects.toThrow(/cfg line 2: expected 'key = value'/);
    expect(await readFile(file, "utf8")).toBe("[default]\nnot a setting\n");
  });

  it("refuses an edit whose result would not parse", async () => {
    const HOME = await home();
    await expect(updateConfig(resolveLocations({ HOME }), () => "garbage\n")).rejects.toThrow(
      /line 1/,
    );
  });

  it("loses nothing when two processes change the file at once", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "# mine\n[default]\nregion = x\n");
    const script = (prefix: string) => `
      import { updateConfig } from "${join(import.meta.dirname, "config-store.ts")}";
      import { upsertSection } from "${join(import.meta.dirname, "config-file.ts")}";
      import { resolveLocations } from "${join(import.meta.dirname, "..", "locations.ts")}";
      const at = resolveLocations({ HOME: ${JSON.stringify(HOME)}, AWS_CONFIG_FILE: ${JSON.stringify(file)} });
      for (let i = 0; i < 15; i++) {
        await updateConfig(at,
          (text) => upsertSection(text, "profile", "${prefix}-" + i, { region: "eu-west-1" }));
      }`;
    const run = (prefix: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", "--input-type=module", "-e", script(prefix)],
          { stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(stderr))));
      });
    await Promise.all([run("one"), run("two")]);
    const text = await readFile(file, "utf8");
    const names = parseConfig(text).map((s) => s.name);
    expect(names.filter((n) => n.startsWith("one-"))).toHaveLength(15);
    expect(names.filter((n) => n.startsWith("two-"))).toHaveLength(15);
    expect(text.startsWith("# mine\n[default]\nregion = x\n")).toBe(true);
  }, 60_000);
});
