import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IN_CI } from "../../simulator/tools.js";
import { CONTENT_SECURITY_POLICY } from "./content-security-policy.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The content of the page's one Content-Security-Policy meta tag. */
function metaPolicy(file: string): string {
  const html = readFileSync(file, "utf8");
  const tags = [...html.matchAll(/<meta\b[^>]*>/gis)]
    .map((m) => m[0])
    .filter((tag) => /http-equiv\s*=\s*["']Content-Security-Policy["']/i.test(tag));
  expect(tags, `${file} must have exactly one CSP meta tag`).toHaveLength(1);
  const content = /\scontent\s*=\s*"([^"]*)"/i.exec(tags[0]!)?.[1];
  expect(content, `${file}: the CSP meta tag has no content`).toBeDefined();
  return content!;
}

function directives(policy: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of policy
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    expect(map.has(name!), `${name} appears twice`).toBe(false);
    map.set(name!, values.join(" "));
  }
  return map;
}

describe("the Content-Security-Policy", () => {
  it("is the same in the main process's header and in renderer/index.html", () => {
    expect(metaPolicy(path.join(root, "renderer", "index.html"))).toBe(CONTENT_SECURITY_POLICY);
  });

  const built = path.join(root, "dist", "renderer", "index.html");
  // `npm test` builds before it tests, so in CI the built page must be there.
  it.runIf(existsSync(built) || IN_CI)("is the same in the built dist/renderer/index.html", () => {
    expect(metaPolicy(built)).toBe(CONTENT_SECURITY_POLICY);
  });

  it("allows nothing by default, scripts only from the app, and no inline code", () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get("default-src")).toBe("'none'");
    expect(policy.get("script-src")).toBe("'self'");
    expect(policy.get("connect-src")).toBe("'none'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:/);
  });
});
