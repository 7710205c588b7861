import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rendererFile, rendererResponse } from "./renderer-files.js";

const CSP = "default-src 'none'";
let dir: string;
let root: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-renderer-"));
  root = path.join(dir, "renderer");
  await mkdir(path.join(root, "assets"), { recursive: true });
  await writeFile(path.join(root, "index.html"), "<!doctype html><title>page</title>");
  await writeFile(path.join(root, "assets", "index-abc.js"), "export {};");
  await writeFile(path.join(root, "assets", "notes.txt"), "no type");
  await writeFile(path.join(dir, "secret.json"), '{"accessToken":"x"}');
  await symlink(path.join(dir, "secret.json"), path.join(root, "assets", "link.json"));
  // A sibling whose name starts like the root: a prefix check alone would let it through.
  await mkdir(path.join(dir, "renderer-evil"));
  await writeFile(path.join(dir, "renderer-evil", "x.js"), "evil();");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the app:// scheme", () => {
  it("serves the page and its assets with their types, and the CSP on the page", async () => {
    const page = await rendererResponse(root, "app://sso-tray/index.html", CSP);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(CSP);
    expect(await page.text()).toContain("<title>page</title>");
    const root_ = await rendererResponse(root, "app://sso-tray/", CSP);
    expect(await root_.text()).toContain("<title>page</title>");
    const script = await rendererResponse(root, "app://sso-tray/assets/index-abc.js?v=1", CSP);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("content-security-policy")).toBeNull();
  });

  it.each([
    "app://sso-tray/../secret.json",
    "app://sso-tray/%2e%2e/secret.json",
    "app://sso-tray/assets/%2E%2E%2F..%2Fsecret.json",
    "app://sso-tray/..%5csecret.json",
    "app://sso-tray/assets/link.json",
    "app://sso-tray/../renderer-evil/x.js",
    "app://sso-tray/%2e%2e/renderer-evil/x.js",
    "app://sso-tray/index.html%00.js",
    "app://sso-tray/%E0%A4%A",
    "app://other-host/index.html",
    "app://sso-tray.evil/index.html",
    "file:///etc/passwd",
    "app://sso-tray/missing.js",
  ])("refuses %s", async (url) => {
    expect(await rendererFile(root, url)).toBeUndefined();
    const response = await rendererResponse(root, url, CSP);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/accessToken|evil/);
  });

  it("serves no file of a type the page does not use", async () => {
    expect((await rendererResponse(root, "app://sso-tray/assets/notes.txt", CSP)).status).toBe(404);
  });
});
