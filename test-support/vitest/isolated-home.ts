// vitest setupFiles: every test file runs with a HOME, XDG folders and AWS config of its own, so
// nothing a test runs (our code, the AWS SDK, a shell, Chromium) reads or writes the user's
// ~/.aws, ~/.config or ~/.cache. Tests that need a particular HOME still make their own and pass
// it explicitly; this only makes sure that whatever falls back to process.env lands here.
// TMPDIR points into the same folder, so what a test file makes with os.tmpdir() (homes, caches,
// Chromium's profile) goes when the file ends (vitest runs this afterAll after the file's own).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const home = mkdtempSync(path.join(os.tmpdir(), "ssotray-test-home-"));
const folder = (...parts: string[]) => {
  const dir = path.join(home, ...parts);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
};

Object.assign(process.env, {
  HOME: home,
  USERPROFILE: home,
  XDG_CONFIG_HOME: folder(".config"),
  XDG_CACHE_HOME: folder(".cache"),
  XDG_DATA_HOME: folder(".local", "share"),
  XDG_STATE_HOME: folder(".local", "state"),
  XDG_RUNTIME_DIR: folder("run"),
  TMPDIR: folder("tmp"),
  AWS_CONFIG_FILE: path.join(folder(".aws"), "config"),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"),
  // The SDK must not ask an instance metadata endpoint for credentials or a region.
  AWS_EC2_METADATA_DISABLED: "true",
});
delete process.env.AWS_PROFILE;
delete process.env.AWS_DEFAULT_PROFILE;
delete process.env.SSOTRAY_HOME;

afterAll(() => rmSync(home, { recursive: true, force: true }));
