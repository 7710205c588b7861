import { spawn } from "node:child_process";
import { chmod, lstat, mkdir, mkdtemp, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, upsertSection } from "./config-file.js";
import { ConfigWriteError, readConfig, updateConfig } from "./config-store.js";

async function home() {
  return mkdtemp(join(tmpdir(), "ssotray-cfg-"));
}

const addProfile = (name: string) => (text: string) =>
  upsertSection(text, "profile", name, { region: "eu-west-1" });

describe("updateConfig", () => {
  it("creates ~/.aws and the file with mode 0600 when neither exists", async () => {
    const HOME = await home();
    const result = await updateConfig({ HOME }, addProfile("a"));
    expect(result.changed).toBe(true);
    const file = join(HOME, ".aws", "config");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toBe("[profile a]\nregion = eu-west-1\n");
    expect((await readConfig({ HOME })).sections.map((s) => s.name)).toEqual(["a"]);
  });

  it("keeps the file's mode, leaves one backup of the previous content, and writes nothing when nothing changes", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "[default]\nregion = x\n", { mode: 0o640 });
    await chmod(file, 0o640);
    await updateConfig({ HOME, AWS_CONFIG_FILE: file }, addProfile("a"));
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readFile(`${file}.ssotray.bak`, "utf8")).toBe("[default]\nregion = x\n");
    const again = await updateConfig({ HOME, AWS_CONFIG_FILE: file }, addProfile("a"));
    expect(again.changed).toBe(false);
  });

  it("writes through a symlink to its target and keeps the link", async () => {
    const HOME = await home();
    await mkdir(join(HOME, "dotfiles"));
    await mkdir(join(HOME, ".aws"));
    const target = join(HOME, "dotfiles", "aws-config");
    await writeFile(target, "[default]\n");
    await symlink(target, join(HOME, ".aws", "config"));
    await updateConfig({ HOME }, addProfile("linked"));
    expect((await lstat(join(HOME, ".aws", "config"))).isSymbolicLink()).toBe(true);
    expect(await readFile(target, "utf8")).toContain("[profile linked]");
    expect(await readFile(`${target}.ssotray.bak`, "utf8")).toBe("[default]\n");
  });

  it("refuses a read-only file with a message that says what to do, and leaves it untouched", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "[default]\n");
    await chmod(file, 0o444);
    const error = await updateConfig({ HOME, AWS_CONFIG_FILE: file }, addProfile("a")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigWriteError);
    expect((error as Error).message).toMatch(/is read-only: make it writable .* or use --dry-run/);
    expect(await readFile(file, "utf8")).toBe("[default]\n");
  });

  it("never rewrites a malformed file, and says which line is wrong", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "[default]\nnot a setting\n");
    await expect(updateConfig({ HOME, AWS_CONFIG_FILE: file }, addProfile("a"))).rejects.toThrow(
      /cfg line 2: expected 'key = value'/,
    );
    expect(await readFile(file, "utf8")).toBe("[default]\nnot a setting\n");
  });

  it("refuses an edit whose result would not parse", async () => {
    const HOME = await home();
    await expect(updateConfig({ HOME }, () => "garbage\n")).rejects.toThrow(/line 1/);
  });

  it("loses nothing when two processes change the file at once", async () => {
    const HOME = await home();
    const file = join(HOME, "cfg");
    await writeFile(file, "# mine\n[default]\nregion = x\n");
    const script = (prefix: string) => `
      import { updateConfig } from "${join(import.meta.dirname, "config-store.ts")}";
      import { upsertSection } from "${join(import.meta.dirname, "config-file.ts")}";
      for (let i = 0; i < 15; i++) {
        await updateConfig({ HOME: ${JSON.stringify(HOME)}, AWS_CONFIG_FILE: ${JSON.stringify(file)} },
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
