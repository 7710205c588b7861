// What reading the AWS CLI's token cache reports for files that are not a good token: each
// problem named with the file, so the user knows what to remove or sign in again for.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  readToken,
  removeToken,
  serializeToken,
  sha1Hex,
  tokenPath,
  type TokenRef,
} from "./token-cache.js";
import { resolveLocations } from "../locations.js";

const session: TokenRef = { kind: "sso-session", session: "acme" };

async function withFile(content: string | "directory") {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ssotray-token-read-"));
  const env = { HOME: dir };
  const file = tokenPath(resolveLocations(env), session);
  await mkdir(path.dirname(file), { recursive: true });
  if (content === "directory") await mkdir(file);
  else await writeFile(file, content);
  return { env, file };
}

describe("reading a token file that is not a good token", () => {
  it("hashes names as Python does, as UTF-8", () => {
    expect(sha1Hex("équipe ☃")).toBe("2d9d132cbfaa4a37701e1c06f50901e3c25da60a");
  });

  it("reports an unreadable file as corrupt, not as missing", async () => {
    const { env, file } = await withFile("directory");
    expect(await readToken(resolveLocations(env), session)).toMatchObject({
      kind: "corrupt",
      path: file,
      problem: expect.stringMatching(new RegExp(`^the cached sign-in ${file} cannot be read \\(`)),
    });
  });

  it("tells an empty file from one cut short", async () => {
    const empty = await withFile(" \n");
    expect(await readToken(resolveLocations(empty.env), session)).toEqual({
      kind: "corrupt",
      path: empty.file,
      problem: `the cached sign-in ${empty.file} is empty`,
    });
    const cut = await withFile('{"accessToken": "a');
    expect(await readToken(resolveLocations(cut.env), session)).toEqual({
      kind: "corrupt",
      path: cut.file,
      problem: `the cached sign-in ${cut.file} is not valid JSON (cut short?)`,
    });
  });

  it("names the key that is missing or wrong", async () => {
    const noToken = await withFile(JSON.stringify({ expiresAt: "2030-01-01T00:00:00Z" }));
    const read = await readToken(resolveLocations(noToken.env), session);
    expect(read.kind).toBe("corrupt");
    expect(read.kind === "corrupt" && read.problem).toMatch(
      new RegExp(`^the cached sign-in ${noToken.file} is incomplete \\(accessToken: .+\\)$`),
    );
    const notObject = await withFile("[]");
    const second = await readToken(resolveLocations(notObject.env), session);
    expect(second.kind === "corrupt" && second.problem).toMatch(/ is incomplete \(Invalid input/);
  });

  it("reads a token without start URL or region as belonging to any instance", async () => {
    const { env } = await withFile(
      JSON.stringify({ accessToken: "a", expiresAt: "2030-01-01T00:00:00Z" }),
    );
    expect(await readToken(resolveLocations(env), session)).toMatchObject({
      kind: "ok",
      token: { startUrl: "", region: "", accessToken: "a" },
    });
  });

  it("writes a token without refresh keys as the AWS CLI does for a legacy profile", () => {
    const text = serializeToken({
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      accessToken: "a",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    });
    expect(JSON.parse(text)).toEqual({
      startUrl: "https://acme.awsapps.com/start",
      region: "eu-west-1",
      accessToken: "a",
      expiresAt: "2030-01-01T00:00:00Z",
    });
  });

  it("removes a token file, and is content when there is none", async () => {
    const { env, file } = await withFile(JSON.stringify({ accessToken: "a", expiresAt: "x" }));
    await removeToken(resolveLocations(env), session);
    expect(await readToken(resolveLocations(env), session)).toEqual({
      kind: "missing",
      path: file,
    });
    await expect(removeToken(resolveLocations(env), session)).resolves.toBeUndefined();
  });
});
