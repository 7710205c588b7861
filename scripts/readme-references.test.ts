// Files that send the reader to a README section by name ("README, \"Which Node.js\"") name one
// that exists: a renamed heading otherwise leaves a pointer to nothing.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

describe("references to README sections", () => {
  it("name a heading the README has", () => {
    const headings = new Set(
      readFileSync(path.join(root, "README.md"), "utf8")
        .split("\n")
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => l.replace(/^#+ /, "").trim()),
    );
    const files = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((f) => f && !f.endsWith(".png") && f !== "package-lock.json")
      .filter((f) => f !== "scripts/readme-references.test.ts");
    const references: Array<[string, string]> = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), "utf8");
      } catch {
        continue;
      }
      for (const match of text.matchAll(/README, "([^"]+)"/g)) references.push([file, match[1]!]);
    }
    expect(references).toContainEqual([".npmrc", "Which Node.js"]);
    for (const [file, section] of references)
      expect(headings.has(section), `${file} names README section "${section}"`).toBe(true);
  });
});
